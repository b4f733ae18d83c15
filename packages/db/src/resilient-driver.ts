// Two guards between Kysely and mysql2, so every query of the app gets them without knowing:
// a statement outside a transaction is rerun on a deadlock or lock-wait timeout (a transaction is
// rerun whole by transaction() in retry.ts), and a statement the server never answers ends in an
// error after a timeout instead of hanging the request and its pooled connection for ever.
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  MysqlDialect,
  type MysqlDialectConfig,
  type MysqlPool,
  type MysqlPoolConnection,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Pool, PoolConnection } from 'mysql2';
import { type RetryOptions, retryTransient } from './retry.ts';

class RetryingConnection implements DatabaseConnection {
  inTransaction = false;
  constructor(
    readonly inner: DatabaseConnection,
    readonly onRetry: RetryOptions['onRetry'],
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Inside a transaction InnoDB may have rolled back earlier statements too: only the whole
    // transaction may run again, which is transaction()'s job.
    if (this.inTransaction) return this.inner.executeQuery<R>(query);
    return retryTransient(() => this.inner.executeQuery<R>(query), { onRetry: this.onRetry });
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/** Knows, per connection, whether a transaction is open, which the statement retry depends on. */
class RetryingDriver implements Driver {
  readonly #inner: Driver;
  readonly #onRetry: RetryOptions['onRetry'];
  readonly #connections = new WeakMap<DatabaseConnection, RetryingConnection>();

  constructor(inner: Driver, onRetry: RetryOptions['onRetry']) {
    this.#inner = inner;
    this.#onRetry = onRetry;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.#inner.acquireConnection();
    let connection = this.#connections.get(inner);
    if (!connection) {
      connection = new RetryingConnection(inner, this.#onRetry);
      this.#connections.set(inner, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as RetryingConnection;
    await this.#inner.beginTransaction(c.inner, settings);
    c.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as RetryingConnection;
    try {
      await this.#inner.commitTransaction(c.inner);
    } finally {
      c.inTransaction = false;
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as RetryingConnection;
    try {
      await this.#inner.rollbackTransaction(c.inner);
    } finally {
      c.inTransaction = false;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.#inner.savepoint?.((connection as RetryingConnection).inner, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.#inner.rollbackToSavepoint?.((connection as RetryingConnection).inner, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.#inner.releaseSavepoint?.((connection as RetryingConnection).inner, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as RetryingConnection;
    c.inTransaction = false;
    return this.#inner.releaseConnection(c.inner);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

export class ResilientMysqlDialect extends MysqlDialect {
  readonly #onRetry: RetryOptions['onRetry'];

  constructor(config: MysqlDialectConfig & Pick<RetryOptions, 'onRetry'>) {
    super(config);
    this.#onRetry = config.onRetry;
  }

  override createDriver(): Driver {
    return new RetryingDriver(super.createDriver(), this.#onRetry);
  }
}

function statementTimeout(ms: number): Error {
  return Object.assign(new Error(`The database did not answer within ${ms / 1000} s.`), {
    code: 'DATABASE_STATEMENT_TIMEOUT',
  });
}

/**
 * The pool as Kysely sees it, with a deadline on every statement. A server that stops answering
 * (stopped process, stuck disk, network gone without a reset) keeps TCP alive, so only a deadline
 * notices. The late connection is destroyed, so the pool replaces it; mysql2's own `timeout` query
 * option would hand the stuck connection back to the pool.
 */
export function withStatementTimeout(pool: Pool, timeoutMs: number): MysqlPool {
  const guarded = new WeakMap<PoolConnection, MysqlPoolConnection>();
  const guard = (conn: PoolConnection): MysqlPoolConnection => {
    const known = guarded.get(conn);
    if (known) return known;
    const query = (sql: string, values: unknown[], callback?: (error: unknown, result: unknown) => void) => {
      if (!callback) return conn.query(sql, values);
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        conn.destroy();
        callback(statementTimeout(timeoutMs), undefined);
      }, timeoutMs);
      conn.query(sql, values, (error, result) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        callback(error, result);
      });
    };
    const wrapped = { query, release: () => conn.release() } as MysqlPoolConnection;
    guarded.set(conn, wrapped);
    return wrapped;
  };
  return {
    getConnection: (callback) =>
      pool.getConnection((error, conn) => callback(error, error ? (conn as never) : guard(conn))),
    end: (callback) => pool.end(callback),
  };
}
