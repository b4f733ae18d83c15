// The desk's queue and counts, and the admin's order list. Oldest first, so no order waits forever.
import type { OrderStatus } from '@damso/validators';
import { type RawBuilder, sql } from 'kysely';
import type { Db, UserActor } from '../shared/actor.ts';
import {
  anchorOrFail,
  cappedTotal,
  escapeLike,
  LIST_COUNT_CAP,
  offsetOf,
  pageOf,
  parseListCursor,
} from '../shared/list-paging.ts';
import { itemLinesByOrder, unreadByOrder } from './queries.ts';

export type DeskQueue = 'payment_review' | 'paid' | 'awaiting_payment' | 'mine';

export async function deskCounts(db: Db, actor: UserActor) {
  const staffId = actor.id;
  const [byStatus, mine, outOfStock] = await Promise.all([
    db
      .selectFrom('orders')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', 'in', ['awaiting_payment', 'payment_review', 'paid'])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('claimed_by', '=', staffId)
      .where('status', 'in', ['awaiting_payment', 'payment_review', 'paid'])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'paid')
      .where('out_of_stock', '=', 1)
      .executeTakeFirstOrThrow(),
  ]);
  const count = (s: OrderStatus) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
  return {
    payment_review: count('payment_review'),
    paid: count('paid'),
    awaiting_payment: count('awaiting_payment'),
    mine: Number(mine.n),
    outOfStock: Number(outOfStock.n),
  };
}

const ROW_COLUMNS = sql`id, number, user_id, status, total_cents AS totalCents, currency, created_at AS createdAt,
  out_of_stock AS outOfStock, claimed_by AS claimedById`;
interface OrderRow {
  id: number;
  number: string | null;
  user_id: number;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  createdAt: Date;
  outOfStock: number;
  claimedById: number | null;
}

/**
 * Adds items, unread counts and people's names with one query each. Names come from a separate
 * primary-key lookup rather than a join, so the list query stays on its index. Only what a list row
 * shows is sent: the order page loads the rest.
 */
async function withDetails(db: Db, rows: OrderRow[], staffId: number) {
  const ids = rows.map((r) => r.id);
  const people = [...new Set(rows.flatMap((r) => (r.claimedById === null ? [r.user_id] : [r.user_id, r.claimedById])))];
  const [items, unread, users] = await Promise.all([
    itemLinesByOrder(db, ids),
    unreadByOrder(db, ids, staffId, true),
    people.length
      ? db.selectFrom('users').select(['id', 'full_name', 'email']).where('id', 'in', people).execute()
      : Promise.resolve([]),
  ]);
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map((r) => ({
    number: r.number ?? '',
    status: r.status,
    totalCents: r.totalCents,
    currency: r.currency,
    createdAt: r.createdAt,
    outOfStock: Boolean(r.outOfStock),
    clientName: byId.get(r.user_id)?.full_name ?? '',
    clientEmail: byId.get(r.user_id)?.email ?? '',
    claimedByName: r.claimedById === null ? null : (byId.get(r.claimedById)?.full_name ?? null),
    items: items.get(r.id) ?? [],
    unread: unread.get(r.id) ?? 0,
  }));
}

/** Clients a search looks at, per way of matching (email, name): a prefix of two letters matches thousands. */
const MATCHED_CLIENTS = 200;

export interface OrderListInput {
  q?: string | undefined;
  page: number;
  pageSize: number;
  cursor?: string | undefined;
}

interface OrderListQuery extends OrderListInput {
  statuses: readonly OrderStatus[];
  claimedBy?: number;
  /** The desk works oldest first, so no order waits forever; the admin's list shows the newest first. */
  oldestFirst: boolean;
}

/**
 * One page of orders for the desk's queues and the admin's list. The count stops at LIST_COUNT_CAP and
 * deep pages continue from a cursor (list-paging.ts), so no request reads more than a page of the
 * million orders: along (status, created_at) for one status, else along the primary key (ids grow with
 * the time an order was placed). The text finds an order number, or a client by email or name prefix.
 */
async function orderList(db: Db, staffId: number, query: OrderListQuery) {
  const text = query.q?.trim();
  const conditions: RawBuilder<unknown>[] = [];
  if (query.statuses.length > 0) conditions.push(sql`status IN (${sql.join(query.statuses)})`);
  if (query.claimedBy !== undefined) conditions.push(sql`claimed_by = ${query.claimedBy}`);
  if (text) {
    // The clients first, each prefix along its own index, then their orders along (user_id, created_at):
    // a subquery inside the OR would have MariaDB test it against every order.
    const prefix = `${escapeLike(text)}%`;
    const clients = await sql<{
      id: number;
    }>`(SELECT id FROM users WHERE email LIKE ${prefix.toLowerCase()} LIMIT ${MATCHED_CLIENTS})
      UNION (SELECT id FROM users WHERE full_name LIKE ${prefix} LIMIT ${MATCHED_CLIENTS})`.execute(db);
    const ids = clients.rows.map((c) => c.id);
    const number = sql`number = ${text.toUpperCase()}`;
    conditions.push(ids.length ? sql`(${number} OR user_id IN (${sql.join(ids)}))` : number);
  }
  const where = conditions.length ? sql.join(conditions, sql` AND `) : sql`TRUE`;
  const cursor = parseListCursor(query.cursor);
  const offset = cursor ? 0 : offsetOf(query.page, query.pageSize, text ? 'search' : 'filters');
  // Walking backward ("Previous") reads the other way and turns the page round (pageOf).
  const ascending = query.oldestFirst !== (cursor?.direction === 'before');
  const direction = sql.raw(ascending ? 'ASC' : 'DESC');
  const op = sql.raw(ascending ? '>' : '<');
  const byStatus = query.statuses.length === 1 && query.claimedBy === undefined && !text;
  let rows: OrderRow[];
  if (byStatus) {
    const anchor = cursor
      ? anchorOrFail(
          await db.selectFrom('orders').select(['id', 'created_at']).where('id', '=', cursor.id).executeTakeFirst(),
        )
      : null;
    // Seeking straight to the cursor along (status, created_at): without the hint MariaDB reads the
    // status from its first order up to the cursor (10,000 rows for page 400).
    const after = anchor
      ? sql`AND (created_at ${op} ${anchor.created_at} OR (created_at = ${anchor.created_at} AND id ${op} ${anchor.id}))`
      : sql``;
    rows = (
      await sql<OrderRow>`SELECT ${ROW_COLUMNS} FROM orders FORCE INDEX (orders_status_created_idx)
        WHERE ${where} ${after}
        ORDER BY created_at ${direction}, id ${direction} LIMIT ${query.pageSize + 1} OFFSET ${offset}`.execute(db)
    ).rows;
  } else {
    const after = cursor ? sql`AND id ${op} ${cursor.id}` : sql``;
    rows = (
      await sql<OrderRow>`SELECT ${ROW_COLUMNS} FROM orders WHERE ${where} ${after}
        ORDER BY id ${direction} LIMIT ${query.pageSize + 1} OFFSET ${offset}`.execute(db)
    ).rows;
  }
  const counted = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (
      SELECT id FROM orders WHERE ${where} LIMIT ${LIST_COUNT_CAP}) t`.execute(db);
  const page = pageOf(rows, query.pageSize, cursor, offset);
  const { total, totalCapped } = cappedTotal(counted.rows[0]?.n ?? 0);
  return {
    orders: await withDetails(db, page.rows, staffId),
    total,
    totalCapped,
    pageCount: totalCapped ? null : Math.max(1, Math.ceil(total / query.pageSize)),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
  };
}

const OPEN_STATUSES = ['awaiting_payment', 'payment_review', 'paid'] as const satisfies readonly OrderStatus[];

/** A desk queue: one status, or the orders this employee claimed and has not finished. */
export function deskQueue(db: Db, actor: UserActor, input: OrderListInput & { queue: DeskQueue }) {
  const { queue, ...paging } = input;
  return orderList(db, actor.id, {
    ...paging,
    oldestFirst: true,
    ...(queue === 'mine' ? { statuses: OPEN_STATUSES, claimedBy: actor.id } : { statuses: [queue] }),
  });
}

/** Every order, newest first, optionally by status or found by number, client email or name. */
export function adminOrders(db: Db, actor: UserActor, input: OrderListInput & { status?: OrderStatus | undefined }) {
  const { status, ...paging } = input;
  return orderList(db, actor.id, { ...paging, oldestFirst: false, statuses: status ? [status] : [] });
}
