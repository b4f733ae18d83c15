// Test helper: every test file gets its own freshly migrated database on the test server, so files
// run in parallel without seeing each other's rows. The server comes from tests/global-setup.mjs.
import { randomBytes } from 'node:crypto';
import { createPool } from 'mysql2/promise';
import { createDb, type Database, parseDatabaseUrl } from './client.ts';
import { migrateToLatest } from './migrate.ts';

export interface TestDatabase {
  db: Database;
  url: string;
  name: string;
  drop: () => Promise<void>;
}

export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_SERVER_URL;
  if (!url)
    throw new Error('TEST_DATABASE_SERVER_URL is not set: run the tests with npm test or vitest (global setup).');
  return url;
}

/** Creates an empty database (optionally migrated) with a unique name and returns a Kysely for it. */
export async function createTestDatabase({ migrate = true } = {}): Promise<TestDatabase> {
  const server = new URL(testServerUrl());
  const name = `ds_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  // parseDatabaseUrl wants a database name; the admin pool ignores it.
  const { database: _none, ...admin } = parseDatabaseUrl(new URL('/mysql', server).toString());
  const pool = createPool({ ...admin, connectionLimit: 1 });
  await pool.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { connectionLimit: 20 });
  if (migrate) await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    name,
    drop: async () => {
      await db.destroy();
      await pool.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await pool.end();
    },
  };
}
