// Reading and changing users: the one place that turns a row into what the API may show.
import { hashPassword, invalidateUserSessions } from '@damso/auth';
import type { Database } from '@damso/db';
import type { Role } from '@damso/validators';
import type { SessionUser } from '../../context.ts';
import { recordAudit } from '../audit.ts';

export async function findUserByEmail(db: Database, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'full_name', 'role', 'status', 'password_hash', 'email_verified_at', 'pending_email'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export function toSessionUser(row: {
  id: number;
  email: string;
  full_name: string;
  role: Role;
  email_verified_at: Date | null;
}): SessionUser {
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    role: row.role,
    emailVerified: row.email_verified_at !== null,
  };
}

let dummyHash: Promise<string> | null = null;
/** A hash to verify against when the email is unknown, so both cases take the same time. */
export function timingDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('timing-equaliser-not-a-password');
  return dummyHash;
}

/** Suspends or reactivates a user. Suspension ends every session at once. */
export async function setUserStatus(db: Database, userId: number, status: 'active' | 'suspended'): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ status }).where('id', '=', userId).execute();
    if (status === 'suspended') await invalidateUserSessions(trx, userId);
  });
}

/**
 * Creates an admin, or promotes an existing account (by email) to admin with a verified address.
 * An existing account keeps its password unless a new one is given. Used by the CLI.
 */
export async function upsertAdmin(
  db: Database,
  {
    email,
    fullName,
    password,
    phone,
    now,
  }: { email: string; fullName: string; password: string | null; phone: string; now: Date },
): Promise<{ id: number; created: boolean }> {
  const passwordHash = password === null ? null : await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('users')
      .select(['id', 'role', 'email_verified_at'])
      .where('email', '=', email)
      .forUpdate()
      .executeTakeFirst();
    if (existing) {
      await trx
        .updateTable('users')
        .set({
          role: 'admin',
          status: 'active',
          full_name: fullName,
          email_verified_at: existing.email_verified_at ?? now,
          ...(passwordHash ? { password_hash: passwordHash } : {}),
        })
        .where('id', '=', existing.id)
        .execute();
      if (passwordHash) await invalidateUserSessions(trx, existing.id);
      await recordAudit(trx, {
        actorId: null,
        action: 'user.role_changed',
        entityType: 'user',
        entityId: existing.id,
        before: { role: existing.role },
        after: { role: 'admin', via: 'cli' },
      });
      return { id: existing.id, created: false };
    }
    if (!passwordHash) throw new Error('A new admin needs a password');
    const r = await trx
      .insertInto('users')
      .values({ email, full_name: fullName, phone, password_hash: passwordHash, role: 'admin', email_verified_at: now })
      .executeTakeFirstOrThrow();
    const id = Number(r.insertId);
    await recordAudit(trx, {
      actorId: null,
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      after: { role: 'admin', via: 'cli' },
    });
    return { id, created: true };
  });
}

export class LastAdminError extends Error {
  constructor() {
    super('This is the last admin: make another account admin first.');
  }
}

/** Changes a role; refuses to demote the last admin, so the shop always has one. */
export async function setUserRole(
  db: Database,
  email: string,
  role: Role,
): Promise<{ id: number; before: Role } | null> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'role'])
      .where('email', '=', email)
      .forUpdate()
      .executeTakeFirst();
    if (!user) return null;
    if (user.role === 'admin' && role !== 'admin') {
      const admins = await trx
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('status', '=', 'active')
        .forUpdate()
        .execute();
      if (admins.length <= 1) throw new LastAdminError();
    }
    await trx.updateTable('users').set({ role }).where('id', '=', user.id).execute();
    await recordAudit(trx, {
      actorId: null,
      action: 'user.role_changed',
      entityType: 'user',
      entityId: user.id,
      before: { role: user.role },
      after: { role, via: 'cli' },
    });
    // Takes effect on the next request: sessions read the role from the user row.
    return { id: user.id, before: user.role };
  });
}
