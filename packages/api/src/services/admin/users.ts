// The admin console's user management: the list, new employees, roles and suspension. Role and
// status changes go through the same services as the CLI, so the last-admin guard lives in one place.
import { hashPassword } from '@damso/auth';
import { type Database, transaction } from '@damso/db';
import { type Role, toE164, type UserStatus } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { fieldError, isDuplicateKey } from '../accounts/errors.ts';
import { assertNotBreached } from '../accounts/passwords.ts';
import { LastAdminError, setUserRole, setUserStatus, type UserChangeActor } from '../accounts/users.ts';
import { recordAudit } from '../audit.ts';
import { anchorOrFail, cappedTotal, LIST_COUNT_CAP, offsetOf, pageOf, parseListCursor } from '../list-paging.ts';
import { recordUserChange } from '../stats/rollups.ts';

const likePrefix = (text: string) => `${text.replace(/[%_\\]/g, '\\$&')}%`;

/** Up to this many matches a search collects them from its prefix indexes; beyond, it walks by date. */
const SEARCH_GATHER_MAX = 5000;

type UserRow = {
  id: number;
  email: string;
  fullName: string;
  phone: string;
  role: Role;
  status: UserStatus;
  emailVerifiedAt: Date | null;
  createdAt: Date;
};

/**
 * Newest first, filtered by role and status along an index per filter that ends with created_at. The
 * search is a prefix of the email or of the full name: a narrow one is read from the
 * (email|full_name, created_at, role, status) indexes alone, a broad one walks by date and soon fills
 * a page. The count stops at LIST_COUNT_CAP and deep pages continue from a cursor (list-paging.ts).
 */
export async function listUsers(
  db: Database,
  input: { q?: string; role?: Role; status?: UserStatus; page: number; pageSize: number; cursor?: string },
) {
  const text = input.q?.trim();
  const roleStatus: RawBuilder<SqlBool>[] = [];
  if (input.role) roleStatus.push(sql<SqlBool>`role = ${input.role}`);
  if (input.status) roleStatus.push(sql<SqlBool>`status = ${input.status}`);
  const cursor = parseListCursor(input.cursor);
  const offset = cursor ? 0 : offsetOf(input.page, input.pageSize);
  const backward = cursor?.direction === 'before';
  const dir = sql.raw(backward ? 'ASC' : 'DESC');
  const position: RawBuilder<SqlBool>[] = [];
  if (cursor) {
    const anchor = anchorOrFail(
      await db.selectFrom('users').select(['id', 'created_at']).where('id', '=', cursor.id).executeTakeFirst(),
    );
    const op = sql.raw(backward ? '>' : '<');
    position.push(
      sql<SqlBool>`(created_at ${op} ${anchor.created_at} OR (created_at = ${anchor.created_at} AND id ${op} ${anchor.id}))`,
    );
  }
  const all = (list: RawBuilder<SqlBool>[]) => (list.length ? sql.join(list, sql` AND `) : sql`TRUE`);
  const columns = sql`u.id, u.email, u.full_name AS fullName, u.phone, u.role, u.status,
    u.email_verified_at AS emailVerifiedAt, u.created_at AS createdAt`;
  const need = offset + input.pageSize + 1;

  let matching: number;
  let rows: UserRow[];
  const prefixes = text
    ? [sql<SqlBool>`email LIKE ${likePrefix(text.toLowerCase())}`, sql<SqlBool>`full_name LIKE ${likePrefix(text)}`]
    : [];
  // A search counts its matches from the two prefix indexes, each read up to SEARCH_GATHER_MAX + 1
  // entries: more than SEARCH_GATHER_MAX in all means a broad search, which walks by date instead.
  const unionCount = text
    ? Number(
        (
          await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (
            (SELECT id FROM users WHERE ${all([prefixes[0] as RawBuilder<SqlBool>, ...roleStatus])} LIMIT ${SEARCH_GATHER_MAX + 1})
            UNION (SELECT id FROM users WHERE ${all([prefixes[1] as RawBuilder<SqlBool>, ...roleStatus])} LIMIT ${SEARCH_GATHER_MAX + 1})) t`.execute(
            db,
          )
        ).rows[0]?.n ?? 0,
      )
    : 0;
  if (text && unionCount <= SEARCH_GATHER_MAX) {
    // A narrow search: each prefix index gives its newest matches with their dates, without rows;
    // only the page's rows are read.
    matching = unionCount;
    const branch = (prefix: RawBuilder<SqlBool>) =>
      sql`(SELECT id, created_at FROM users WHERE ${all([prefix, ...roleStatus, ...position])}
        ORDER BY created_at ${dir}, id ${dir} LIMIT ${need})`;
    rows = (
      await sql<UserRow>`SELECT ${columns} FROM (${branch(prefixes[0] as RawBuilder<SqlBool>)} UNION ${branch(
        prefixes[1] as RawBuilder<SqlBool>,
      )}) m JOIN users u ON u.id = m.id
        ORDER BY m.created_at ${dir}, m.id ${dir} LIMIT ${input.pageSize + 1} OFFSET ${offset}`.execute(db)
    ).rows;
  } else {
    const filters = text ? [...roleStatus, sql<SqlBool>`(${sql.join(prefixes, sql` OR `)})`] : roleStatus;
    const [counted] = (
      await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (
        SELECT id FROM users WHERE ${all(filters)} LIMIT ${LIST_COUNT_CAP}) t`.execute(db)
    ).rows;
    matching = Number(counted?.n ?? 0);
    rows = (
      await sql<UserRow>`SELECT ${columns} FROM users u WHERE ${all([...filters, ...position])}
        ORDER BY u.created_at ${dir}, u.id ${dir} LIMIT ${input.pageSize + 1} OFFSET ${offset}`.execute(db)
    ).rows;
  }
  const page = pageOf(rows, input.pageSize, cursor, offset);
  const { total, totalCapped } = cappedTotal(Math.min(matching, LIST_COUNT_CAP));
  return {
    users: page.rows.map((r) => ({ ...r, emailVerified: r.emailVerifiedAt !== null })),
    total,
    totalCapped,
    page: input.page,
    pageCount: totalCapped ? null : Math.max(1, Math.ceil(total / input.pageSize)),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
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
      // Clients only are counted, but every account moves the start-up check's high-water mark.
      await recordUserChange(trx, null, { id, role: 'employee', created_at: now });
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
