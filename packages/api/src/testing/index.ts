// Test helpers: real users in the test database and callers acting as them. No mocks: the context
// is the same shape the HTTP server builds, with a session object standing in for the cookie.
import { randomBytes } from 'node:crypto';
import { createEncryptor } from '@damso/auth';
import type { Database } from '@damso/db';
import { localStore } from '@damso/storage';
import type { Role } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import type { ApiConfig, AppContext, SessionUser } from '../context.ts';
import { createCaller } from '../root.ts';
import { createAccount } from '../services/accounts/users.ts';
import { type UserActor, userActor } from '../services/shared/actor.ts';
import { Conflict } from '../services/shared/errors.ts';
import { toTRPCError } from '../trpc.ts';

export const testConfig = (overrides: Partial<ApiConfig> = {}): ApiConfig => ({
  storeName: 'Damso Stream',
  currency: 'USD',
  publicUrl: 'http://localhost:3000',
  storage: localStore(`/tmp/damso-test-uploads-${process.pid}`),
  production: false,
  encryptor: createEncryptor(randomBytes(32)),
  ...overrides,
});

let counter = 0;
export async function createTestUser(
  db: Database,
  {
    role = 'client',
    verified = true,
    email,
    now = new Date(),
  }: { role?: Role; verified?: boolean; email?: string; now?: Date } = {},
): Promise<SessionUser> {
  counter += 1;
  const address = email ?? `${role}-${counter}-${randomBytes(3).toString('hex')}@example.test`;
  const fullName = `Test ${role} ${counter}`;
  // Counted in the statistics like an account the app creates.
  const account = {
    email: address,
    fullName,
    phone: '+14155550101',
    passwordHash: 'not-a-real-hash',
    role,
    emailVerifiedAt: verified ? now : null,
    createdAt: now,
  };
  const id = await createAccount(
    db,
    account,
    () => new Conflict(`${address} is taken`),
    async (_trx, id) => id,
  );
  return { id, email: address, fullName, role, emailVerified: verified };
}

export function createTestContext(
  db: Database,
  user: SessionUser | null,
  overrides: Partial<AppContext> = {},
): AppContext & { cookies: string[] } {
  const cookies: string[] = [];
  return {
    db,
    readDb: overrides.db ?? db,
    config: testConfig(),
    clock: () => new Date(),
    session: user ? { id: 'test-session', expiresAt: new Date(Date.now() + 86_400_000), user } : null,
    req: { ip: '127.0.0.1', userAgent: 'vitest', requestId: `test-${counter}` },
    setCookie: (header) => cookies.push(header),
    cookies,
    ...overrides,
  };
}

export function callerFor(db: Database, user: SessionUser | null, overrides: Partial<AppContext> = {}) {
  return createCaller(createTestContext(db, user, overrides));
}
export * from './hostile-files.ts';
export { type TestImages, writeTestImages } from './images.ts';

/** The actor a procedure would build for this user, for tests that call a service directly. */
export function actorFor(user: SessionUser, ip = '127.0.0.1'): UserActor {
  return userActor(user, ip);
}

/** The code a client would get for an error, whether a procedure or a service threw it. */
export function errorCode(error: unknown): string {
  return toTRPCError(error)?.code ?? `untyped: ${String(error)}`;
}

/**
 * How a call was refused, as a client sees it: null when it succeeded; `fields` holds the message
 * shown beside each form field. Anything but a tRPC error is rethrown: a bug, not a refusal.
 */
export async function refusalOf(promise: Promise<unknown>) {
  try {
    await promise;
    return null;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as { issues?: Array<{ path: PropertyKey[]; message: string }> } | undefined;
    // The first message of each field, as the form shows it.
    const fields: Record<string, string> = {};
    for (const issue of cause?.issues ?? []) fields[issue.path.join('.')] ??= issue.message;
    return { code: error.code, message: error.message, fields };
  }
}
