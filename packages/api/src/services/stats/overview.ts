// Admin statistics, read from the daily rollups (services/stats/): a year is a few thousand small rows
// whatever the number of orders. The handful of statements run one after another on one pooled
// connection, so two admins on this page hold two connections, never the pool the shop needs.
// Every figure is the one the GROUP BYs over orders, users and subscriptions would give; the tests
// compare them. Days are UTC: the pool talks to MariaDB in UTC, so DATE(...) of a DATETIME is a UTC day.
import type { Database } from '@damso/db';
import { ORDER_STATUSES, statsDayCount } from '@damso/validators';
import { sql } from 'kysely';
import { csvLine } from '../shared/csv.ts';
import { dayDate, utcDay } from './delta.ts';
import { topOffers } from './top-offers.ts';

const DAY_MS = 86_400_000;

export interface StatsRange {
  from: string;
  to: string;
}

function eachDay({ from, to }: StatsRange): string[] {
  const first = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: statsDayCount(from, to) }, (_, i) =>
    new Date(first + i * DAY_MS).toISOString().slice(0, 10),
  );
}

const inRange = (range: StatsRange) => [dayDate(range.from), dayDate(range.to)] as const;

/**
 * Paid and delivered orders by UTC day of payment (all currencies together, as before), and from the
 * same rows the payment-to-delivery average: the ROLLUP row divides the sums as AVG() over the orders
 * would (the same decimal division), so the rounding to minutes lands where it did.
 */
async function revenueByDay(db: Database, range: StatsRange) {
  const [start, end] = inRange(range);
  const { rows } = await sql<{
    day: Date | null;
    cents: string;
    orders: string;
    delivered: string;
    seconds: string | null;
  }>`SELECT day, SUM(revenue_cents) AS cents, SUM(paid_orders) AS orders,
      SUM(delivered_orders) AS delivered, SUM(delivery_seconds) / NULLIF(SUM(delivered_orders), 0) AS seconds
    FROM stats_revenue_days WHERE day >= ${start} AND day <= ${end}
    GROUP BY day WITH ROLLUP`.execute(db);
  const byDay = new Map<string, { revenueCents: number; orders: number }>();
  let delivery = { seconds: null as string | null, orders: 0 };
  for (const r of rows) {
    if (r.day === null) delivery = { seconds: r.seconds, orders: Number(r.delivered) };
    else byDay.set(utcDay(r.day), { revenueCents: Number(r.cents), orders: Number(r.orders) });
  }
  // Every day appears, including quiet ones, so charts and the CSV have no gaps.
  const perDay = eachDay(range).map((day) => ({ day, ...(byDay.get(day) ?? { revenueCents: 0, orders: 0 }) }));
  return { perDay, delivery };
}

/**
 * Subscriptions active or expiring whose end is still ahead: those ending after today (or never, filed
 * under 9999-12-31) from the rollup, those ending later today counted from their index.
 */
async function activeSubscriptions(db: Database, now: Date) {
  const today = dayDate(utcDay(now));
  const tomorrow = new Date(today.getTime() + DAY_MS);
  const { rows } = await sql<{ later: string | null; today: string }>`SELECT
    (SELECT SUM(active) FROM stats_subscription_days WHERE day > ${today}) AS later,
    (SELECT COUNT(*) FROM subscriptions WHERE status IN ('active', 'expiring')
      AND ends_at > ${now} AND ends_at < ${tomorrow}) AS today`.execute(db);
  return Number(rows[0]?.later ?? 0) + Number(rows[0]?.today ?? 0);
}

export function statsOverview(pool: Database, range: StatsRange, now: Date) {
  return pool.connection().execute(async (db) => {
    const [start, end] = inRange(range);
    const revenue = await revenueByDay(db, range);
    const statusRows = await db
      .selectFrom('stats_order_days')
      .select(['status', (eb) => eb.fn.sum<string>('orders').as('n')])
      .where('day', '>=', start)
      .where('day', '<=', end)
      .groupBy('status')
      .execute();
    // Offer revenue is the lines' price × quantity: a coupon discounts the order, not one line, so
    // these sums can exceed the revenue tile by the discounts given.
    const top = await topOffers(db, range.from, range.to);
    const activeSubs = await activeSubscriptions(db, now);
    const clientRows = await db
      .selectFrom('stats_client_days')
      .select(['day', 'clients'])
      .where('day', '>=', start)
      .where('day', '<=', end)
      .where('clients', '!=', 0)
      .execute();

    const revenuePerDay = revenue.perDay;
    const months = new Map<string, { revenueCents: number; orders: number }>();
    for (const d of revenuePerDay) {
      const key = d.day.slice(0, 7);
      const m = months.get(key) ?? { revenueCents: 0, orders: 0 };
      m.revenueCents += d.revenueCents;
      m.orders += d.orders;
      months.set(key, m);
    }
    const statusCounts = new Map(statusRows.map((r) => [r.status, Number(r.n)]));
    const clientsByDay = new Map(clientRows.map((r) => [utcDay(r.day), Number(r.clients)]));
    const { delivery } = revenue;

    return {
      revenuePerDay,
      revenuePerMonth: [...months].map(([month, v]) => ({ month, ...v })),
      totalRevenueCents: revenuePerDay.reduce((s, d) => s + d.revenueCents, 0),
      paidOrders: revenuePerDay.reduce((s, d) => s + d.orders, 0),
      ordersByStatus: ORDER_STATUSES.map((status) => ({ status, count: statusCounts.get(status) ?? 0 })),
      topOffers: top,
      activeSubscriptions: activeSubs,
      newClientsPerDay: eachDay(range).map((day) => ({ day, count: clientsByDay.get(day) ?? 0 })),
      newClients: clientRows.reduce((s, r) => s + Number(r.clients), 0),
      // Null when nothing paid in the range has been delivered yet: "no data", not "zero minutes".
      avgDeliveryMinutes: delivery.seconds === null ? null : Math.round(Number(delivery.seconds) / 60),
      deliveredOrders: delivery.orders,
    };
  });
}

/** Revenue per day as CSV with a header row; amounts in major units with the currency alongside. */
export async function revenueCsv(db: Database, range: StatsRange, currency: string) {
  const rows = (await revenueByDay(db, range)).perDay;
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const lines = [
    ['date', 'paid_orders', 'revenue', 'currency'],
    ...rows.map((r) => [r.day, r.orders, (r.revenueCents / 10 ** digits).toFixed(digits), currency]),
  ];
  return {
    filename: `revenue-${range.from}-to-${range.to}.csv`,
    csv: lines.map(csvLine).join(''),
  };
}
