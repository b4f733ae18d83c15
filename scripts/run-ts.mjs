// Runs a TypeScript script against the project's database: node scripts/run-ts.mjs <file.ts> [args...]
// DATABASE_URL comes from the environment or the project-local server; ENCRYPTION_KEY likewise from
// the environment or the checkout's key file (.data/encryption.key), as npm start uses them.
import path from 'node:path';
import { ensureDatabase } from './lib/local-db.mjs';
import { ensureDependencies, fail, localEncryptionKey, ROOT, run, TSX } from './lib/util.mjs';

const [file, ...args] = process.argv.slice(2);
if (!file) fail('Usage: node scripts/run-ts.mjs <script.ts> [arguments]');
ensureDependencies();
const { url } = await ensureDatabase('dev', { externalUrl: process.env.DATABASE_URL });
const keyFromFile = !process.env.ENCRYPTION_KEY;
const env = {
  ...process.env,
  DATABASE_URL: url,
  ENCRYPTION_KEY: localEncryptionKey(),
  ...(keyFromFile ? { ENCRYPTION_KEY_FILE: path.join(ROOT, '.data', 'encryption.key') } : {}),
};
process.exit(await run(TSX, [file, ...args], { env }));
