// Database steps run by scripts/db.mjs and scripts/start.mjs once a server is reachable.
// Usage: tsx scripts/db-tasks.ts <migrate|seed|down|codegen|verify-types>...  (DATABASE_URL must be set)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createEncryptor, hashPassword, parseKey } from '@damso/auth';
import { createDb, DEMO_LOGINS, DEMO_PASSWORD, migrateDownAll, migrateToLatest, seedDemoData } from '@damso/db';
import { storageFromEnv } from '@damso/storage';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set');
const root = path.resolve(import.meta.dirname, '..');
const schemaFile = path.join(root, 'packages/db/src/schema.ts');

function codegen(extra: string[]) {
  const bin = path.join(root, 'node_modules/.bin/kysely-codegen');
  const r = spawnSync(
    bin,
    ['--dialect=mysql', `--url=${url}`, `--out-file=${schemaFile}`, '--exclude-pattern=kysely_migration*', ...extra],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) process.exitCode = 1;
}

const db = createDb(url, { connectionLimit: 2 });
try {
  for (const task of process.argv.slice(2)) {
    if (task === 'migrate') {
      const done = await migrateToLatest(db);
      process.stdout.write(done.length ? `Migrated: ${done.join(', ')}\n` : 'Database schema is up to date.\n');
    } else if (task === 'down') {
      const done = await migrateDownAll(db);
      process.stdout.write(`Rolled back: ${done.join(', ') || 'nothing'}\n`);
    } else if (task === 'seed') {
      // The demo pictures go where the server will look for them: UPLOAD_DIR, or the bucket of STORAGE=s3.
      const { store } = storageFromEnv(process.env, path.join(root, '.data/uploads'));
      const key = process.env.ENCRYPTION_KEY;
      const encryptor = key ? createEncryptor(parseKey(key)) : undefined;
      const result = await seedDemoData(db, { storage: store, hashPassword, encryptor });
      process.stdout.write(
        result.seeded
          ? `Loaded the demo data: ${result.offers} offers, ${result.stockCodes} stock codes and ${DEMO_LOGINS.length} users.\n`
          : 'Demo data skipped: the database already has users.\n',
      );
      if (result.seeded) {
        process.stdout.write(
          `Demo logins (password ${DEMO_PASSWORD}): ${DEMO_LOGINS.map((l) => l.email).join(', ')}\n`,
        );
      }
    } else if (task === 'codegen') {
      codegen([]);
    } else if (task === 'verify-types') {
      codegen(['--verify']);
    } else {
      throw new Error(`Unknown task ${task}`);
    }
  }
} finally {
  await db.destroy();
}
