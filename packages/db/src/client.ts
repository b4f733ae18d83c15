import { Kysely } from 'kysely';
import { createPool, type Pool, type PoolOptions } from 'mysql2';
import { ResilientMysqlDialect, withStatementTimeout } from './resilient-driver.ts';
import { type RetryOptions, setRetryListener } from './retry.ts';
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

export interface PoolStats {
  /** connectionLimit: the most connections the pool opens. */
  max: number;
  /** Connections open now, in use or idle. */
  open: number;
  idle: number;
  /** Callers waiting for a connection because all `max` are in use. */
  waiting: number;
}

/**
 * The pool's counters, for metrics. mysql2 has no public API for them, so this reads its fields;
 * null if a mysql2 upgrade renamed them (the metrics test then fails rather than reporting zeros).
 */
export function poolStats(db: Database): PoolStats | null {
  const { pool } = poolOf(db);
  const inner = pool as unknown as {
    config?: { connectionLimit?: number };
    _allConnections?: { length: number };
    _freeConnections?: { length: number };
    _connectionQueue?: { length: number };
  };
  const [all, free, queue] = [inner._allConnections, inner._freeConnections, inner._connectionQueue];
  if (!all || !free || !queue || typeof inner.config?.connectionLimit !== 'number') return null;
  return { max: inner.config.connectionLimit, open: all.length, idle: free.length, waiting: queue.length };
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

export interface DbOptions {
  connectionLimit?: number;
  /**
   * A statement unanswered for this long fails as "database unavailable" and its connection is
   * replaced (0: no limit). Above InnoDB's 50 s lock wait, so only a hung server reaches it.
   */
  statementTimeoutMs?: number;
  /** Told of every rerun after a deadlock or lock-wait timeout (statements and transactions), to log it. */
  onRetry?: RetryOptions['onRetry'];
}

export function createDb(url: string, options: DbOptions = {}): Database {
  const connectionLimit = options.connectionLimit ?? 10;
  const pool = createPool({
    ...parseDatabaseUrl(url),
    connectionLimit,
    // A server that is down refuses at once; one that hangs must not hold a request for mysql2's 10 s.
    connectTimeout: 3_000,
    // TCP keepalive finds peers that vanished without closing the socket; a server that shuts down
    // closes its sockets, and mysql2 then drops those connections from the pool by itself.
    enableKeepAlive: true,
    keepAliveInitialDelay: 10_000,
    // Idle connections beyond half the pool close after a minute, so few stale ones outlive a blip.
    maxIdle: Math.max(2, Math.ceil(connectionLimit / 2)),
    idleTimeout: 60_000,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    dateStrings: false,
    supportBigNumbers: true,
    decimalNumbers: true,
  });
  // Every connection works in UTC so CURRENT_TIMESTAMP matches the Dates the app writes. The callback
  // keeps a connection that dies right here from raising an unhandled 'error' event.
  pool.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00'", () => {});
  });
  const timeoutMs = options.statementTimeoutMs ?? 60_000;
  const db = new Kysely<DB>({
    dialect: new ResilientMysqlDialect({
      pool: timeoutMs > 0 ? withStatementTimeout(pool, timeoutMs) : pool,
      onRetry: options.onRetry,
    }),
  });
  if (options.onRetry) setRetryListener(db, options.onRetry);
  pools.set(db, { pool, database: String(parseDatabaseUrl(url).database) });
  return db;
}
