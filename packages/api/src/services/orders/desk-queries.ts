// The desk's queue and counts, and the admin's order list. Oldest first, so no order waits forever.
import type { DB } from '@damso/db';
import type { OrderStatus } from '@damso/validators';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Db } from './common.ts';
import { itemsByOrder, unreadByOrder } from './queries.ts';

export type DeskQueue = 'payment_review' | 'paid' | 'awaiting_payment' | 'mine';

export async function deskCounts(db: Db, staffId: number) {
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
    itemsByOrder(db, ids),
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

export async function deskQueue(db: Db, staffId: number, queue: DeskQueue, limit: number) {
  let q = orderRows(db).orderBy('created_at').orderBy('id').limit(limit);
  q =
    queue === 'mine'
      ? q.where('claimed_by', '=', staffId).where('status', 'in', ['awaiting_payment', 'payment_review', 'paid'])
      : q.where('status', '=', queue);
  return withDetails(db, await q.execute(), staffId);
}

export async function adminOrders(
  db: Db,
  staffId: number,
  input: { status?: OrderStatus; q?: string; page: number; pageSize: number },
) {
  const text = input.q?.trim();
  const filter = (eb: ExpressionBuilder<DB, 'orders'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (input.status) conditions.push(eb('status', '=', input.status));
    if (text) {
      const email = `${text.replace(/[%_\\]/g, '\\$&')}%`;
      conditions.push(
        eb.or([
          eb('number', '=', text.toUpperCase()),
          eb('user_id', 'in', eb.selectFrom('users').select('id').where('email', 'like', email)),
        ]),
      );
    }
    return eb.and(conditions);
  };
  const total = await countRows(db).where(filter).executeTakeFirstOrThrow();
  // With a status the (status, created_at) index gives the order; without one the primary key does.
  let q = orderRows(db).where(filter);
  q = input.status ? q.orderBy('created_at', 'desc').orderBy('id', 'desc') : q.orderBy('id', 'desc');
  const rows = await q
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  const n = Number(total.n);
  return {
    orders: await withDetails(db, rows, staffId),
    total: n,
    pageCount: Math.max(1, Math.ceil(n / input.pageSize)),
  };
}

function countRows(db: Db) {
  return db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n'));
}
