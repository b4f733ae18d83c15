// What a database error means for the caller, and the one retry policy for InnoDB's transient lock
// errors. InnoDB rolls back the whole unit it picked as a deadlock victim (and, for a lock-wait
// timeout, the statement), so rerunning that unit is the documented answer. The units are:
// a transaction, rerun from its first statement by `transaction()`; a statement outside any
// transaction, rerun by the driver (resilient-driver.ts). Nothing larger is ever rerun, so work
// already committed is never done twice.
import type { Kysely, Transaction } from 'kysely';

interface SqlErrorLike {
  code?: unknown;
  errno?: unknown;
  fatal?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The error and its causes (a TRPCError wraps the driver's error), nearest first. */
function* causes(error: unknown): Generator<SqlErrorLike> {
  let current = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth += 1) {
    yield current as SqlErrorLike;
    current = (current as SqlErrorLike).cause;
  }
}

const DEADLOCK = 1213;
const LOCK_WAIT_TIMEOUT = 1205;
// "Table definition has changed, please retry transaction": a table swapped in (the statistics
// rebuild's RENAME) after this transaction's snapshot was taken. MariaDB may report the handler code.
const TABLE_DEF_CHANGED = new Set([1412, 159]);

/** A deadlock, lock-wait timeout or swapped table: the work was rolled back and may simply be run again. */
export function isTransientLockError(error: unknown): boolean {
  for (const e of causes(error)) {
    if (e.errno === DEADLOCK || e.errno === LOCK_WAIT_TIMEOUT) return true;
    if (e.code === 'ER_LOCK_DEADLOCK' || e.code === 'ER_LOCK_WAIT_TIMEOUT') return true;
    if (typeof e.errno === 'number' && TABLE_DEF_CHANGED.has(e.errno)) return true;
  }
  return false;
}

// Network-level failures reported by Node's sockets and mysql2's protocol layer.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'DATABASE_STATEMENT_TIMEOUT',
]);
// Server answers that mean "not now": too many connections, shutting down, connection killed
// (MariaDB 1927), idle disconnect (MySQL 8 4031), read-only during a failover.
const UNAVAILABLE_ERRNOS = new Set([1040, 1053, 1927, 4031, 1290, 1836, 1792]);

/**
 * True when the database could not be reached or refused to work for now (server down, restarting,
 * hung past the statement timeout, out of connections). Callers answer 503 or back off; nothing
 * about the request itself was wrong.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return true;
    if (typeof e.errno === 'number' && UNAVAILABLE_ERRNOS.has(e.errno)) return true;
    // mysql2 marks every error that broke the connection itself as fatal; SQL errors never are.
    if (e.fatal === true && e.errno === undefined) return true;
    if (e.message === 'Pool is closed.') return true;
  }
  return false;
}

export interface RetryOptions {
  /** Runs in all, the first included. */
  attempts?: number;
  /** Called before each rerun, e.g. to log it. */
  onRetry?: (error: unknown, attempt: number) => void;
  /**
   * Also rerun when the connection dropped or the server was briefly unreachable. Only for work
   * that is safe to repeat even if it did commit (an idempotent mark such as "sent").
   */
  idempotent?: boolean;
}

export const DEFAULT_ATTEMPTS = 4;

type RetryListener = NonNullable<RetryOptions['onRetry']>;
/** createDb's `onRetry`, so transactions on that database report their reruns to the same place. */
const listeners = new WeakMap<object, RetryListener>();

export function setRetryListener(db: object, listener: RetryListener): void {
  listeners.set(db, listener);
}

/** Full jitter (AWS's "exponential backoff and jitter"): two victims rarely collide again. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(400, 25 * 2 ** attempt);
}

/** Runs `work`, rerunning it on a deadlock or lock-wait timeout (and, if idempotent, a lost connection), a bounded number of times. */
export async function retryTransient<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const again = isTransientLockError(error) || (options.idempotent === true && isDatabaseUnavailable(error));
      if (attempt >= attempts || !again) throw error;
      options.onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
}

/**
 * Every transaction of the app goes through here: `fn` runs in a transaction, and the whole
 * transaction runs again when InnoDB ends it as a deadlock victim or a lock wait times out. So
 * `fn` must only write through `trx` (emails go to the outbox inside it), never do work outside
 * the database that cannot be repeated. Inside a transaction already, `fn` simply joins it: the
 * outer transaction is the unit that reruns.
 */
export function transaction<DB, T>(
  db: Kysely<DB> | Transaction<DB>,
  fn: (trx: Transaction<DB>) => Promise<T>,
  options?: RetryOptions,
): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<DB>);
  const listener = listeners.get(db);
  const onRetry = listener
    ? (error: unknown, attempt: number) => {
        listener(error, attempt);
        options?.onRetry?.(error, attempt);
      }
    : options?.onRetry;
  return retryTransient(() => db.transaction().execute(fn), { ...options, onRetry });
}
