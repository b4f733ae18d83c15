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
  failIfAnchorGone,
  offsetOf,
  pageOf,
  parseListCursor,
} from '../shared/list-paging.ts';
import { type ListedRow, listedOrders, listRow } from './list-rows.ts';
import {
  filterConditions,
  MATCHED_CLIENTS,
  type OrderDateRange,
  searchedOrderIds,
  searchPlan,
  walkPlan,
} from './order-search.ts';

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

export interface OrderListInput {
  q?: string | undefined;
  page: number;
  pageSize: number;
  cursor?: string | undefined;
}

interface OrderListQuery extends OrderListInput, OrderDateRange {
  statuses: readonly OrderStatus[];
  claimedBy?: number;
  /** One client's orders (the admin's customer page), along (user_id, created_at). */
  userId?: number;
  /** The desk works oldest first, so no order waits forever; the admin's list shows the newest first. */
  oldestFirst: boolean;
}

/** The WHERE of the admin's CSV export: its filters, and for a search, the orders it finds. */
export async function orderConditions(
  db: Db,
  query: OrderDateRange & { statuses: readonly OrderStatus[]; q?: string | undefined },
): Promise<RawBuilder<unknown>> {
  const text = query.q?.trim();
  if (!text) return filterConditions(query);
  const ids = await searchedOrderIds(db, text, query);
  return ids.length ? sql`id IN (${sql.join(ids)})` : sql`FALSE`;
}

/**
 * One page of orders for the desk's queues and the admin's list. The count stops at LIST_COUNT_CAP and
 * deep pages continue from a cursor (list-paging.ts), so no request reads more than a page of the
 * million orders: along (status, created_at) for one status, (created_at) for days, else the primary
 * key (ids grow with the time an order was placed). The text finds an order number, or a client by
 * email or name prefix (order-search.ts): its matches are read once and paged here, or, when many clients
 * share the text, paged along the orders' client buckets like the lists along their indexes.
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
  const search = text ? await searchPlan(db, text, query, query.oldestFirst) : null;
  if (search?.kind === 'ids') {
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
    // A text shared by many clients is paged along the orders' client buckets, like a list along its index.
    const walk = search && text ? walkPlan(text, query, search.shared, ascending) : null;
    // The count comes with the page when it is not known to be at the cap (cappedCountPlan).
    const matching = walk ? walk.set : sql`SELECT 1 FROM orders WHERE ${where}`;
    const count = cappedCountPlan(db, matching);
    let pageIds: RawBuilder<unknown>;
    if (walk) {
      pageIds = walk.page(cursor ? { op: ascending ? '>' : '<', id: cursor.id } : null, query.pageSize + 1, offset);
    } else if (index) {
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
