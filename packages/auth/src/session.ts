// Sessions after Lucia's design: the browser holds a random token; the database holds only its
// SHA-256 hash as the session id. A session ends 24 hours after it was created, never extended.
import type { Database } from '@damso/db';
import { generateToken, hashToken, tokenMatchesHash } from './tokens.ts';

export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'damso_session';

export type SessionRole = 'client' | 'employee' | 'admin';

export interface ValidatedSession {
  id: string;
  expiresAt: Date;
  user: { id: number; email: string; fullName: string; role: SessionRole; emailVerified: boolean };
}

/** Where a session started, shown in the user's list of sessions. */
export interface SessionClient {
  userAgent?: string | null;
  ip?: string | null;
}

export async function createSession(
  db: Database,
  userId: number,
  now: Date,
  client: SessionClient = {},
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = generateToken();
  const id = hashToken(token);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      created_at: now,
      expires_at: expiresAt,
      user_agent: client.userAgent?.slice(0, 255) || null,
      ip: client.ip?.slice(0, 45) || null,
    })
    .execute();
  return { token, id, expiresAt };
}

/** The session for a cookie's token, or null when unknown, expired, or its user is suspended. */
export async function validateSessionToken(db: Database, token: string, now: Date): Promise<ValidatedSession | null> {
  if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
  const id = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.expires_at',
      'users.id as userId',
      'users.email',
      'users.full_name',
      'users.role',
      'users.email_verified_at',
      'users.status',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  // The column's collation ignores case; the byte-exact, constant-time check is the one that counts.
  if (!row || !tokenMatchesHash(token, row.id)) return null;
  if (row.expires_at.getTime() <= now.getTime()) {
    await db.deleteFrom('sessions').where('id', '=', row.id).execute();
    return null;
  }
  if (row.status !== 'active') return null;
  return {
    id: row.id,
    expiresAt: row.expires_at,
    user: {
      id: row.userId,
      email: row.email,
      fullName: row.full_name,
      role: row.role,
      emailVerified: row.email_verified_at !== null,
    },
  };
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user, or every one but `except` (the one making the change). */
export async function invalidateUserSessions(
  db: Pick<Database, 'deleteFrom'>,
  userId: number,
  except?: string,
): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (except) query = query.where('id', '<>', except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function sessionCookie(token: string, expiresAt: Date, { secure, now }: { secure: boolean; now: Date }): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return [
    `${SESSION_COOKIE}=${token}`,
    'HttpOnly',
    'SameSite=Lax',
    'Path=/',
    `Max-Age=${maxAge}`,
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearSessionCookie({ secure }: { secure: boolean }): string {
  return [`${SESSION_COOKIE}=`, 'HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join(
    '; ',
  );
}

/** The session token from a Cookie header, if any. */
export function readSessionCookie(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
