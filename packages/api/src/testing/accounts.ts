// Helpers for the account tests: contexts whose session comes from the cookie a procedure set, as
// the HTTP server would resolve it, and a movable clock.
import { readSessionCookie, validateSessionToken } from '@damso/auth';
import type { Database } from '@damso/db';
import type { AppContext } from '../context.ts';
import { createCaller } from '../root.ts';
import { createTestContext, testConfig } from './index.ts';

// One configuration (and so one HMAC key for codes) for every simulated browser of a test file.
const config = testConfig();

/** Starts at the real time, so whatever the test writes sits where the rest of the world expects it. */
export function movableClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A browser-like client: keeps the session cookie between calls and resolves it on each call. */
export function browser(db: Database, { clock = () => new Date(), ip = '127.0.0.1' } = {}) {
  let token: string | null = null;
  const cookies: string[] = [];
  async function ctx(): Promise<AppContext> {
    const session = token ? await validateSessionToken(db, token, clock()) : null;
    return createTestContext(db, null, {
      config,
      clock,
      session,
      req: { ip, userAgent: 'vitest', requestId: 'test' },
      setCookie: (header) => {
        cookies.push(header);
        const value = readSessionCookie(header.split(';')[0]);
        token = /Max-Age=0/.test(header) ? null : value;
      },
    });
  }
  return {
    cookies,
    /** The clock this browser's requests run on; validate its session against it, not the wall clock. */
    clock,
    get token() {
      return token;
    },
    set token(value: string | null) {
      token = value;
    },
    caller: async () => createCaller(await ctx()),
  };
}

export async function lastEmail(db: Database, to: string) {
  return db
    .selectFrom('email_outbox')
    .selectAll()
    .where('to_address', '=', to)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

export function codeFrom(text: string): string {
  const match = /code is (\d{6})/.exec(text);
  if (!match?.[1]) throw new Error(`No code in email: ${text}`);
  return match[1];
}

export function tokenFrom(text: string, path: string): string {
  const match = new RegExp(`${path}\\?token=([a-z2-7]+)`).exec(text);
  if (!match?.[1]) throw new Error(`No ${path} link in email: ${text}`);
  return match[1];
}
