// The desk's queue and counts, and the admin's order list. Oldest first, so no order waits forever.
import type { OrderStatus } from '@damso/validators';
import { type RawBuilder, sql } from 'kysely';
import type { Db, UserActor } from '../shared/actor.ts';
import {
  anchorColumn,
  cappedCount,
  cappedCountPlan,
  cappedCounts,
  cappedTotal,
  escapeLike,
  failIfAnchorGone,
  LIST_COUNT_CAP,
  offsetOf,
  pageOf,
  parseListCursor,
} from '../shared/list-paging.ts';
import { type ListedRow, listedOrders, listRow } from './list-rows.ts';

export type DeskQueue = 'payment_review' | 'paid' | 'awaiting_payment' | 'mine';

/**
 * The desk's menu counts: per open status, paid ones waiting for stock and my claims, each along its
 * index and up to LIST_COUNT_CAP ("1,000+"), in one statement. A queue of thousands needs no exact
 * number on a menu; counting all of them was 25 ms at 1M orders.
 */
export async function deskCounts(db: Db, actor: UserActor) {
  const c = await cappedCounts(db, {
    payment_review: sql`SELECT 1 FROM orders WHERE status = 'payment_review'`,
    paid: sql`SELECT 1 FROM orders WHERE status = 'paid'`,
    awaiting_payment: sql`SELECT 1 FROM orders WHERE status = 'awaiting_payment'`,
    mine: sql`SELECT 1 FROM orders WHERE claimed_by = ${actor.id} AND status IN (${sql.join(OPEN_STATUSES)})`,
    outOfStock: sql`SELECT 1 FROM orders WHERE status = 'paid' AND out_of_stock = 1`,
  });
  return {
    payment_review: c.payment_review.total,
    paid: c.paid.total,
    awaiting_payment: c.awaiting_payment.total,
    mine: c.mine.total,
    outOfStock: c.outOfStock.total,
    /** The counts that stopped at the cap: the menu says "1,000+". */
    capped: (Object.keys(c) as Array<keyof typeof c>).filter((k) => c[k].totalCapped),
  };
}

/** Clients a search looks at, per way of matching (email, name): a prefix of two letters matches thousands. */
const MATCHED_CLIENTS = 200;

export interface OrderListInput {
  q?: string | undefined;
  page: number;
  pageSize: number;
  cursor?: string | undefined;
}

/** Orders placed from `createdFrom` to `createdTo`, UTC calendar days (YYYY-MM-DD), both included. */
export interface OrderDateRange {
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
}

interface OrderListQuery extends OrderListInput, OrderDateRange {
  statuses: readonly OrderStatus[];
  claimedBy?: number;
  /** One client's orders (the admin's customer page), along (user_id, created_at). */
  userId?: number;
  /** The desk works oldest first, so no order waits forever; the admin's list shows the newest first. */
  oldestFirst: boolean;
}

type OrderFilters = OrderDateRange & { statuses: readonly OrderStatus[]; claimedBy?: number; userId?: number };

const DAY_MS = 86_400_000;
const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * The WHERE of an order list (the desk's, the admin's list and its CSV export), without its search, on
 * the orders table. A date range with one status is read along (status, created_at); without a status,
 * along the primary key, as ids grow with the time an order was placed.
 */
function filterConditions(query: OrderFilters): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [];
  if (query.statuses.length > 0) conditions.push(sql`status IN (${sql.join(query.statuses)})`);
  if (query.claimedBy !== undefined) conditions.push(sql`claimed_by = ${query.claimedBy}`);
  if (query.userId !== undefined) conditions.push(sql`user_id = ${query.userId}`);
  if (query.createdFrom) conditions.push(sql`created_at >= ${dayStart(query.createdFrom)}`);
  if (query.createdTo) {
    conditions.push(sql`created_at < ${new Date(dayStart(query.createdTo).getTime() + DAY_MS)}`);
  }
  return conditions.length ? sql.join(conditions, sql` AND `) : sql`TRUE`;
}

/** The most orders a search reads: far more than anyone pages through; past the cap it says "1,000+". */
const SEARCH_READ_LIMIT = 5000;

/**
 * The orders a search finds among the filters' (the order with that number, and the orders of the
 * clients whose email or name starts with the text), as ids in list order, oldest or newest first.
 *
 * When the filters leave fewer than LIST_COUNT_CAP orders (a desk queue, a day, one client), every one
 * of them is checked against the text: the answer is complete. The same statement says, by a marker
 * row (-3), whether there are more; then, and whenever the filters' count was at the cap moments ago
 * (cappedCountPlan), the clients come first, along their prefix indexes, then their orders along
 * (user_id, created_at, id, status), which holds what the queues and days filter on, so no order row is
 * read (an OR of the two would have MariaDB fetch every candidate row, twice: 100 ms at 1M orders). A
 * prefix shared by more than MATCHED_CLIENTS clients one way is then `limited`: only the first of them
 * are searched, and the list says to type more.
 */
async function searchedOrders(
  db: Db,
  text: string,
  filters: OrderFilters,
  oldestFirst: boolean,
): Promise<{ ids: number[]; limited: boolean }> {
  const where = filterConditions(filters);
  const prefix = `${escapeLike(text)}%`;
  const number = text.toUpperCase();
  const order = sql.raw(oldestFirst ? 'ASC' : 'DESC');
  const filtered = cappedCountPlan(db, sql`SELECT 1 FROM orders WHERE ${where}`);
  const byNumber = sql`SELECT id FROM orders WHERE number = ${number} AND ${where}`;
  if (!filtered.known) {
    // The number apart, so the walk needs only what (status, out_of_stock, user_id) holds.
    const { rows } = await sql<{ id: number | string }>`(${byNumber})
      UNION (SELECT o.id FROM (SELECT id, user_id FROM orders WHERE ${where} LIMIT ${LIST_COUNT_CAP}) o
        JOIN users u ON u.id = o.user_id WHERE u.email LIKE ${prefix.toLowerCase()} OR u.full_name LIKE ${prefix})
      UNION (SELECT -3 FROM orders WHERE ${where} LIMIT 1 OFFSET ${LIST_COUNT_CAP - 1})
      ORDER BY id < 0 DESC, id ${order} LIMIT ${SEARCH_READ_LIMIT + 1}`.execute(db);
    const ids = rows.map((r) => Number(r.id));
    const many = ids[0] === -3;
    // Remembered as the filters' count: at the cap, or (any number) below it.
    filtered.read(many ? LIST_COUNT_CAP : 0);
    if (!many) return { ids, limited: false };
  }
  // Two marker rows (-1, -2, sorted first) say that more than MATCHED_CLIENTS clients match one way.
  const { rows } = await sql<{ id: number | string }>`(${byNumber})
    UNION (SELECT o.id FROM (
        (SELECT id FROM users WHERE email LIKE ${prefix.toLowerCase()} LIMIT ${MATCHED_CLIENTS})
        UNION (SELECT id FROM users WHERE full_name LIKE ${prefix} LIMIT ${MATCHED_CLIENTS})) c
      JOIN orders o FORCE INDEX (orders_user_created_idx) ON o.user_id = c.id WHERE ${where})
    UNION (SELECT -1 FROM users WHERE email LIKE ${prefix.toLowerCase()} LIMIT 1 OFFSET ${MATCHED_CLIENTS})
    UNION (SELECT -2 FROM users WHERE full_name LIKE ${prefix} LIMIT 1 OFFSET ${MATCHED_CLIENTS})
    ORDER BY id < 0 DESC, id ${order} LIMIT ${SEARCH_READ_LIMIT + 2}`.execute(db);
  const ids = rows.map((r) => Number(r.id));
  const found = ids.filter((id) => id > 0).slice(0, SEARCH_READ_LIMIT);
  return { ids: found, limited: found.length < ids.length };
}

/** The WHERE of the admin's CSV export: its filters, and for a search, the orders it finds. */
export async function orderConditions(
  db: Db,
  query: OrderDateRange & { statuses: readonly OrderStatus[]; q?: string | undefined },
): Promise<RawBuilder<unknown>> {
  const text = query.q?.trim();
  if (!text) return filterConditions(query);
  const { ids } = await searchedOrders(db, text, query, false);
  return ids.length ? sql`id IN (${sql.join(ids)})` : sql`FALSE`;
}

/**
 * One page of orders for the desk's queues and the admin's list. The count stops at LIST_COUNT_CAP and
 * deep pages continue from a cursor (list-paging.ts), so no request reads more than a page of the
 * million orders: along (status, created_at) for one status, (created_at) for days, else the primary
 * key (ids grow with the time an order was placed). The text finds an order number, or a client by
 * email or name prefix: its matches are read once (searchedOrderIds), then paged and counted here.
 */
async function orderList(db: Db, staffId: number, query: OrderListQuery) {
  const text = query.q?.trim();
  const where = filterConditions(query);
  const cursor = parseListCursor(query.cursor);
  const offset = cursor ? 0 : offsetOf(query.page, query.pageSize, text ? 'search' : 'filters');
  // Walking backward ("Previous") reads the other way and turns the page round (pageOf).
  const ascending = query.oldestFirst !== (cursor?.direction === 'before');
  const direction = sql.raw(ascending ? 'ASC' : 'DESC');
  const op = sql.raw(ascending ? '>' : '<');
  const plain = query.claimedBy === undefined && query.userId === undefined && !text;
  // Along (status, created_at) for one status, along (created_at) for a range of days; else by id.
  const index =
    plain && query.statuses.length === 1
      ? sql.raw('orders_status_created_idx')
      : plain && query.statuses.length === 0 && (query.createdFrom || query.createdTo)
        ? sql.raw('orders_created_idx')
        : null;
  let rows: ListedRow[];
  let counted: { total: number; totalCapped: boolean };
  const staff = { id: staffId, staff: true };
  let searchLimited = false;
  if (text) {
    const search = await searchedOrders(db, text, query, query.oldestFirst);
    const found = search.ids;
    searchLimited = search.limited;
    const walking = ascending === query.oldestFirst ? found : [...found].reverse();
    const after = cursor ? walking.filter((id) => (ascending ? id > cursor.id : id < cursor.id)) : walking;
    const ids = after.slice(offset, offset + query.pageSize + 1);
    rows = ids.length ? await listedOrders(db, sql`SELECT id FROM orders WHERE id IN (${sql.join(ids)})`, staff) : [];
    rows.sort((a, b) => a.id - b.id);
    if (!ascending) rows.reverse();
    counted = cappedTotal(found.length);
  } else {
    // The count comes with the page when it is not known to be at the cap (cappedCountPlan).
    const matching = sql`SELECT 1 FROM orders WHERE ${where}`;
    const count = cappedCountPlan(db, matching);
    let pageIds: RawBuilder<unknown>;
    if (index) {
      // Seeking straight to the cursor along the index: without the hint MariaDB reads the status from
      // its first order up to the cursor (10,000 rows for page 400).
      const at = cursor ? anchorColumn('orders', 'created_at', cursor.id) : null;
      const after = cursor
        ? sql`AND (created_at ${op} ${at} OR (created_at = ${at} AND id ${op} ${cursor.id}))`
        : sql``;
      pageIds = sql`SELECT id FROM orders FORCE INDEX (${index}) WHERE ${where} ${after}
        ORDER BY created_at ${direction}, id ${direction} LIMIT ${query.pageSize + 1} OFFSET ${offset}`;
    } else {
      const after = cursor ? sql`AND id ${op} ${cursor.id}` : sql``;
      pageIds = sql`SELECT id FROM orders WHERE ${where} ${after} ORDER BY id ${direction} LIMIT ${query.pageSize + 1} OFFSET ${offset}`;
    }
    rows = await listedOrders(db, pageIds, staff, count.known ? null : count.column);
    if (index) await failIfAnchorGone(db, 'orders', cursor, rows);
    // An empty page (past the end, or nothing matches) brings no row to carry the count.
    counted = count.known ?? (rows[0] ? count.read(rows[0].counted) : await cappedCount(db, matching));
    // The join returns the page in no particular order: back to walking order, as pageOf expects.
    if (index) rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
    else rows.sort((a, b) => a.id - b.id);
    if (!ascending) rows.reverse();
  }
  const page = pageOf(rows, query.pageSize, cursor, offset);
  const { total, totalCapped } = counted;
  return {
    orders: page.rows.map(listRow),
    total,
    totalCapped,
    pageCount: totalCapped ? null : Math.max(1, Math.ceil(total / query.pageSize)),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
    /** The text matched more clients than a search looks at: only this many were searched. */
    searchLimitedTo: searchLimited ? MATCHED_CLIENTS : null,
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

/** Every order, newest first (or oldest first), optionally by status or found by number, client email or name. */
export function adminOrders(
  db: Db,
  actor: UserActor,
  input: OrderListInput &
    OrderDateRange & {
      status?: OrderStatus | undefined;
      sort?: 'placed' | undefined;
      dir?: 'asc' | 'desc' | undefined;
    },
) {
  // `sort` has one value (placed): the order every walk of orderList keeps; `dir` turns it round.
  const { status, sort: _placed, dir, ...paging } = input;
  return orderList(db, actor.id, { ...paging, oldestFirst: dir === 'asc', statuses: status ? [status] : [] });
}

/** One client's orders, newest first: the admin's customer page. */
export function clientOrders(db: Db, actor: UserActor, input: OrderListInput & { userId: number }) {
  return orderList(db, actor.id, { ...input, oldestFirst: false, statuses: [] });
}

/** The newest orders, for the admin overview: a few rows from the end of the primary key. */
export async function recentOrders(db: Db, actor: UserActor, limit: number) {
  const rows = await listedOrders(db, sql`SELECT id FROM orders ORDER BY id DESC LIMIT ${limit}`, {
    id: actor.id,
    staff: true,
  });
  return rows.sort((a, b) => b.id - a.id).map(listRow);
}
