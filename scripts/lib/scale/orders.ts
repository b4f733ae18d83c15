// The orders of two years, generated in time order, each living the app's state machine: placed,
// receipt sent, sometimes rejected once, approved, delivered (codes at once for automatic offers),
// sometimes refunded; or never paid and cancelled. A step that would fall after "now" does not happen,
// so recent orders are still open in every status. Delivery keeps the app's rules: codes per unit,
// sold counts, subscriptions created or extended like recordSubscription() does.
import { itemsSummary, type OrderClient } from '@damso/db';
import { formatOrderNumber } from '../../../packages/api/src/services/orders/common.ts';
import { type BulkWriter, put, type Row } from './bulk.ts';
import { type Catalog, popularOffer, type ScaleOffer } from './catalog.ts';
import type { Coupon } from './coupons.ts';
import type { Feedback } from './feedback.ts';
import {
  adminIds,
  canOrder,
  DAY_MS,
  demoIds,
  employeeIds,
  HOUR_MS,
  MINUTE_MS,
  orderCreatedAt,
  type Plan,
  staffCount,
  userCreatedAt,
  usersBy,
} from './model.ts';
import type { Contacts } from './people.ts';
import { Rng } from './prng.ts';
import { type Renewal, RenewalQueue } from './renewals.ts';
import type { Stock } from './stock.ts';
import type { Subscriptions } from './subscriptions.ts';

export interface OrderWriters {
  orders: BulkWriter<'orders'>;
  order_items: BulkWriter<'order_items'>;
  order_events: BulkWriter<'order_events'>;
  payment_receipts: BulkWriter<'payment_receipts'>;
  coupon_redemptions: BulkWriter<'coupon_redemptions'>;
}

type Status = Row<'orders'>['status'] & string;

export interface Line {
  id: number;
  offer: ScaleOffer;
  quantity: number;
  deliveredAt: number | null;
  deliveredBy: number | null;
  details: string | null;
}

const ITEM_COUNTS = [
  [1, 0.45],
  [2, 0.28],
  [3, 0.15],
  [4, 0.08],
  [5, 0.04],
] as const;
const QUANTITIES = [
  [1, 0.88],
  [2, 0.08],
  [3, 0.03],
  [5, 0.01],
] as const;
/** Share of delivered subscriptions their owner renews before the end. */
const RENEWAL_SHARE = 0.9;
const RECEIPT_NAMES = ['receipt.pdf', 'transfer.png', 'IMG_2041.jpg', 'bank-statement.pdf', 'Screenshot.png'];

export class OrderGenerator {
  readonly #plan: Plan;
  readonly #catalog: Catalog;
  readonly #w: OrderWriters;
  readonly #stock: Stock;
  readonly #subs: Subscriptions;
  readonly #feedback: Feedback;
  readonly #coupons: Coupon[];
  readonly #contacts: Contacts;
  readonly #rng: Rng;
  readonly #employees: number[];
  readonly #admins: number[];
  readonly #renewals: RenewalQueue;
  #itemId = 0;
  #eventId = 0;
  #receiptId = 0;
  #redemptionId = 0;

  constructor(
    plan: Plan,
    catalog: Catalog,
    writers: OrderWriters,
    parts: { stock: Stock; subscriptions: Subscriptions; feedback: Feedback; coupons: Coupon[]; contacts: Contacts },
  ) {
    this.#plan = plan;
    this.#catalog = catalog;
    this.#w = writers;
    this.#stock = parts.stock;
    this.#subs = parts.subscriptions;
    this.#feedback = parts.feedback;
    this.#coupons = parts.coupons;
    this.#contacts = parts.contacts;
    this.#rng = new Rng(plan.seed, 3);
    this.#renewals = new RenewalQueue(plan.start);
    this.#employees = employeeIds(plan);
    this.#admins = adminIds(plan);
  }

  async run(onProgress: (done: number) => void): Promise<void> {
    for (let i = 0; i < this.#plan.orders; i += 1) {
      await this.#order(i + 1, orderCreatedAt(this.#plan, i));
      if ((i & 4095) === 0) onProgress(i);
    }
    for (const w of Object.values(this.#w)) await w.flush();
  }

  #client(t: number): number {
    const rng = this.#rng;
    const staff = staffCount(this.#plan);
    const newest = usersBy(this.#plan, t);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      // Older clients have had longer to come back, so they hold more of the orders.
      const id = staff + 1 + Math.floor((newest - staff) * rng.next() ** 1.4);
      if (canOrder(this.#plan, id) && userCreatedAt(this.#plan, id) < t) return id;
    }
    return demoIds(this.#plan).client;
  }

  #lines(t: number, renewal: Renewal | undefined): Line[] {
    const rng = this.#rng;
    const lines: Line[] = [];
    const add = (offer: ScaleOffer, quantity: number) => {
      // A cart holds each offer once.
      if (lines.some((l) => l.offer === offer)) return;
      this.#itemId += 1;
      lines.push({ id: this.#itemId, offer, quantity, deliveredAt: null, deliveredBy: null, details: null });
    };
    if (renewal) add(this.#catalog.offers[renewal.offerIndex] as ScaleOffer, 1);
    const wanted = rng.weighted(ITEM_COUNTS);
    for (let k = lines.length; k < wanted; k += 1) {
      // What a renewing client adds is mostly a one-off licence: their subscriptions come back on their own.
      const offer = renewal
        ? popularOffer(this.#catalog, rng, t, 2.2, (o) => o.duration === null)
        : popularOffer(this.#catalog, rng, t);
      add(offer, rng.weighted(QUANTITIES));
    }
    return lines;
  }

  async #order(id: number, t: number): Promise<void> {
    const rng = this.#rng;
    const now = this.#plan.now.getTime();
    const renewal = this.#renewals.take(t);
    const userId = renewal?.userId ?? this.#client(t);
    const lines = this.#lines(t, renewal);
    const number = formatOrderNumber(id);
    const subtotal = lines.reduce((s, l) => s + l.offer.price * l.quantity, 0);
    const coupon = rng.chance(0.04) ? rng.pick(this.#coupons) : null;
    const discount = coupon && subtotal >= coupon.minOrder ? coupon.discount(subtotal) : 0;
    const events: Row<'order_events'>[] = [];
    const receipts: number[] = [];
    let status = 'awaiting_payment' as Status;
    let at = t;
    const event = (to: Status, actor: number | null, note: string | null = null) => {
      this.#eventId += 1;
      events.push({
        id: this.#eventId,
        order_id: id,
        from_status: events.length ? status : null,
        to_status: to,
        actor_id: actor,
        note,
        created_at: new Date(at),
      });
      status = to;
    };
    /** Moves the clock on; false when that moment has not come yet (the order stays where it is). */
    const later = (minMs: number, maxMs: number) => {
      at += rng.int(minMs, maxMs);
      return at <= now;
    };
    event('awaiting_payment', userId);
    const employee = rng.pick(this.#employees);
    let paidAt: number | null = null;
    let deliveredAt: number | null = null;
    let outOfStock = 0;
    let rejection: string | null = null;
    let cancelReason: string | null = null;
    let refundedAt: number | null = null;
    const fate = rng.next();
    if (fate < 0.2) {
      const bySystem = rng.chance(0.6);
      if (bySystem ? later(48 * HOUR_MS + MINUTE_MS, 49 * HOUR_MS) : later(5 * MINUTE_MS, 40 * HOUR_MS)) {
        cancelReason = bySystem ? 'Not paid within 48 hours.' : rng.chance(0.5) ? 'Changed my mind' : null;
        event('cancelled', bySystem ? null : userId, cancelReason);
      }
    } else if (later(10 * MINUTE_MS, 30 * HOUR_MS)) {
      event('payment_review', userId);
      receipts.push(at);
      let ok = true;
      if (fate < 0.21) {
        ok = later(10 * MINUTE_MS, 8 * HOUR_MS);
        if (ok) {
          rejection = 'The transfer has not reached our account yet.';
          event('awaiting_payment', employee, rejection);
          ok = later(HOUR_MS, 24 * HOUR_MS);
          if (ok) {
            event('payment_review', userId);
            receipts.push(at);
            rejection = null;
          }
        }
      }
      if (ok && later(5 * MINUTE_MS, 10 * HOUR_MS)) {
        event('paid', employee);
        paidAt = at;
        const missing = lines.some((l) => l.offer.automatic) && rng.chance(0.02);
        for (const line of lines) {
          if (line.offer.automatic && !missing) this.#deliver(userId, line, at, employee, true);
        }
        if (missing) outOfStock = 1;
        const rest = lines.filter((l) => l.deliveredAt === null);
        if (rest.length === 0 || later(15 * MINUTE_MS, 14 * HOUR_MS)) {
          // Typed by staff: manual offers, and automatic ones whose stock had run out.
          for (const line of rest) this.#deliver(userId, line, at, employee, false);
          event('delivered', employee);
          deliveredAt = at;
          outOfStock = 0;
          if (rng.chance(0.03) && later(DAY_MS, 25 * DAY_MS)) {
            refundedAt = at;
            this.#subs.refund(
              lines.map((l) => l.id),
              at,
            );
            event('refunded', rng.pick(this.#admins), 'Refund requested by the client.');
          }
        }
      }
    }
    const open = status === 'awaiting_payment' || status === 'payment_review' || status === 'paid';
    const claimed = open && rng.chance(0.4) ? employee : null;
    const redeemed = discount > 0 && status !== 'cancelled';
    if (coupon && redeemed) coupon.uses += 1;
    await put(this.#w.orders, {
      id,
      number,
      user_id: userId,
      ...(this.#contacts[userId] as OrderClient),
      status,
      subtotal_cents: subtotal,
      discount_cents: discount,
      total_cents: subtotal - discount,
      currency: 'USD',
      coupon_id: discount > 0 && coupon ? coupon.id : null,
      payment_method: 'transfer',
      idempotency_key: `scale-${id.toString(36)}-${rng.hex(12)}`,
      items_summary: itemsSummary(lines.map((l) => ({ title: l.offer.title, quantity: l.quantity }))),
      claimed_by: claimed,
      claimed_at: claimed ? new Date(Math.min(now, at + rng.int(MINUTE_MS, HOUR_MS))) : null,
      out_of_stock: outOfStock,
      rejection_reason: status === 'awaiting_payment' ? rejection : null,
      cancel_reason: cancelReason,
      client_thread_emailed_at: null,
      staff_thread_emailed_at: null,
      paid_at: paidAt === null ? null : new Date(paidAt),
      delivered_at: deliveredAt === null ? null : new Date(deliveredAt),
      created_at: new Date(t),
      updated_at: new Date(at),
    });
    for (const line of lines) {
      await put(this.#w.order_items, {
        id: line.id,
        order_id: id,
        offer_id: line.offer.id,
        title: line.offer.title,
        service_name: line.offer.service,
        unit_price_cents: line.offer.price,
        quantity: line.quantity,
        duration_days: line.offer.duration,
        delivery_mode: line.offer.automatic ? 'automatic' : 'manual',
        // A refund keeps the fact and time of the delivery, never the secret.
        delivery_ciphertext: line.details === null || refundedAt !== null ? null : this.#stock.encrypt(line.details),
        delivered_at: line.deliveredAt === null ? null : new Date(line.deliveredAt),
        delivered_by: line.deliveredBy,
        revoked_at: refundedAt !== null && line.deliveredAt !== null ? new Date(refundedAt) : null,
      });
    }
    for (const e of events) await put(this.#w.order_events, e);
    await this.#stock.flushOrder(refundedAt !== null);
    for (const receiptAt of receipts) {
      this.#receiptId += 1;
      const name = rng.pick(RECEIPT_NAMES);
      await put(this.#w.payment_receipts, {
        id: this.#receiptId,
        order_id: id,
        // Random-looking but rising, so the unique index grows at its end during the load.
        storage_key: `${this.#receiptId.toString(16).padStart(8, '0')}${rng.hex(24)}`,
        original_name: name,
        mime_type: name.endsWith('.pdf') ? 'application/pdf' : name.endsWith('.png') ? 'image/png' : 'image/jpeg',
        size_bytes: rng.int(40_000, 2_500_000),
        uploaded_by: userId,
        created_at: new Date(receiptAt),
      });
    }
    if (redeemed && coupon) {
      this.#redemptionId += 1;
      await put(this.#w.coupon_redemptions, {
        id: this.#redemptionId,
        coupon_id: coupon.id,
        order_id: id,
        user_id: userId,
        discount_cents: discount,
        created_at: new Date(t),
      });
    }
    await this.#feedback.afterOrder({ id, userId, createdAt: t, status, employee: claimed ?? employee, lines });
  }

  #deliver(userId: number, line: Line, at: number, by: number, fromStock: boolean): void {
    const rng = this.#rng;
    line.details = fromStock
      ? this.#stock.take(line.offer, line.quantity, line.id, at)
      : `Account: ${line.offer.service.toLowerCase()}-${rng.hex(6)}@example.com\nPassword: ${rng.hex(10)}`;
    line.deliveredAt = at;
    line.deliveredBy = by;
    line.offer.sold += line.quantity;
    if (line.offer.duration !== null) {
      const endsAt = this.#subs.record(userId, line.offer.id, line.id, line.offer.duration * line.quantity, at);
      if (line.offer.active && this.#rng.chance(RENEWAL_SHARE)) {
        const due = Math.max(at + DAY_MS, endsAt - this.#rng.int(0, 4 * DAY_MS));
        this.#renewals.add(due, { userId, offerIndex: line.offer.id - 1 });
      }
    }
  }
}
