// Signing in and out. A session starts at sign-up or login and ends at logout; these return the
// Set-Cookie header and the procedure sets it on the response.
import {
  clearSessionCookie,
  createSession,
  invalidateSession,
  invalidateUserSessions,
  type SessionClient,
  sessionCookie,
  verifyPassword,
} from '@damso/auth';
import type { Database } from '@damso/db';
import type { SessionUser } from '../../context.ts';
import { type Actor, type Db, type Deps, isSignedIn, type UserActor } from '../shared/actor.ts';
import { Forbidden, Unauthorized } from '../shared/errors.ts';
import { admitLoginAttempt } from '../shared/rate-limit.ts';
import { describeDevice } from './device.ts';
import { findUserByEmail, timingDummyHash, toSessionUser } from './users.ts';

const secure = (deps: Deps) => deps.config.publicUrl.startsWith('https://');

/** Creates a session (in the caller's transaction, at sign-up) and returns its cookie. */
export async function startSession(db: Db, userId: number, deps: Deps, client?: SessionClient): Promise<string> {
  const session = await createSession(db, userId, deps.now, client);
  return sessionCookie(session.token, session.expiresAt, { secure: secure(deps), now: deps.now });
}

/** Ends the session the caller's cookie names, if any (at logout, and before another account's session starts). */
export async function dropSession(db: Database, actor: Actor): Promise<void> {
  if (isSignedIn(actor) && actor.sessionId) await invalidateSession(db, actor.sessionId);
}

/** Ends the caller's session and returns the cookie that clears it. */
export async function endSession(db: Database, actor: Actor, deps: Deps): Promise<string> {
  await dropSession(db, actor);
  return clearSessionCookie({ secure: secure(deps) });
}

export async function logIn(
  db: Database,
  actor: Actor,
  input: { email: string; password: string },
  deps: Deps,
  /** The browser's User-Agent header, kept with the session so the user's list can name the device. */
  userAgent: string | null = null,
): Promise<{ user: SessionUser; cookie: string }> {
  // Counted as a failure before the password is checked, so parallel guesses cannot outrun the lock.
  const attempt = await admitLoginAttempt(db, input.email, actor);
  const user = await findUserByEmail(db, input.email);
  // Verify against a dummy hash for unknown emails: the answer takes as long as for a real one.
  const ok = await verifyPassword(user?.password_hash ?? (await timingDummyHash()), input.password);
  if (!user || !ok) throw new Unauthorized('The email or password is wrong.');
  await attempt.succeeded();
  if (user.status !== 'active') throw new Forbidden('This account is suspended. Please contact the shop.');
  // A fresh session on every login: a session id planted before login is never promoted. Its cookie
  // is simply replaced by the new one.
  await dropSession(db, actor);
  return {
    user: toSessionUser(user),
    cookie: await startSession(db, user.id, deps, { userAgent, ip: actor.ip }),
  };
}

export async function logOutEverywhere(db: Database, actor: UserActor, deps: Deps) {
  const ended = await invalidateUserSessions(db, actor.id);
  return { ended, cookie: await endSession(db, actor, deps) };
}

/**
 * The caller's live sessions, newest first, marking the one they use. Ids never leave the server (an id
 * is the token's hash): the page can only end "all the others", so it needs none.
 */
export async function listOwnSessions(db: Db, actor: UserActor, { now }: Deps) {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'expires_at', 'user_agent', 'ip'])
    .where('user_id', '=', actor.id)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((s) => ({
    device: describeDevice(s.user_agent),
    ip: s.ip,
    createdAt: s.created_at,
    expiresAt: s.expires_at,
    current: s.id === actor.sessionId,
  }));
}

/** Ends every session of the caller but the one making the request. */
export async function logOutOthers(db: Database, actor: UserActor) {
  // Without a session to keep, "the others" would be all of them: refuse rather than guess.
  if (!actor.sessionId) throw new Forbidden('Log in again to end your other sessions.');
  return { ended: await invalidateUserSessions(db, actor.id, actor.sessionId) };
}
