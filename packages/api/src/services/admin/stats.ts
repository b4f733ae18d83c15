// Admin statistics: a handful of GROUP BY queries, each bounded by an indexed column (orders.paid_at,
// orders (status, created_at), users.created_at, subscriptions (status, ends_at)), run side by side.
// Dates are UTC: the pool talks to MariaDB with timezone 'Z', so DATE(...) of a stored DATETIME is a UTC day.
import type { Database } from '@damso/db';
import { ORDER_STATUSES, statsDayCount } from '@damso/validators';
import { sql } from 'kysely';

const DAY_MS = 86_400_000;
// Money counts once it is confirmed; a refund takes it back, so refunded orders are left out.
const EARNING = ['paid', 'delivered'] as const;

export interface StatsRange {
  from: string;
  to: string;
}

function bounds({ from, to }: StatsRange) {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS);
  return { start, end };
}

function eachDay({ from, to }: StatsRange): string[] {
  const first = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: statsDayCount(from, to) }, (_, i) =>
    new Date(first + i * DAY_MS).toISOString().slice(0, 10),
  );
}

async function revenueByDay(db: Database, range: StatsRange) {
  const { start, end } = bounds(range);
  const rows = await db
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
  const byDay = new Map(rows.map((r) => [r.day, { revenueCents: Number(r.cents), orders: Number(r.orders) }]));
  // Every day appears, including quiet ones, so charts and the CSV have no gaps.
  return eachDay(range).map((day) => ({ day, ...(byDay.get(day) ?? { revenueCents: 0, orders: 0 }) }));
}

export async function statsOverview(db: Database, range: StatsRange, now: Date) {
  const { start, end } = bounds(range);
  const [revenuePerDay, statusRows, topRows, activeRow, clientRows, deliveryRow] = await Promise.all([
    revenueByDay(db, range),
    db
      .selectFrom('orders')
      .select(['status', sql<string>`COUNT(*)`.as('n')])
      // Naming every status lets MariaDB range-scan (status, created_at) once per status.
      .where('status', 'in', ORDER_STATUSES)
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .groupBy('status')
      .execute(),
    // Offer revenue is the lines' price × quantity: a coupon discounts the order, not one line, so
    // these sums can exceed the revenue tile by the discounts given.
    db
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
      .execute(),
    db
      .selectFrom('subscriptions')
      .select(sql<string>`COUNT(*)`.as('n'))
      .where('status', 'in', ['active', 'expiring'])
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('users')
      .select([sql<string>`DATE_FORMAT(created_at, '%Y-%m-%d')`.as('day'), sql<string>`COUNT(*)`.as('n')])
      .where('role', '=', 'client')
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .groupBy('day')
      .execute(),
    db
      .selectFrom('orders')
      .select([
        sql<string | null>`AVG(TIMESTAMPDIFF(SECOND, paid_at, delivered_at))`.as('seconds'),
        sql<string>`COUNT(*)`.as('n'),
      ])
      .where('paid_at', '>=', start)
      .where('paid_at', '<', end)
      .where('status', '=', 'delivered')
      .where('delivered_at', 'is not', null)
      .executeTakeFirstOrThrow(),
  ]);

  const months = new Map<string, { revenueCents: number; orders: number }>();
  for (const d of revenuePerDay) {
    const key = d.day.slice(0, 7);
    const m = months.get(key) ?? { revenueCents: 0, orders: 0 };
    m.revenueCents += d.revenueCents;
    m.orders += d.orders;
    months.set(key, m);
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
    newClientsPerDay: eachDay(range).map((day) => ({ day, count: clientsByDay.get(day) ?? 0 })),
    newClients: clientRows.reduce((s, r) => s + Number(r.n), 0),
    // Null when nothing paid in the range has been delivered yet: "no data", not "zero minutes".
    avgDeliveryMinutes: deliveryRow.seconds === null ? null : Math.round(Number(deliveryRow.seconds) / 60),
    deliveredOrders: Number(deliveryRow.n),
  };
}

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** Revenue per day as CSV with a header row; amounts in major units with the currency alongside. */
export async function revenueCsv(db: Database, range: StatsRange, currency: string) {
  const rows = await revenueByDay(db, range);
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const lines = [
    ['date', 'paid_orders', 'revenue', 'currency'],
    ...rows.map((r) => [r.day, r.orders, (r.revenueCents / 10 ** digits).toFixed(digits), currency]),
  ];
  return {
    filename: `revenue-${range.from}-to-${range.to}.csv`,
    csv: `${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`,
  };
}
