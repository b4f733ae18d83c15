// The admin console's user management: the list, new employees, roles and suspension. Role and
// status changes go through the same services as the CLI, so the last-admin guard lives in one place.
import type { Database } from '@damso/db';
import { defaultUserSortDir, type Role, type UserSort, type UserStatus } from '@damso/validators';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { recordAudit } from '../admin/audit.ts';
import type { Deps, UserActor } from '../shared/actor.ts';
import { Conflict, Forbidden, NotFound } from '../shared/errors.ts';
import {
  anchorColumn,
  cappedCount,
  escapeLike,
  failIfAnchorGone,
  LIST_COUNT_CAP,
  offsetOf,
  pageOf,
  parseListCursor,
} from '../shared/list-paging.ts';
import { checkNewAccount, createAccount, setUserRole, setUserStatus } from './users.ts';

const likePrefix = (text: string) => `${escapeLike(text)}%`;

const SORT_KEY = { joined: 'created_at', name: 'full_name', email: 'email' } as const;
/** The index each sort walks: its column, then created_at (and the id every InnoDB index holds). */
const SORT_INDEX = { name: 'users_name_created_idx', email: 'users_email_created_idx' } as const;

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
 * Newest first (or oldest first, or by name or email: each sort has its index, led by its column and
 * followed by created_at, so a walk reads it in order), filtered by role and status. Every walk reads (created_at, id, email, full_name, role,
 * status) index entries and only the page's rows. A search is a prefix of the email or of the full
 * name: one with fewer than LIST_COUNT_CAP matches is collected from the two prefix indexes; a
 * broader one walks by date, and at least one in a hundred entries matches, so a page comes quickly.
 * The count stops at LIST_COUNT_CAP and deep pages continue from a cursor (list-paging.ts).
 */
export async function listUsers(
  db: Database,
  input: {
    q?: string;
    role?: Role;
    status?: UserStatus;
    page: number;
    pageSize: number;
    cursor?: string;
    sort?: UserSort;
    dir?: 'asc' | 'desc' | undefined;
  },
) {
  const sort = input.sort ?? 'joined';
  // The sort's column leads, then the join date and the id (every index below holds both) break ties.
  const key = SORT_KEY[sort];
  const text = input.q?.trim();
  const roleStatus: RawBuilder<SqlBool>[] = [];
  if (input.role) roleStatus.push(sql<SqlBool>`role = ${input.role}`);
  if (input.status) roleStatus.push(sql<SqlBool>`status = ${input.status}`);
  const cursor = parseListCursor(input.cursor);
  const offset = cursor ? 0 : offsetOf(input.page, input.pageSize);
  const backward = cursor?.direction === 'before';
  const descending = (input.dir ?? defaultUserSortDir(sort)) === 'desc';
  const dir = sql.raw(descending !== backward ? 'DESC' : 'ASC');
  const order =
    sort === 'joined' ? sql`created_at ${dir}, id ${dir}` : sql`${sql.ref(key)} ${dir}, created_at ${dir}, id ${dir}`;
  const position: RawBuilder<SqlBool>[] = [];
  if (cursor) {
    const op = sql.raw(descending !== backward ? '<' : '>');
    const date = anchorColumn('users', 'created_at', cursor.id);
    const byDate = sql<SqlBool>`(created_at ${op} ${date} OR (created_at = ${date} AND id ${op} ${cursor.id}))`;
    const at = anchorColumn('users', key, cursor.id);
    position.push(
      sort === 'joined'
        ? byDate
        : sql<SqlBool>`(${sql.ref(key)} ${op} ${at} OR (${sql.ref(key)} = ${at} AND ${byDate}))`,
    );
  }
  const all = (list: RawBuilder<SqlBool>[]) => (list.length ? sql.join(list, sql` AND `) : sql`TRUE`);
  const columns = sql`u.id, u.email, u.full_name AS fullName, u.phone, u.role, u.status,
    u.email_verified_at AS emailVerifiedAt, u.created_at AS createdAt`;
  const limit = sql`LIMIT ${input.pageSize + 1} OFFSET ${offset}`;
  const prefixes = text
    ? [sql<SqlBool>`email LIKE ${likePrefix(text.toLowerCase())}`, sql<SqlBool>`full_name LIKE ${likePrefix(text)}`]
    : [];
  const [byEmail, byName] = prefixes as [RawBuilder<SqlBool>, RawBuilder<SqlBool>];
  const branch = (
    prefix: RawBuilder<SqlBool>,
    more: RawBuilder<SqlBool>[],
    columns: RawBuilder<unknown>,
    tail: RawBuilder<unknown>,
  ) => sql`(SELECT ${columns} FROM users WHERE ${all([prefix, ...roleStatus, ...more])} ${tail})`;

  // The count, up to LIST_COUNT_CAP: from the two prefix indexes for a search (each read at most that
  // far, so reaching the cap in either means "1,000+"), else along whichever index fits the filters.
  const counted = await cappedCount(
    db,
    text
      ? sql`${branch(byEmail, [], sql`id`, sql`LIMIT ${LIST_COUNT_CAP}`)}
        UNION ${branch(byName, [], sql`id`, sql`LIMIT ${LIST_COUNT_CAP}`)}`
      : sql`SELECT 1 FROM users WHERE ${all(roleStatus)}`,
  );

  let rows: UserRow[];
  if (text && !counted.totalCapped) {
    // A narrow search: each prefix index gives its newest matches with their dates, without rows.
    const need = sql`ORDER BY ${order} LIMIT ${offset + input.pageSize + 1}`;
    const picked = sort === 'joined' ? sql`id, created_at` : sql`id, created_at, ${sql.ref(key)}`;
    rows = (
      await sql<UserRow>`SELECT ${columns} FROM (
          ${branch(byEmail, position, picked, need)}
          UNION ${branch(byName, position, picked, need)}) m
        JOIN users u ON u.id = m.id
        ORDER BY ${sort === 'joined' ? sql`` : sql`m.${sql.ref(key)} ${dir}, `}m.created_at ${dir}, m.id ${dir} ${limit}`.execute(
        db,
      )
    ).rows;
  } else {
    // A walk by date over index entries that hold what the filters and the search look at.
    const filters = text ? [...roleStatus, sql<SqlBool>`(${byEmail} OR ${byName})`] : roleStatus;
    const index = sql.raw(
      sort !== 'joined'
        ? SORT_INDEX[sort]
        : text || !(input.role || input.status)
          ? 'users_created_cover_idx'
          : input.role && input.status
            ? 'users_role_status_idx'
            : input.role
              ? 'users_role_created_idx'
              : 'users_status_created_idx',
    );
    rows = (
      await sql<UserRow>`SELECT ${columns} FROM (
          SELECT id FROM users FORCE INDEX (${index}) WHERE ${all([...filters, ...position])}
          ORDER BY ${order} ${limit}) p
        JOIN users u ON u.id = p.id
        ORDER BY ${sort === 'joined' ? sql`` : sql`u.${sql.ref(key)} ${dir}, `}u.created_at ${dir}, u.id ${dir}`.execute(
        db,
      )
    ).rows;
  }
  await failIfAnchorGone(db, 'users', cursor, rows);
  const page = pageOf(rows, input.pageSize, cursor, offset);
  const { total, totalCapped } = counted;
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

const emailTaken = () => new Conflict('This email is already registered.', { field: 'email' });

export async function createEmployee(
  db: Database,
  actor: UserActor,
  input: { fullName: string; email: string; phone: string; phoneCountry: string; password: string },
  { now }: Deps,
) {
  const { phone, passwordHash } = await checkNewAccount(db, input, emailTaken);
  const account = {
    email: input.email,
    fullName: input.fullName,
    phone,
    passwordHash,
    role: 'employee' as const,
    // The admin vouches for the address; the employee can work the desk from the first login.
    emailVerifiedAt: now,
    createdAt: now,
  };
  return createAccount(db, account, emailTaken, async (trx, id) => {
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
}

const notFound = () => new NotFound('This user does not exist.');

export async function changeRole(db: Database, actor: UserActor, input: { userId: number; role: Role }, deps: Deps) {
  const result = await setUserRole(db, input.userId, input.role, actor, deps.now);
  if (!result) throw notFound();
  return { id: input.userId, role: input.role };
}

export async function changeStatus(
  db: Database,
  actor: UserActor,
  { userId, status }: { userId: number; status: UserStatus },
  deps: Deps,
) {
  if (status === 'suspended' && userId === actor.id) throw new Forbidden('You cannot suspend your own account.');
  const result = await setUserStatus(db, userId, status, actor, deps.now);
  if (!result) throw notFound();
  return { id: userId, status, sessionsEnded: result.sessionsEnded };
}
