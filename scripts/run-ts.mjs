// Runs a TypeScript script (admin:create, user:set-role, …) once dependencies and a database are
// ready, like db.mjs: DATABASE_URL when set, otherwise the project-local database server.
import { ensureDatabase } from './lib/local-db.mjs';
import { ensureDependencies, fail, run, TSX } from './lib/util.mjs';

const [script, ...args] = process.argv.slice(2);
if (!script) fail('Usage: node scripts/run-ts.mjs <script.ts> [arguments]');
ensureDependencies();
const { url } = await ensureDatabase('dev', { externalUrl: process.env.DATABASE_URL });
const code = await run(TSX, [script, ...args], { env: { ...process.env, DATABASE_URL: url }, stdio: 'inherit' });
process.exit(code);
