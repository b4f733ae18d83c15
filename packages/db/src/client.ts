import { Kysely, MysqlDialect } from 'kysely';
import { createPool, type Pool, type PoolOptions } from 'mysql2';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;

// Some libraries (rate-limiter-flexible's MySQL store) need the raw pool behind a Kysely instance.
const pools = new WeakMap<Database, { pool: Pool; database: string }>();

/** The mysql2 pool and database name behind a Database made by createDb. */
export function poolOf(db: Database): { pool: Pool; database: string } {
  const found = pools.get(db);
  if (!found) throw new Error('poolOf() needs a Database created by createDb()');
  return found;
}

/** Parses a mysql:// URL into pool options; throws a readable error naming DATABASE_URL. */
export function parseDatabaseUrl(url: string): PoolOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`DATABASE_URL is not a valid URL (expected mysql://user:pass@host:port/db)`);
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new Error(`DATABASE_URL must start with mysql:// (got ${parsed.protocol}//)`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new Error('DATABASE_URL must name a database, e.g. mysql://root@127.0.0.1:3306/damso');
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username) || 'root',
    password: decodeURIComponent(parsed.password),
    database,
  };
}

export function createDb(url: string, options: { connectionLimit?: number } = {}): Database {
  const pool = createPool({
    ...parseDatabaseUrl(url),
    connectionLimit: options.connectionLimit ?? 10,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    dateStrings: false,
    supportBigNumbers: true,
    decimalNumbers: true,
  });
  // Every connection works in UTC so CURRENT_TIMESTAMP matches the Dates the app writes.
  pool.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool }) });
  pools.set(db, { pool, database: String(parseDatabaseUrl(url).database) });
  return db;
}
