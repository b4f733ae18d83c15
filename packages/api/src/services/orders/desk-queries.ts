// The desk's queue and counts, and the admin's order list. Oldest first, so no order waits forever.
import type { DB } from '@damso/db';
import type { OrderStatus } from '@damso/validators';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
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

function orderRows(db: Db) {
  return db
    .selectFrom('orders')
    .select([
      'id',
      'number',
      'user_id',
      'status',
      'total_cents as totalCents',
      'currency',
      'created_at as createdAt',
      'paid_at as paidAt',
      'out_of_stock as outOfStock',
      'claimed_by as claimedById',
    ]);
}
type OrderRow = Awaited<ReturnType<ReturnType<typeof orderRows>['execute']>>[number];

/**
 * Adds items, unread counts and people's names with one query each. Names come from a separate
 * primary-key lookup rather than a join, so the queue query stays on the (status, created_at) index.
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
  return rows.map(({ id, user_id, ...r }) => ({
    ...r,
    number: r.number ?? '',
    outOfStock: Boolean(r.outOfStock),
    clientName: byId.get(user_id)?.full_name ?? '',
    clientEmail: byId.get(user_id)?.email ?? '',
    claimedByName: r.claimedById === null ? null : (byId.get(r.claimedById)?.full_name ?? null),
    items: items.get(id) ?? [],
    unread: unread.get(id) ?? 0,
  }));
}

export async function deskQueue(db: Db, actor: UserActor, { queue, limit }: { queue: DeskQueue; limit: number }) {
  const staffId = actor.id;
  let q = orderRows(db).orderBy('created_at').orderBy('id').limit(limit);
  q =
    queue === 'mine'
      ? q.where('claimed_by', '=', staffId).where('status', 'in', ['awaiting_payment', 'payment_review', 'paid'])
      : q.where('status', '=', queue);
  return withDetails(db, await q.execute(), staffId);
}

/**
 * Every order, newest first, optionally by status or for one number or client email. The count stops
 * at LIST_COUNT_CAP and deep pages continue from a cursor (list-paging.ts), so no request reads more
 * than a page of the million orders: by id along the primary key, or by (status, created_at).
 */
export async function adminOrders(
  db: Db,
  actor: UserActor,
  input: { status?: OrderStatus; q?: string; page: number; pageSize: number; cursor?: string },
) {
  const staffId = actor.id;
  const text = input.q?.trim();
  const filter = (eb: ExpressionBuilder<DB, 'orders'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (input.status) conditions.push(eb('status', '=', input.status));
    if (text) {
      const email = `${escapeLike(text)}%`;
      conditions.push(
        eb.or([
          eb('number', '=', text.toUpperCase()),
          eb('user_id', 'in', eb.selectFrom('users').select('id').where('email', 'like', email)),
        ]),
      );
    }
    return eb.and(conditions);
  };
  const cursor = parseListCursor(input.cursor);
  const offset = cursor ? 0 : offsetOf(input.page, input.pageSize);
  const backward = cursor?.direction === 'before';
  const dir = backward ? 'asc' : 'desc';
  const op = backward ? '>' : '<';
  const anchor =
    cursor && input.status
      ? anchorOrFail(
          await db.selectFrom('orders').select(['id', 'created_at']).where('id', '=', cursor.id).executeTakeFirst(),
        )
      : null;
  const count = db
    .selectFrom(db.selectFrom('orders').select('id').where(filter).limit(LIST_COUNT_CAP).as('t'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  let rows: OrderRow[];
  if (input.status && !text) {
    // By status along (status, created_at), seeking straight to the cursor: without the hint MariaDB
    // reads the status from its newest order down to the cursor (10,000 rows for page 400).
    const after = anchor
      ? sql`AND (created_at ${sql.raw(op)} ${anchor.created_at} OR (created_at = ${anchor.created_at} AND id ${sql.raw(op)} ${anchor.id}))`
      : sql``;
    const direction = sql.raw(dir.toUpperCase());
    rows = (
      await sql<OrderRow>`SELECT id, number, user_id, status, total_cents AS totalCents, currency,
          created_at AS createdAt, paid_at AS paidAt, out_of_stock AS outOfStock, claimed_by AS claimedById
        FROM orders FORCE INDEX (orders_status_created_idx)
        WHERE status = ${input.status} ${after}
        ORDER BY created_at ${direction}, id ${direction} LIMIT ${input.pageSize + 1} OFFSET ${offset}`.execute(db)
    ).rows;
  } else {
    // Along the primary key, newest first.
    let q = orderRows(db).where(filter);
    if (cursor) q = q.where('id', op, cursor.id);
    q = input.status ? q.orderBy('created_at', dir).orderBy('id', dir) : q.orderBy('id', dir);
    rows = await q
      .limit(input.pageSize + 1)
      .offset(offset)
      .execute();
  }
  const counted = await count;
  const page = pageOf(rows, input.pageSize, cursor, offset);
  const { total, totalCapped } = cappedTotal(counted.n);
  return {
    orders: await withDetails(db, page.rows, staffId),
    total,
    totalCapped,
    pageCount: totalCapped ? null : Math.max(1, Math.ceil(total / input.pageSize)),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
  };
}
