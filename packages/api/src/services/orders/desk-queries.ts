// The desk's queue and counts, and the admin's order list. Oldest first, so no order waits forever.
import type { OrderStatus } from '@damso/validators';
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
    .selectFrom('orders as o')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .leftJoin('users as c', 'c.id', 'o.claimed_by')
    .select([
      'o.id',
      'o.number',
      'o.status',
      'o.total_cents as totalCents',
      'o.currency',
      'o.created_at as createdAt',
      'o.paid_at as paidAt',
      'o.out_of_stock as outOfStock',
      'o.claimed_by as claimedById',
      'c.full_name as claimedByName',
      'u.full_name as clientName',
      'u.email as clientEmail',
    ]);
}

async function withItems(db: Db, rows: Awaited<ReturnType<ReturnType<typeof orderRows>['execute']>>, staffId: number) {
  const ids = rows.map((r) => r.id);
  const [items, unread] = await Promise.all([itemsByOrder(db, ids), unreadByOrder(db, ids, staffId, true)]);
  return rows.map(({ id, ...r }) => ({
    ...r,
    number: r.number ?? '',
    outOfStock: Boolean(r.outOfStock),
    items: items.get(id) ?? [],
    unread: unread.get(id) ?? 0,
  }));
}

export async function deskQueue(db: Db, staffId: number, queue: DeskQueue, limit: number) {
  let q = orderRows(db).orderBy('o.created_at').orderBy('o.id').limit(limit);
  q =
    queue === 'mine'
      ? q.where('o.claimed_by', '=', staffId).where('o.status', 'in', ['awaiting_payment', 'payment_review', 'paid'])
      : q.where('o.status', '=', queue);
  return withItems(db, await q.execute(), staffId);
}

export async function adminOrders(
  db: Db,
  staffId: number,
  input: { status?: OrderStatus; q?: string; page: number; pageSize: number },
) {
  let base = db.selectFrom('orders as o').innerJoin('users as u', 'u.id', 'o.user_id');
  if (input.status) base = base.where('o.status', '=', input.status);
  const text = input.q?.trim();
  if (text) {
    base = base.where((eb) =>
      eb.or([eb('o.number', '=', text.toUpperCase()), eb('u.email', 'like', `${text.replace(/[%_\\]/g, '\\$&')}%`)]),
    );
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let q = orderRows(db)
    .orderBy('o.id', 'desc')
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  if (input.status) q = q.where('o.status', '=', input.status);
  if (text) {
    q = q.where((eb) =>
      eb.or([eb('o.number', '=', text.toUpperCase()), eb('u.email', 'like', `${text.replace(/[%_\\]/g, '\\$&')}%`)]),
    );
  }
  const rows = await withItems(db, await q.execute(), staffId);
  return { orders: rows, total: Number(total.n), pageCount: Math.max(1, Math.ceil(Number(total.n) / input.pageSize)) };
}
