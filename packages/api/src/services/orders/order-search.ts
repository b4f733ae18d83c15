// Staff's search of the orders (the desk's queues, the admin's list and its CSV export): the order with
// that number, and the orders of the clients whose email or name starts with the text.
//
// Two ways to find a client's orders, picked per way (email, name) by how many clients share the text:
// - few (at most MATCHED_CLIENTS): the clients first, along the users' prefix indexes, then their orders
//   (clientPlan). Complete, and it reads only what it finds: a client's own email is the common search.
// - many ("ada": 2,400 clients at 200k): the orders themselves, along their client copies
//   (orders.client_email / client_name, bucketed by three letters with the order id: migration
//   2026-12-07-99-orders-client-search), in list order, so a page reads about a page of index entries
//   however many clients match (walkPlan). Needs three letters and no filter but one status; without
//   them a shared prefix is searched for its first MATCHED_CLIENTS clients each way, and the list says
//   to type more.
import type { OrderStatus } from '@damso/validators';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../shared/actor.ts';
import { cappedCountPlan, escapeLike, LIST_COUNT_CAP, PoolMemo } from '../shared/list-paging.ts';

/** Clients a search looks at, per way of matching (email, name): a prefix of two letters matches thousands. */
export const MATCHED_CLIENTS = 200;

/** The most orders a search reads: far more than anyone pages through; past the cap it says "1,000+". */
const SEARCH_READ_LIMIT = 5000;

/** Letters of the orders' client buckets (the generated client_email3 / client_name3). */
const BUCKET_LETTERS = 3;

const DAY_MS = 86_400_000;
const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);

/** Orders placed from `createdFrom` to `createdTo`, UTC calendar days (YYYY-MM-DD), both included. */
export interface OrderDateRange {
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
}

export type OrderFilters = OrderDateRange & { statuses: readonly OrderStatus[]; claimedBy?: number; userId?: number };

/**
 * The WHERE of an order list (the desk's, the admin's list and its CSV export), without its search, on
 * the orders table. A date range with one status is read along (status, created_at); without a status,
 * along the primary key, as ids grow with the time an order was placed.
 */
export function filterConditions(query: OrderFilters): RawBuilder<unknown> {
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

type Way = 'email' | 'name';

/** Per way, does the text match more than MATCHED_CLIENTS clients? */
type Shared = Record<Way, boolean>;

/** The text as a LIKE prefix for one way: emails are stored lowercase, names compare without case. */
const likeFor = (way: Way, text: string) => {
  const prefix = `${escapeLike(text)}%`;
  return way === 'email' ? prefix.toLowerCase() : prefix;
};

/** A user (`users` or its alias) whose email or name, one way, starts with the text. */
const userMatches = (way: Way, text: string, alias = 'users') =>
  sql`${sql.ref(`${alias}.${way === 'email' ? 'email' : 'full_name'}`)} LIKE ${likeFor(way, text)}`;

/**
 * What each text was found to match, for a minute: it only picks the cheaper plan (both answer the
 * same), so a stale entry costs time, never a result. Keyed by the lowercased text (both ways ignore case).
 */
const sharedMemo = new PoolMemo<Shared>(60_000);

/** Can the orders' client buckets serve this search: three letters, and no filter but one status? */
function walkable(text: string, filters: OrderFilters): boolean {
  return (
    [...text].length >= BUCKET_LETTERS &&
    filters.statuses.length <= 1 &&
    filters.claimedBy === undefined &&
    filters.userId === undefined &&
    !filters.createdFrom &&
    !filters.createdTo
  );
}

export type SearchPlan =
  /** Every match, as ids in list order (at most SEARCH_READ_LIMIT). */
  | { kind: 'ids'; ids: number[]; limited: boolean }
  /** Too many to list: page along the orders' client buckets (walkPlan). */
  | { kind: 'walk'; shared: Shared };

/**
 * The orders a search finds among the filters', as ids in list order, oldest or newest first, or the
 * walk when the text is shared by many clients and the buckets can serve it.
 *
 * When the filters leave fewer than LIST_COUNT_CAP orders (a desk queue, a day, one client), every one
 * of them is checked against the text: the answer is complete. The same statement says, by a marker
 * row (-3), whether there are more; then, and whenever the filters' count was at the cap moments ago
 * (cappedCountPlan), the clients come first, along their prefix indexes, then their orders along
 * (user_id, created_at, id, status), which holds what the queues and days filter on, so no order row is
 * read (an OR of the two would have MariaDB fetch every candidate row, twice: 100 ms at 1M orders).
 * Marker rows -1 and -2 say the text matches more than MATCHED_CLIENTS clients by email, by name.
 */
export async function searchPlan(
  db: Db,
  text: string,
  filters: OrderFilters,
  oldestFirst: boolean,
): Promise<SearchPlan> {
  const canWalk = walkable(text, filters);
  const key = text.toLowerCase();
  const known = canWalk ? (sharedMemo.get(db, key) ?? null) : null;
  if (known && (known.email || known.name)) return { kind: 'walk', shared: known };
  const where = filterConditions(filters);
  const number = text.toUpperCase();
  const order = sql.raw(oldestFirst ? 'ASC' : 'DESC');
  const markers = sql`UNION (SELECT -1 FROM users WHERE ${userMatches('email', text)} LIMIT 1 OFFSET ${MATCHED_CLIENTS})
    UNION (SELECT -2 FROM users WHERE ${userMatches('name', text)} LIMIT 1 OFFSET ${MATCHED_CLIENTS})`;
  const sharedOf = (ids: number[]) => ({ email: ids.includes(-1), name: ids.includes(-2) });
  const filtered = cappedCountPlan(db, sql`SELECT 1 FROM orders WHERE ${where}`);
  const byNumber = sql`SELECT id FROM orders WHERE number = ${number} AND ${where}`;
  if (!filtered.known) {
    // The number apart, so the walk needs only what (status, out_of_stock, user_id) holds. The markers
    // only when the answer could pick the walk next time (known: already picked against it).
    const { rows } = await sql<{ id: number | string }>`(${byNumber})
      UNION (SELECT o.id FROM (SELECT id, user_id FROM orders WHERE ${where} LIMIT ${LIST_COUNT_CAP}) o
        JOIN users u ON u.id = o.user_id WHERE ${userMatches('email', text, 'u')} OR ${userMatches('name', text, 'u')})
      UNION (SELECT -3 FROM orders WHERE ${where} LIMIT 1 OFFSET ${LIST_COUNT_CAP - 1})
      ${canWalk && !known ? markers : sql``}
      ORDER BY id < 0 DESC, id ${order} LIMIT ${SEARCH_READ_LIMIT + 3}`.execute(db);
    const ids = rows.map((r) => Number(r.id));
    const many = ids.includes(-3);
    // Remembered as the filters' count: at the cap, or (any number) below it.
    filtered.read(many ? LIST_COUNT_CAP : 0);
    if (canWalk && !known) {
      const shared = sharedOf(ids);
      sharedMemo.set(db, key, shared);
      if (many && (shared.email || shared.name)) return { kind: 'walk', shared };
    }
    if (!many) return { kind: 'ids', ids: ids.filter((id) => id > 0), limited: false };
  }
  const { rows } = await sql<{ id: number | string }>`(${byNumber})
    UNION (SELECT o.id FROM (
        (SELECT id FROM users WHERE ${userMatches('email', text)} LIMIT ${MATCHED_CLIENTS})
        UNION (SELECT id FROM users WHERE ${userMatches('name', text)} LIMIT ${MATCHED_CLIENTS})) c
      JOIN orders o FORCE INDEX (orders_user_created_idx) ON o.user_id = c.id WHERE ${where})
    ${markers}
    ORDER BY id < 0 DESC, id ${order} LIMIT ${SEARCH_READ_LIMIT + 2}`.execute(db);
  const ids = rows.map((r) => Number(r.id));
  const shared = sharedOf(ids);
  if (canWalk) {
    sharedMemo.set(db, key, shared);
    if (shared.email || shared.name) return { kind: 'walk', shared };
  }
  const found = ids.filter((id) => id > 0).slice(0, SEARCH_READ_LIMIT);
  return { kind: 'ids', ids: found, limited: shared.email || shared.name };
}

/** Where a page starts: after (or before) the order with this id. */
export type WalkFrom = { op: '>' | '<'; id: number } | null;

/**
 * The walk: per way, the orders' client bucket (status, three letters, id) in list order when the text
 * is shared by many clients, else the few clients' orders along (user_id, …); with the order number.
 * `page` selects the ids of one page (`take` rows after `offset`, from `from`), `set` the matches to
 * count, each way stopping at LIST_COUNT_CAP.
 */
export function walkPlan(
  text: string,
  filters: OrderFilters,
  shared: Shared,
  ascending: boolean,
): { page: (from: WalkFrom, take: number, offset: number) => RawBuilder<unknown>; set: RawBuilder<unknown> } {
  const where = filterConditions(filters);
  const status = filters.statuses[0];
  const letters = [...text].slice(0, BUCKET_LETTERS).join('');
  const direction = sql.raw(ascending ? 'ASC' : 'DESC');
  const after = (column: string, from: WalkFrom) =>
    from ? sql`AND ${sql.ref(column)} ${sql.raw(from.op)} ${from.id}` : sql``;
  const way = (column: Way, from: WalkFrom, take: number) => {
    if (!shared[column]) {
      return sql`SELECT o.id FROM (SELECT id FROM users WHERE ${userMatches(column, text)} LIMIT ${MATCHED_CLIENTS}) c
        JOIN orders o FORCE INDEX (orders_user_created_idx) ON o.user_id = c.id
        WHERE ${where} ${after('o.id', from)} ORDER BY o.id ${direction} LIMIT ${take}`;
    }
    const bucket = sql.ref(`client_${column}3`);
    const copy = sql.ref(`client_${column}`);
    const index = sql.raw(status ? `orders_status_client_${column}_idx` : `orders_client_${column}_idx`);
    const bucketValue = column === 'email' ? letters.toLowerCase() : letters;
    return sql`SELECT id FROM orders FORCE INDEX (${index})
      WHERE ${status ? sql`status = ${status} AND` : sql``} ${bucket} = ${bucketValue} AND ${copy} LIKE ${likeFor(column, text)}
        ${after('id', from)} ORDER BY id ${direction} LIMIT ${take}`;
  };
  const ways = (from: WalkFrom, take: number) => sql`(${way('email', from, take)})
    UNION (${way('name', from, take)})
    UNION (SELECT id FROM orders WHERE number = ${text.toUpperCase()} AND ${where} ${after('id', from)})`;
  return {
    page: (from, take, offset) =>
      sql`SELECT id FROM (${ways(from, take + offset)}) m ORDER BY id ${direction} LIMIT ${take} OFFSET ${offset}`,
    set: sql`SELECT 1 FROM (${ways(null, LIST_COUNT_CAP)}) m`,
  };
}

/** The ids a search finds, newest first, at most SEARCH_READ_LIMIT (the CSV export's WHERE). */
export async function searchedOrderIds(db: Db, text: string, filters: OrderFilters): Promise<number[]> {
  const plan = await searchPlan(db, text, filters, false);
  if (plan.kind === 'ids') return plan.ids;
  const { page } = walkPlan(text, filters, plan.shared, false);
  const { rows } = await sql<{ id: number | string }>`${page(null, SEARCH_READ_LIMIT, 0)}`.execute(db);
  return rows.map((r) => Number(r.id));
}
