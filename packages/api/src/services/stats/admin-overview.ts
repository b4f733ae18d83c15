// The admin's morning overview: today's and this month's figures against the same span of the period
// before, the to-dos the viewer may act on, the newest orders and this month's best sellers.
//
// Figures come from the daily rollups (rollups.ts), so they cost a few small rows whatever the number
// of orders. "The same span" is the previous period up to the same moment: today so far against
// yesterday until the same time, the month so far against the previous month until the same day and
// time (or all of it when it is shorter). The rollups hold whole UTC days, so the one partial day of a
// previous span (yesterday, or that day of last month) is read from the orders placed or paid in it,
// along their indexes: a day's orders, never the whole table. Days are UTC, as on the statistics page.
import type { Database } from '@damso/db';
import { can, ORDER_STATUSES, type Permission } from '@damso/validators';
import { sql } from 'kysely';
import { lowStockOffers, stockPagePath } from '../catalog/low-stock.ts';
import { commentsToModerate } from '../comments/moderation.ts';
import { deskCounts, recentOrders } from '../orders/desk-queries.ts';
import type { Deps, UserActor } from '../shared/actor.ts';
import { dayDate, EARNING, utcDay } from './delta.ts';
import { topOffers } from './top-offers.ts';

const DAY_MS = 86_400_000;
const RECENT = 5;

export interface Figures {
  revenueCents: number;
  /** Paid orders, by the day they were paid: the orders the revenue comes from. */
  paidOrders: number;
  /** Orders placed, whatever became of them. */
  placedOrders: number;
}

const startOfDay = (t: Date) => dayDate(utcDay(t));

/** Figures over [start, end): `start` is a midnight; whole days from the rollups, a last partial day from the orders. */
async function figures(db: Database, start: Date, end: Date): Promise<Figures> {
  const lastMidnight = startOfDay(end);
  const wholeEnd = lastMidnight < start ? start : lastMidnight;
  const { rows } = await sql<{ cents: string | null; paid: string | null; placed: string | null }>`SELECT
    (SELECT SUM(revenue_cents) FROM stats_revenue_days WHERE day >= ${start} AND day < ${wholeEnd}) AS cents,
    (SELECT SUM(paid_orders) FROM stats_revenue_days WHERE day >= ${start} AND day < ${wholeEnd}) AS paid,
    (SELECT SUM(orders) FROM stats_order_days WHERE day >= ${start} AND day < ${wholeEnd}) AS placed`.execute(db);
  const whole = rows[0];
  const sum: Figures = {
    revenueCents: Number(whole?.cents ?? 0),
    paidOrders: Number(whole?.paid ?? 0),
    placedOrders: Number(whole?.placed ?? 0),
  };
  if (end > wholeEnd) {
    // The same rules as the rollups (delta.ts): money of paid and delivered orders by payment time,
    // orders of any status by the time they were placed. Naming every status lets the count walk
    // (status, created_at) instead of the table.
    const part = await sql<{ cents: string | null; paid: string; placed: string }>`SELECT
      (SELECT SUM(total_cents) FROM orders
        WHERE paid_at >= ${wholeEnd} AND paid_at < ${end} AND status IN (${sql.join(EARNING)})) AS cents,
      (SELECT COUNT(*) FROM orders
        WHERE paid_at >= ${wholeEnd} AND paid_at < ${end} AND status IN (${sql.join(EARNING)})) AS paid,
      (SELECT COUNT(*) FROM orders
        WHERE status IN (${sql.join(ORDER_STATUSES)}) AND created_at >= ${wholeEnd} AND created_at < ${end}) AS placed`.execute(
      db,
    );
    const p = part.rows[0];
    sum.revenueCents += Number(p?.cents ?? 0);
    sum.paidOrders += Number(p?.paid ?? 0);
    sum.placedOrders += Number(p?.placed ?? 0);
  }
  return sum;
}

/**
 * The periods compared at `now`: each current span runs from its start to the end of today (nothing
 * is paid later than now), each previous span from its start to the same moment one period back.
 */
export function overviewPeriods(now: Date) {
  const today = startOfDay(now);
  const tomorrow = new Date(today.getTime() + DAY_MS);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const monthStart = new Date(Date.UTC(y, m, 1));
  const previousMonthStart = new Date(Date.UTC(y, m - 1, 1));
  // The same day and time last month; on the 31st after a 30-day month, the whole previous month.
  const sameTimeLastMonth = new Date(
    Date.UTC(
      y,
      m - 1,
      now.getUTCDate(),
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
      now.getUTCMilliseconds(),
    ),
  );
  return {
    today: {
      from: today,
      to: tomorrow,
      previousFrom: new Date(today.getTime() - DAY_MS),
      previousTo: new Date(now.getTime() - DAY_MS),
    },
    month: {
      from: monthStart,
      to: tomorrow,
      previousFrom: previousMonthStart,
      previousTo: sameTimeLastMonth < monthStart ? sameTimeLastMonth : monthStart,
    },
  };
}

export type OverviewTodo =
  | { id: 'payment_review' | 'paid' | 'comments' | 'failed_emails'; count: number; link: string }
  | {
      id: 'low_stock';
      count: number;
      link: string;
      offers: Array<{ id: number; title: string; available: number; threshold: number; link: string }>;
    };

/**
 * The to-dos, each only for a viewer who may open the page it links to (the role table the server
 * checks, so a link never leads to a refusal). Every count reads an index over a small set.
 */
async function todos(db: Database, actor: UserActor, may: (p: Permission) => boolean): Promise<OverviewTodo[]> {
  const list: OverviewTodo[] = [];
  if (may('desk:work')) {
    const desk = await deskCounts(db, actor);
    list.push({ id: 'payment_review', count: desk.payment_review, link: '/desk/queue/payment_review' });
    list.push({ id: 'paid', count: desk.paid, link: '/desk/queue/paid' });
  }
  if (may('admin:offers')) {
    const low = await lowStockOffers(db);
    const offers = low.offers.map((o) => ({ ...o, link: stockPagePath(o.id) }));
    // The offers list filtered to them, and the most urgent each to its stock codes.
    list.push({ id: 'low_stock', count: low.count, link: '/admin/offers?stock=low', offers });
  }
  if (may('admin:moderate')) {
    list.push({ id: 'comments', count: await commentsToModerate(db), link: '/admin/comments?tab=reported' });
  }
  if (may('admin:settings')) {
    const { n } = await db
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    list.push({ id: 'failed_emails', count: Number(n), link: '/admin/outbox?status=failed' });
  }
  return list;
}

/** The overview, for a holder of admin:stats; sections needing other permissions are left out for others. */
export function adminOverview(pool: Database, actor: UserActor, deps: Deps) {
  const may = (p: Permission) => can(actor.role, p, deps.config.permissions);
  const periods = overviewPeriods(deps.now);
  // One pooled connection for the handful of statements, as the statistics page does.
  return pool.connection().execute(async (db) => {
    const { today, month } = periods;
    const todayNow = await figures(db, today.from, today.to);
    const yesterday = await figures(db, today.previousFrom, today.previousTo);
    const monthNow = await figures(db, month.from, month.to);
    const lastMonth = await figures(db, month.previousFrom, month.previousTo);
    const top = await topOffers(db, utcDay(month.from), utcDay(today.from));
    return {
      currency: deps.config.currency,
      now: deps.now,
      periods,
      today: { current: todayNow, previous: yesterday },
      month: { current: monthNow, previous: lastMonth },
      todos: await todos(db, actor, may),
      recentOrders: may('admin:orders') ? await recentOrders(db, actor, RECENT) : null,
      topOffers: top,
    };
  });
}
