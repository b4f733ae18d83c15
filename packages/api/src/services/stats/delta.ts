// What a change to an order, an account or a subscription counts in the statistics rollups (see the
// 2026-12-02-20 migration), as sums per rollup row: the row before the change is taken away, the row
// after it added, and what cancels out is never written. Plain data; rollups.ts writes it.
import type { OrderStatus } from '@damso/validators';

/** Money counts once confirmed; a refund takes it back, so refunded orders are left out. */
export const EARNING: readonly OrderStatus[] = ['paid', 'delivered'];
/** Subscriptions "active now" are these, with an end still ahead. */
export const LIVE_SUBSCRIPTION = ['active', 'expiring'] as const;
/** The day a subscription without an end is filed under. */
export const NO_END_DAY = '9999-12-31';

/** What the statistics read of an order row. */
export interface OrderFacts {
  id: number;
  status: OrderStatus;
  created_at: Date;
  paid_at: Date | null;
  delivered_at: Date | null;
  total_cents: number;
  currency: string;
}

export interface LineFacts {
  offer_id: number;
  title: string;
  unit_price_cents: number;
  quantity: number;
}

export interface SubscriptionFacts {
  id: number;
  status: 'active' | 'expiring' | 'expired' | 'cancelled';
  ends_at: Date | null;
}

export interface UserFacts {
  id: number;
  role: string;
  created_at: Date;
}

/** A UTC calendar day as YYYY-MM-DD (the pool talks to the server in UTC). */
export const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
/** A YYYY-MM-DD day as the Date mysql2 writes to a DATE column. */
export const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);

/** Sums of changes per rollup row, keyed by the row's primary key. */
export class StatsDelta {
  readonly orderDays = new Map<string, { day: string; status: OrderStatus; orders: number; maxOrderId: number }>();
  readonly revenueDays = new Map<
    string,
    { day: string; currency: string; paid: number; cents: number; delivered: number; seconds: number }
  >();
  readonly offerDays = new Map<string, { offerId: number; day: string; cents: number; units: number }>();
  readonly offerMonths = new Map<string, { offerId: number; month: string; cents: number; units: number }>();
  readonly offerTitles = new Map<
    string,
    { offerId: number; day: string; title: string; items: number; cents: number; units: number }
  >();
  readonly clientDays = new Map<string, { day: string; clients: number; maxUserId: number }>();
  readonly subscriptionDays = new Map<string, { day: string; active: number; maxSubscriptionId: number }>();

  /** Adds (sign 1) or takes away (sign -1) what an order counts; `lines` may be left out when they cancel out. */
  order(o: OrderFacts, lines: LineFacts[] | null, sign: 1 | -1): void {
    const created = utcDay(o.created_at);
    const od = bump(this.orderDays, `${created}|${o.status}`, () => ({
      day: created,
      status: o.status,
      orders: 0,
      maxOrderId: 0,
    }));
    od.orders += sign;
    od.maxOrderId = Math.max(od.maxOrderId, o.id);
    if (!EARNING.includes(o.status) || o.paid_at === null) return;
    const paid = utcDay(o.paid_at);
    const rd = bump(this.revenueDays, `${paid}|${o.currency}`, () => ({
      day: paid,
      currency: o.currency,
      paid: 0,
      cents: 0,
      delivered: 0,
      seconds: 0,
    }));
    rd.paid += sign;
    rd.cents += sign * o.total_cents;
    if (o.status === 'delivered' && o.delivered_at !== null) {
      rd.delivered += sign;
      // TIMESTAMPDIFF(SECOND, …) truncates toward zero, and so does this.
      rd.seconds += sign * Math.trunc((o.delivered_at.getTime() - o.paid_at.getTime()) / 1000);
    }
    for (const line of lines ?? []) {
      const cents = line.unit_price_cents * line.quantity;
      const d = bump(this.offerDays, `${line.offer_id}|${paid}`, () => ({
        offerId: line.offer_id,
        day: paid,
        cents: 0,
        units: 0,
      }));
      d.cents += sign * cents;
      d.units += sign * line.quantity;
      const month = monthOf(paid);
      const m = bump(this.offerMonths, `${line.offer_id}|${month}`, () => ({
        offerId: line.offer_id,
        month,
        cents: 0,
        units: 0,
      }));
      m.cents += sign * cents;
      m.units += sign * line.quantity;
      const t = bump(this.offerTitles, `${line.offer_id}|${paid}|${line.title}`, () => ({
        offerId: line.offer_id,
        day: paid,
        title: line.title,
        items: 0,
        cents: 0,
        units: 0,
      }));
      t.items += sign;
      t.cents += sign * cents;
      t.units += sign * line.quantity;
    }
  }

  user(u: UserFacts, sign: 1 | -1): void {
    const day = utcDay(u.created_at);
    const row = bump(this.clientDays, day, () => ({ day, clients: 0, maxUserId: 0 }));
    if (u.role === 'client') row.clients += sign;
    row.maxUserId = Math.max(row.maxUserId, u.id);
  }

  subscription(s: SubscriptionFacts, sign: 1 | -1): void {
    const day = s.ends_at === null ? NO_END_DAY : utcDay(s.ends_at);
    const row = bump(this.subscriptionDays, day, () => ({ day, active: 0, maxSubscriptionId: 0 }));
    if ((LIVE_SUBSCRIPTION as readonly string[]).includes(s.status)) row.active += sign;
    row.maxSubscriptionId = Math.max(row.maxSubscriptionId, s.id);
  }
}

function bump<V>(map: Map<string, V>, key: string, make: () => V): V {
  let v = map.get(key);
  if (!v) {
    v = make();
    map.set(key, v);
  }
  return v;
}
