// Test helpers for the statistics: the figures computed from scratch with GROUP BYs over orders,
// users and subscriptions (what the page showed before the rollups, kept as the reference the
// rollups must equal), and the rollup tables' contents for comparing the incremental upkeep with a
// rebuild.
import type { Database } from '@damso/db';
import { ORDER_STATUSES, statsDayCount } from '@damso/validators';
import { sql } from 'kysely';

const DAY_MS = 86_400_000;
const EARNING = ['paid', 'delivered'] as const;

function eachDay(from: string, to: string): string[] {
  const first = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: statsDayCount(from, to) }, (_, i) =>
    new Date(first + i * DAY_MS).toISOString().slice(0, 10),
  );
}

/** The statistics overview (without the currency) straight from the source tables. */
export async function statsFromScratch(db: Database, range: { from: string; to: string }, now: Date) {
  const start = new Date(`${range.from}T00:00:00Z`);
  const end = new Date(Date.parse(`${range.to}T00:00:00Z`) + DAY_MS);
  const revenueRows = await db
    .selectFrom('orders')
    .select([
      sql<string>`DATE_FORMAT(paid_at, '%Y-%m-%d')`.as('day'),
      sql<string>`SUM(total_cents)`.as('cents'),
      sql<string>`COUNT(*)`.as('orders'),
    ])
    .where('paid_at', '>=', start)
    .where('paid_at', '<', end)
    .where('status', 'in', EARNING)
    .groupBy('day')
    .execute();
  const byDay = new Map(revenueRows.map((r) => [r.day, { revenueCents: Number(r.cents), orders: Number(r.orders) }]));
  const revenuePerDay = eachDay(range.from, range.to).map((day) => ({
    day,
    ...(byDay.get(day) ?? { revenueCents: 0, orders: 0 }),
  }));
  const statusRows = await db
    .selectFrom('orders')
    .select(['status', sql<string>`COUNT(*)`.as('n')])
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .groupBy('status')
    .execute();
  const topRows = await db
    .selectFrom('orders as o')
    .innerJoin('order_items as i', 'i.order_id', 'o.id')
    .select([
      'i.offer_id',
      sql<string>`MAX(i.title)`.as('title'),
      sql<string>`SUM(i.unit_price_cents * i.quantity)`.as('cents'),
      sql<string>`SUM(i.quantity)`.as('units'),
    ])
    .where('o.paid_at', '>=', start)
    .where('o.paid_at', '<', end)
    .where('o.status', 'in', EARNING)
    .groupBy('i.offer_id')
    .orderBy('cents', 'desc')
    .orderBy('i.offer_id')
    .limit(5)
    .execute();
  const activeRow = await db
    .selectFrom('subscriptions')
    .select(sql<string>`COUNT(*)`.as('n'))
    .where('status', 'in', ['active', 'expiring'])
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .executeTakeFirstOrThrow();
  const clientRows = await db
    .selectFrom('users')
    .select([sql<string>`DATE_FORMAT(created_at, '%Y-%m-%d')`.as('day'), sql<string>`COUNT(*)`.as('n')])
    .where('role', '=', 'client')
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .groupBy('day')
    .execute();
  const deliveryRow = await db
    .selectFrom('orders')
    .select([
      sql<string | null>`AVG(TIMESTAMPDIFF(SECOND, paid_at, delivered_at))`.as('seconds'),
      sql<string>`COUNT(*)`.as('n'),
    ])
    .where('paid_at', '>=', start)
    .where('paid_at', '<', end)
    .where('status', '=', 'delivered')
    .where('delivered_at', 'is not', null)
    .executeTakeFirstOrThrow();

  const months = new Map<string, { revenueCents: number; orders: number }>();
  for (const d of revenuePerDay) {
    const m = months.get(d.day.slice(0, 7)) ?? { revenueCents: 0, orders: 0 };
    m.revenueCents += d.revenueCents;
    m.orders += d.orders;
    months.set(d.day.slice(0, 7), m);
  }
  const statusCounts = new Map(statusRows.map((r) => [r.status, Number(r.n)]));
  const clientsByDay = new Map(clientRows.map((r) => [r.day, Number(r.n)]));
  return {
    revenuePerDay,
    revenuePerMonth: [...months].map(([month, v]) => ({ month, ...v })),
    totalRevenueCents: revenuePerDay.reduce((s, d) => s + d.revenueCents, 0),
    paidOrders: revenuePerDay.reduce((s, d) => s + d.orders, 0),
    ordersByStatus: ORDER_STATUSES.map((status) => ({ status, count: statusCounts.get(status) ?? 0 })),
    topOffers: topRows.map((r) => ({
      offerId: Number(r.offer_id),
      title: r.title,
      revenueCents: Number(r.cents),
      units: Number(r.units),
    })),
    activeSubscriptions: Number(activeRow.n),
    newClientsPerDay: eachDay(range.from, range.to).map((day) => ({ day, count: clientsByDay.get(day) ?? 0 })),
    newClients: clientRows.reduce((s, r) => s + Number(r.n), 0),
    avgDeliveryMinutes: deliveryRow.seconds === null ? null : Math.round(Number(deliveryRow.seconds) / 60),
    deliveredOrders: Number(deliveryRow.n),
  };
}

const ROLLUPS = {
  stats_order_days: ['day', 'status', 'orders'],
  stats_revenue_days: ['day', 'currency', 'paid_orders', 'revenue_cents', 'delivered_orders', 'delivery_seconds'],
  stats_offer_days: ['offer_id', 'day', 'revenue_cents', 'units'],
  stats_offer_months: ['offer_id', 'month', 'revenue_cents', 'units'],
  stats_offer_titles: ['offer_id', 'day', 'title', 'items', 'revenue_cents', 'units'],
  stats_client_days: ['day', 'clients'],
  stats_subscription_days: ['day', 'active'],
} as const;

/**
 * Every rollup row that counts something, as text lines, plus the greatest ids they hold. (The
 * upkeep keeps a per-row greatest id that only grows, where a rebuild takes the current one, so
 * rows agree on their figures and the tables on their overall greatest id.)
 */
export async function rollupContents(db: Database) {
  const tables: Record<string, string[]> = {};
  for (const [table, columns] of Object.entries(ROLLUPS)) {
    const counters = columns.filter((c) => !['day', 'month', 'status', 'currency', 'offer_id', 'title'].includes(c));
    const { rows } = await sql<Record<string, unknown>>`SELECT ${sql.join(columns.map((c) => sql.ref(c)))}
      FROM ${sql.table(table)} WHERE ${sql.join(
        counters.map((c) => sql`${sql.ref(c)} <> 0`),
        sql` OR `,
      )}`.execute(db);
    tables[table] = rows
      .map((r) =>
        columns.map((c) => (r[c] instanceof Date ? (r[c] as Date).toISOString().slice(0, 10) : String(r[c]))).join('|'),
      )
      .sort();
  }
  const { rows } = await sql<{ o: number; u: number; s: number }>`SELECT
    (SELECT COALESCE(MAX(max_order_id), 0) FROM stats_order_days) AS o,
    (SELECT COALESCE(MAX(max_user_id), 0) FROM stats_client_days) AS u,
    (SELECT COALESCE(MAX(max_subscription_id), 0) FROM stats_subscription_days) AS s`.execute(db);
  return { tables, greatestIds: rows[0] };
}
