// Rate limits for the account flows and coupon codes, stored in MySQL (rate-limiter-flexible's
// `rate_limits` table) so every server process shares the same counters. Keys holding an email use its
// hash: no PII here. Guessable secrets (passwords, coupon codes) are throttled by consuming a point
// *before* the guess is evaluated — the store's upsert is atomic — and refunding it when the guess was
// right, so parallel requests cannot all slip in under the same count.
import { hashToken } from '@damso/auth';
import { type Database, poolOf } from '@damso/db';
import { RateLimiterMySQL, RateLimiterRes } from 'rate-limiter-flexible';
import type { Actor } from './actor.ts';
import { TooMany } from './errors.ts';

/** Failed logins allowed before the account's login locks; each further failure doubles the lock. */
export const FREE_LOGIN_FAILURES = 5;
const FIRST_LOCK_S = 30;
const MAX_LOCK_S = 15 * 60;

const LIMITS = {
  loginFailuresByIp: { points: 30, duration: 15 * 60 },
  loginFailuresByAccount: { points: 1000, duration: 24 * 60 * 60 },
  // A gate with one pass: the attempt that takes it closes it for the lock's length (customDuration).
  loginLock: { points: 1, duration: 1 },
  signUpByIp: { points: 10, duration: 60 * 60 },
  emailCheckByIp: { points: 40, duration: 60 },
  verifyByIp: { points: 30, duration: 15 * 60 },
  resendByUser: { points: 5, duration: 60 * 60 },
  resetRequestByIp: { points: 10, duration: 60 * 60 },
  resetRequestByEmail: { points: 3, duration: 60 * 60 },
  resetSubmitByIp: { points: 20, duration: 60 * 60 },
  changeByUser: { points: 10, duration: 60 * 60 },
  couponGuessesByUser: { points: 10, duration: 15 * 60 },
  // High because each attempt holds its point until its code is known to exist: a crowd behind one
  // NAT checking out with a real coupon at the same moment must not be refused.
  couponGuessesByIp: { points: 120, duration: 15 * 60 },
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

export function tooMany(ms: number, what = 'Too many attempts'): TooMany {
  return new TooMany(`${what}. Please try again in ${waitText(ms)}.`, ms);
}

/** The key of per-network limits: the caller's address (the system, which has none, is never limited here). */
export function networkOf(actor: Actor): string {
  return actor.ip ?? 'system';
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

export async function reset(db: Database, name: LimitName, key: string): Promise<void> {
  await limiters(db)[name].delete(key);
}

/** Gives back a point taken by `consume` or `admit` for an attempt that turned out not to count. */
export async function refund(db: Database, name: LimitName, key: string): Promise<void> {
  await limiters(db)[name].reward(key, 1);
}

function lockSeconds(failures: number): number {
  return Math.min(FIRST_LOCK_S * 2 ** (failures - FREE_LOGIN_FAILURES), MAX_LOCK_S);
}

/**
 * Admits one login attempt before its password is checked, or refuses it. The attempt is counted as a
 * failure up front (per network and per account); the fifth and each later one must also take the
 * account's lock gate, which closes it for 30 s, 60 s, 120 s … up to 15 min. Of any number of parallel
 * attempts at most the free ones plus the gate's single pass are evaluated; a refused attempt gives its
 * points back, so waiting out a lock does not lengthen it. Call `succeeded()` once the password is right.
 */
export async function admitLoginAttempt(
  db: Database,
  email: string,
  actor: Actor,
): Promise<{ succeeded: () => Promise<void> }> {
  const l = limiters(db);
  const key = emailKey(email);
  const ip = networkOf(actor);
  await consume(db, 'loginFailuresByIp', ip, 'Too many failed logins from this network');
  const refundIp = () => refund(db, 'loginFailuresByIp', ip);
  try {
    const { consumedPoints } = await l.loginFailuresByAccount.consume(key);
    if (consumedPoints >= FREE_LOGIN_FAILURES) {
      try {
        await l.loginLock.consume(key, 1, { customDuration: lockSeconds(consumedPoints) });
      } catch (error) {
        await refund(db, 'loginFailuresByAccount', key);
        throw error;
      }
    }
  } catch (error) {
    await refundIp();
    if (error instanceof RateLimiterRes) throw tooMany(error.msBeforeNext, 'Too many failed attempts on this account');
    throw error;
  }
  return {
    succeeded: async () => {
      await Promise.all([refundIp(), clearLoginFailures(db, email)]);
    },
  };
}

export async function clearLoginFailures(db: Database, email: string): Promise<void> {
  const key = emailKey(email);
  await Promise.all([reset(db, 'loginFailuresByAccount', key), reset(db, 'loginLock', key)]);
}
