// A visitor becomes a client: the live "already registered" check and the sign-up itself, which starts
// a session and sends the verification email in the transaction that creates the account.
import type { Database } from '@damso/db';
import type { SessionUser } from '../../context.ts';
import type { Actor, Deps } from '../shared/actor.ts';
import { Conflict } from '../shared/errors.ts';
import { consume, networkOf } from '../shared/rate-limit.ts';
import { dropSession, startSession } from './sessions.ts';
import { checkNewAccount, createAccount, findUserByEmail } from './users.ts';
import { issueVerification } from './verification.ts';

const taken = () =>
  new Conflict('This email is already registered. Log in or reset your password.', { field: 'email' });

/** Sign-up must say it anyway, so this reveals nothing more; it is rate-limited per network. */
export async function emailAvailable(db: Database, actor: Actor, input: { email: string }) {
  await consume(db, 'emailCheckByIp', networkOf(actor), 'Too many checks');
  return { available: !(await findUserByEmail(db, input.email)) };
}

export async function signUp(
  db: Database,
  actor: Actor,
  input: { fullName: string; email: string; phone: string; phoneCountry: string; password: string },
  deps: Deps,
  userAgent: string | null = null,
): Promise<{ user: SessionUser; cookie: string }> {
  await consume(db, 'signUpByIp', networkOf(actor), 'Too many sign-ups from this network');
  const { phone, passwordHash } = await checkNewAccount(db, input, taken);
  // Signing up in a browser that holds another account's session ends that session.
  await dropSession(db, actor);
  const account = {
    email: input.email,
    fullName: input.fullName,
    phone,
    passwordHash,
    role: 'client' as const,
    emailVerifiedAt: null,
    createdAt: deps.now,
  };
  return createAccount(db, account, taken, async (trx, id) => {
    await issueVerification(trx, deps.config, {
      userId: id,
      fullName: input.fullName,
      email: input.email,
      purpose: 'verify_email',
      now: deps.now,
    });
    const cookie = await startSession(trx, id, deps, { userAgent, ip: actor.ip });
    return { user: { id, email: input.email, fullName: input.fullName, role: 'client', emailVerified: false }, cookie };
  });
}
