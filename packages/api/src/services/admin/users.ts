// The admin console's user management: the list, new employees, roles and suspension. Role and
// status changes go through the same services as the CLI, so the last-admin guard lives in one place.
import { hashPassword } from '@damso/auth';
import { type Database, type DB, transaction } from '@damso/db';
import { type Role, toE164, type UserStatus } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { fieldError, isDuplicateKey } from '../accounts/errors.ts';
import { assertNotBreached } from '../accounts/passwords.ts';
import { LastAdminError, setUserRole, setUserStatus, type UserChangeActor } from '../accounts/users.ts';
import { recordAudit } from '../audit.ts';

const likePrefix = (text: string) => `${text.replace(/[%_\\]/g, '\\$&')}%`;

/**
 * Newest first, filtered by role and status along (role, status, created_at). The search is a prefix
 * of the email or of the full name, each with its own index, so it never scans the whole table.
 */
export async function listUsers(
  db: Database,
  input: { q?: string; role?: Role; status?: UserStatus; page: number; pageSize: number },
) {
  const text = input.q?.trim();
  const filter = (eb: ExpressionBuilder<DB, 'users'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (input.role) conditions.push(eb('role', '=', input.role));
    if (input.status) conditions.push(eb('status', '=', input.status));
    if (text) {
      conditions.push(
        eb.or([eb('email', 'like', likePrefix(text.toLowerCase())), eb('full_name', 'like', likePrefix(text))]),
      );
    }
    return eb.and(conditions);
  };
  const [count, rows] = await Promise.all([
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(filter)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('users')
      .select([
        'id',
        'email',
        'full_name as fullName',
        'phone',
        'role',
        'status',
        'email_verified_at as emailVerifiedAt',
        'created_at as createdAt',
      ])
      .where(filter)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .execute(),
  ]);
  const total = Number(count.n);
  return {
    users: rows.map((r) => ({ ...r, emailVerified: r.emailVerifiedAt !== null })),
    total,
    page: input.page,
    pageCount: Math.max(1, Math.ceil(total / input.pageSize)),
  };
}

const emailTaken = () => fieldError('CONFLICT', 'email', 'This email is already registered.');

export async function createEmployee(
  db: Database,
  actor: UserChangeActor,
  now: Date,
  input: { fullName: string; email: string; phone: string; phoneCountry: string; password: string },
) {
  const phone = toE164(input.phone, input.phoneCountry);
  if (!phone) throw fieldError('BAD_REQUEST', 'phone', 'This is not a valid phone number for the chosen country');
  const existing = await db.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
  if (existing) throw emailTaken();
  assertNotBreached(input.password, 'password');
  const passwordHash = await hashPassword(input.password);
  try {
    return await transaction(db, async (trx) => {
      const r = await trx
        .insertInto('users')
        .values({
          email: input.email,
          full_name: input.fullName,
          phone,
          password_hash: passwordHash,
          role: 'employee',
          // The admin vouches for the address; the employee can work the desk from the first login.
          email_verified_at: now,
          created_at: now,
        })
        .executeTakeFirstOrThrow();
      const id = Number(r.insertId);
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'user.created',
        entityType: 'user',
        entityId: id,
        after: { email: input.email, fullName: input.fullName, phone, role: 'employee' },
        ip: actor.ip ?? null,
        at: now,
      });
      return { id };
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw emailTaken();
    throw error;
  }
}

const notFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'This user does not exist.' });
const lastAdmin = (error: unknown): never => {
  if (error instanceof LastAdminError) throw new TRPCError({ code: 'CONFLICT', message: error.message });
  throw error;
};

export async function changeRole(db: Database, actor: UserChangeActor, now: Date, userId: number, role: Role) {
  const result = await setUserRole(db, userId, role, actor, now).catch(lastAdmin);
  if (!result) throw notFound();
  return { id: userId, role };
}

export async function changeStatus(
  db: Database,
  actor: UserChangeActor,
  now: Date,
  userId: number,
  status: UserStatus,
) {
  if (status === 'suspended' && userId === actor.id) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'You cannot suspend your own account.' });
  }
  const result = await setUserStatus(db, userId, status, actor, now).catch(lastAdmin);
  if (!result) throw notFound();
  return { id: userId, status, sessionsEnded: result.sessionsEnded };
}
