// npm run db:up | db:down | db:reset | db:migrate | db:seed | db:codegen
import { ensureDatabase, resetLocalServer, stopLocalServer } from './lib/local-db.mjs';
import { ensureDependencies, fail, info, localEncryptionKey, run, TSX } from './lib/util.mjs';

const command = process.argv[2];
ensureDependencies();

async function tasks(...names) {
  const { url } = await ensureDatabase('dev', { externalUrl: process.env.DATABASE_URL });
  const code = await run(TSX, ['scripts/db-tasks.ts', ...names], {
    env: { ...process.env, DATABASE_URL: url, ENCRYPTION_KEY: localEncryptionKey() },
  });
  if (code !== 0) process.exit(code);
}

switch (command) {
  case 'up': {
    const { url } = await ensureDatabase('dev', { externalUrl: process.env.DATABASE_URL });
    info(`Database ready at ${url}`);
    break;
  }
  case 'down':
    info(
      (await stopLocalServer('dev')) ? 'Local database server stopped.' : 'The local database server was not running.',
    );
    break;
  case 'reset':
    if (process.env.DATABASE_URL) fail('db:reset only resets the project-local server; unset DATABASE_URL first.');
    await resetLocalServer('dev');
    await tasks('migrate', 'seed');
    break;
  case 'migrate':
    await tasks('migrate');
    break;
  case 'seed':
    await tasks('migrate', 'seed');
    break;
  case 'codegen':
    await tasks('migrate', 'codegen');
    break;
  default:
    fail(`Unknown db command "${command}". Use up, down, reset, migrate, seed or codegen.`);
}
