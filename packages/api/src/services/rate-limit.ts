// Rate limits for the account flows, stored in MySQL (rate-limiter-flexible's `rate_limits` table)
// so every server process shares the same counters. Keys holding an email use its hash: no PII here.
import { hashToken } from '@damso/auth';
import { type Database, poolOf } from '@damso/db';
import { TRPCError } from '@trpc/server';
import { RateLimiterMySQL, RateLimiterRes } from 'rate-limiter-flexible';

/** Failed logins allowed before the account's login locks; each further failure doubles the lock. */
export const FREE_LOGIN_FAILURES = 5;
const FIRST_LOCK_S = 30;
const MAX_LOCK_S = 15 * 60;

const LIMITS = {
  loginFailuresByIp: { points: 30, duration: 15 * 60 },
  loginFailuresByAccount: { points: 1000, duration: 24 * 60 * 60 },
  loginLock: { points: 1, duration: 1 },
  signUpByIp: { points: 10, duration: 60 * 60 },
  emailCheckByIp: { points: 40, duration: 60 },
  verifyByIp: { points: 30, duration: 15 * 60 },
  resendByUser: { points: 5, duration: 60 * 60 },
  resetRequestByIp: { points: 10, duration: 60 * 60 },
  resetRequestByEmail: { points: 3, duration: 60 * 60 },
  resetSubmitByIp: { points: 20, duration: 60 * 60 },
  changeByUser: { points: 10, duration: 60 * 60 },
} as const;

export type LimitName = keyof typeof LIMITS;
type Limiters = Record<LimitName, RateLimiterMySQL>;

const cache = new WeakMap<Database, Limiters>();

function limiters(db: Database): Limiters {
  let found = cache.get(db);
  if (!found) {
    const { pool, database } = poolOf(db);
    found = Object.fromEntries(
      Object.entries(LIMITS).map(([name, { points, duration }]) => [
        name,
        new RateLimiterMySQL({
          storeClient: pool,
          storeType: 'pool',
          dbName: database,
          tableName: 'rate_limits',
          tableCreated: true,
          // The server's job deletes expired rows; a per-limiter timer in every process is not needed.
          clearExpiredByTimeout: false,
          keyPrefix: name,
          points,
          duration,
        }),
      ]),
    ) as Limiters;
    cache.set(db, found);
  }
  return found;
}

export function emailKey(email: string): string {
  return hashToken(email.trim().toLowerCase());
}

function waitText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function tooMany(ms: number, what = 'Too many attempts'): TRPCError {
  return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `${what}. Please try again in ${waitText(ms)}.` });
}

/** Counts one attempt; refuses with TOO_MANY_REQUESTS once the limit is used up. */
export async function consume(db: Database, name: LimitName, key: string, what?: string): Promise<void> {
  try {
    await limiters(db)[name].consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw tooMany(error.msBeforeNext, what);
    throw error;
  }
}

/** Refuses when the limit is already used up, without counting this attempt. */
export async function assertNotExhausted(db: Database, name: LimitName, key: string, what?: string): Promise<void> {
  const limiter = limiters(db)[name];
  const state = await limiter.get(key);
  if (state && state.consumedPoints >= limiter.points) throw tooMany(state.msBeforeNext, what);
}

/** Counts one failure without refusing: the refusal happens on the next attempt. */
export async function recordFailure(db: Database, name: LimitName, key: string): Promise<number> {
  const result = await limiters(db)[name].penalty(key, 1);
  return result.consumedPoints;
}

export async function reset(db: Database, name: LimitName, key: string): Promise<void> {
  await limiters(db)[name].delete(key);
}

/** Refuses a login while the account is locked, naming how long is left. */
export async function assertLoginUnlocked(db: Database, email: string): Promise<void> {
  const state = await limiters(db).loginLock.get(emailKey(email));
  if (state && state.consumedPoints > 0 && state.msBeforeNext > 0) {
    throw tooMany(state.msBeforeNext, 'Too many failed attempts on this account');
  }
}

/** Records a failed login; from the fifth one on, locks the login for 30 s, 60 s, 120 s … up to 15 min. */
export async function recordLoginFailure(db: Database, email: string, ip: string): Promise<void> {
  const key = emailKey(email);
  const l = limiters(db);
  const [failures] = await Promise.all([
    recordFailure(db, 'loginFailuresByAccount', key),
    l.loginFailuresByIp.penalty(ip, 1),
  ]);
  if (failures >= FREE_LOGIN_FAILURES) {
    const seconds = Math.min(FIRST_LOCK_S * 2 ** (failures - FREE_LOGIN_FAILURES), MAX_LOCK_S);
    await l.loginLock.block(key, seconds);
  }
}

export async function clearLoginFailures(db: Database, email: string): Promise<void> {
  const key = emailKey(email);
  await Promise.all([reset(db, 'loginFailuresByAccount', key), reset(db, 'loginLock', key)]);
}
