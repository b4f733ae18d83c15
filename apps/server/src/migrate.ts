// npm run migrate:prod (apps/server/dist/migrate.js): applies the pending migrations with the compiled
// code, as one step before new app processes take traffic. It needs only DATABASE_URL (or
// DATABASE_URL_FILE), so it can run with a user allowed to change the schema while the app's is not.
// Kysely holds a GET_LOCK while it migrates, so two of these at once apply each migration once.
import { createDb, migrateToLatest } from '@damso/db';
import { EnvError, readFileVariables } from './env.ts';

function die(message: string): never {
  process.stderr.write(`\n✖ ${message}\n\n`);
  process.exit(1);
}

let url: string | undefined;
try {
  url = readFileVariables(process.env, ['DATABASE_URL']).values.DATABASE_URL;
} catch (error) {
  if (error instanceof EnvError) die(error.message);
  throw error;
}
if (!url) die('DATABASE_URL (or DATABASE_URL_FILE) is required: mysql://user:password@host:port/database');

const db = createDb(url, { connectionLimit: 1 });
try {
  const done = await migrateToLatest(db);
  process.stdout.write(done.length > 0 ? `Migrated: ${done.join(', ')}\n` : 'Database schema is up to date.\n');
} catch (error) {
  const code = (error as { code?: string }).code;
  die(code ? `Cannot migrate the database in DATABASE_URL (${code}).` : (error as Error).message);
} finally {
  await db.destroy();
}
