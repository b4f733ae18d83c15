// Runs a TypeScript script (admin:create, user:set-role, bench, …) against the app's database:
// installs dependencies if needed, brings up the local server unless DATABASE_URL is set.
import { ensureDatabase } from './lib/local-db.mjs';
import { ensureDependencies, fail, localEncryptionKey, run, TSX } from './lib/util.mjs';

const [script, ...args] = process.argv.slice(2);
if (!script) fail('Usage: node scripts/run-ts.mjs <script.ts> [args…]');
ensureDependencies();
const { url } = await ensureDatabase('dev', { externalUrl: process.env.DATABASE_URL });
const code = await run(TSX, [script, ...args], {
  env: { ...process.env, DATABASE_URL: url, ENCRYPTION_KEY: localEncryptionKey() },
});
process.exit(code);
