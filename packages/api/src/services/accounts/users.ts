// Reading and changing users: the one place that turns a row into what the API may show.
import { hashPassword, invalidateUserSessions } from '@damso/auth';
import { copyClientToOrders, type Database, type DB, transaction } from '@damso/db';
import { type Role, toE164 } from '@damso/validators';
import type { Transaction } from 'kysely';
import type { SessionUser } from '../../context.ts';
import { recordAudit } from '../admin/audit.ts';
import { commentsChanged } from '../catalog/cache.ts';
import type { Actor, Db } from '../shared/actor.ts';
import { Conflict, type DomainError, Invalid, isDuplicateKey } from '../shared/errors.ts';
import { recordUserChange } from '../stats/rollups.ts';
import { assertNotBreached } from './passwords.ts';

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

export interface NewAccount {
  email: string;
  fullName: string;
  /** E.164. */
  phone: string;
  passwordHash: string;
  role: Role;
  /** Set when the address needs no verification (an employee the admin vouches for, the CLI's admin). */
  emailVerifiedAt: Date | null;
  createdAt: Date;
}

/** Inserts a user row in the caller's transaction; the caller records it in the statistics. */
export async function insertUser(trx: Db, account: NewAccount): Promise<number> {
  const r = await trx
    .insertInto('users')
    .values({
      email: account.email,
      full_name: account.fullName,
      phone: account.phone,
      password_hash: account.passwordHash,
      role: account.role,
      email_verified_at: account.emailVerifiedAt,
      created_at: account.createdAt,
    })
    .executeTakeFirstOrThrow();
  return Number(r.insertId);
}

/**
 * What sign-up and a new employee share before any row is written: a valid phone number for the
 * country, a password not on the breached list, an address nobody uses; returns the E.164 phone and
 * the password's hash. `taken` is the answer for a used address.
 */
export async function checkNewAccount(
  db: Database,
  input: { email: string; phone: string; phoneCountry: string; password: string },
  taken: () => DomainError,
): Promise<{ phone: string; passwordHash: string }> {
  const phone = toE164(input.phone, input.phoneCountry);
  if (!phone) throw new Invalid('This is not a valid phone number for the chosen country', { field: 'phone' });
  assertNotBreached(input.password, 'password');
  if (await findUserByEmail(db, input.email)) throw taken();
  return { phone, passwordHash: await hashPassword(input.password) };
}

/**
 * Creates an account and counts it in the statistics, with `then` in the same transaction (its
 * verification email, its session, its audit row). Two sign-ups racing for one address: the unique
 * key stops the second, which gets `taken`.
 */
export async function createAccount<T>(
  db: Database,
  account: NewAccount,
  taken: () => DomainError,
  then: (trx: Db, id: number) => Promise<T>,
): Promise<T> {
  try {
    return await transaction(db, async (trx) => {
      const id = await insertUser(trx, account);
      const result = await then(trx, id);
      // Last, so today's shared statistics row stays locked only until the commit. Clients only are
      // counted, but every account moves the start-up check's high-water mark.
      await recordUserChange(trx, null, { id, role: account.role, created_at: account.createdAt });
      return result;
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw taken();
    throw error;
  }
}

/** Locks and returns the active admins' ids, so no other change can take the last one meanwhile. */
async function lockActiveAdmins(trx: Transaction<DB>): Promise<number[]> {
  const admins = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .orderBy('id')
    .forUpdate()
    .execute();
  return admins.map((a) => a.id);
}

/**
 * Suspends or reactivates a user. Suspension ends every session at once and refuses the last active
 * admin. Returns null when the user does not exist. `now` dates the audit row; the CLI runs on the
 * process clock.
 */
export async function setUserStatus(
  db: Database,
  userId: number,
  status: 'active' | 'suspended',
  actor?: Actor,
  now: Date = new Date(),
): Promise<{ before: 'active' | 'suspended'; sessionsEnded: number } | null> {
  // Two admins demoting each other at once both hold gap locks on the admin range and InnoDB ends one
  // as a deadlock victim: transaction() reruns it, the rerun sees the other's change, the guard decides.
  return transaction(db, async (trx) => {
    const admins = status === 'suspended' ? await lockActiveAdmins(trx) : [];
    const user = await trx
      .selectFrom('users')
      .select(['id', 'role', 'status'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user) return null;
    if (user.status === status) return { before: user.status, sessionsEnded: 0 };
    if (user.role === 'admin' && status === 'suspended' && !admins.some((id) => id !== userId)) {
      throw new LastAdminError();
    }
    await trx.updateTable('users').set({ status }).where('id', '=', userId).execute();
    const sessionsEnded = status === 'suspended' ? await invalidateUserSessions(trx, userId) : 0;
    await recordAudit(trx, {
      actorId: actor?.id ?? null,
      action: status === 'suspended' ? 'user.suspended' : 'user.reactivated',
      entityType: 'user',
      entityId: userId,
      before: { status: user.status },
      after: actor ? { status, sessionsEnded } : { status, sessionsEnded, via: 'cli' },
      ip: actor?.ip ?? null,
      at: now,
    });
    return { before: user.status, sessionsEnded };
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
  return transaction(db, async (trx) => {
    const existing = await trx
      .selectFrom('users')
      .select(['id', 'role', 'email_verified_at', 'created_at'])
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
      // The name may have changed: it shows on their comments, and staff find their orders by it.
      await commentsChanged(trx);
      await copyClientToOrders(trx, existing.id);
      if (passwordHash) await invalidateUserSessions(trx, existing.id);
      await recordUserChange(trx, existing, { ...existing, role: 'admin' });
      await recordAudit(trx, {
        actorId: null,
        action: 'user.role_changed',
        entityType: 'user',
        entityId: existing.id,
        before: { role: existing.role },
        after: { role: 'admin', via: 'cli' },
        at: now,
      });
      return { id: existing.id, created: false };
    }
    if (!passwordHash) throw new Error('A new admin needs a password');
    const id = await insertUser(trx, {
      email,
      fullName,
      phone,
      passwordHash,
      role: 'admin',
      emailVerifiedAt: now,
      createdAt: now,
    });
    await recordUserChange(trx, null, { id, role: 'admin', created_at: now });
    await recordAudit(trx, {
      actorId: null,
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      after: { role: 'admin', via: 'cli' },
      at: now,
    });
    return { id, created: true };
  });
}

/** A CONFLICT in the console; the CLI tools print its message. */
export class LastAdminError extends Conflict {
  constructor() {
    super('This is the last admin: make another account admin first.');
  }
}

/** Changes a role (the user found by email or id); refuses to demote the last admin, so the shop always has one. */
export async function setUserRole(
  db: Database,
  who: string | number,
  role: Role,
  actor?: Actor,
  now: Date = new Date(),
): Promise<{ id: number; before: Role } | null> {
  // Two admins demoting each other at once both hold gap locks on the admin range and InnoDB ends one
  // as a deadlock victim: transaction() reruns it, the rerun sees the other's change, the guard decides.
  return transaction(db, async (trx) => {
    const admins = role !== 'admin' ? await lockActiveAdmins(trx) : [];
    let query = trx.selectFrom('users').select(['id', 'role', 'status', 'created_at']).forUpdate();
    query = typeof who === 'number' ? query.where('id', '=', who) : query.where('email', '=', who);
    const user = await query.executeTakeFirst();
    if (!user) return null;
    if (user.role === role) return { id: user.id, before: user.role };
    // Counts the other active admins, so a suspended admin can be demoted while one other admin remains.
    if (user.role === 'admin' && !admins.some((id) => id !== user.id)) throw new LastAdminError();
    await trx.updateTable('users').set({ role }).where('id', '=', user.id).execute();
    await recordUserChange(trx, user, { ...user, role });
    await recordAudit(trx, {
      actorId: actor?.id ?? null,
      action: 'user.role_changed',
      entityType: 'user',
      entityId: user.id,
      before: { role: user.role },
      after: actor ? { role } : { role, via: 'cli' },
      ip: actor?.ip ?? null,
      at: now,
    });
    // Takes effect on the next request: sessions read the role from the user row.
    return { id: user.id, before: user.role };
  });
}
