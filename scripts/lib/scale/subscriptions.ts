// Subscriptions follow the app's delivery rules (services/subscriptions/time.ts): each delivered
// item with a length adds one period to the client's live subscription to the offer (one that has not
// ended more than 30 days ago), or starts a new one; a refund takes its period away and the later
// ones move up. Everything stays in memory and is written once the orders are.
import { subscriptionStatus } from '../../../packages/api/src/services/subscriptions/subscriptions.ts';
import { layOut } from '../../../packages/api/src/services/subscriptions/time.ts';
import { type BulkWriter, put } from './bulk.ts';
import { DAY_MS } from './model.ts';

const RENEWAL_GRACE_MS = 30 * DAY_MS;

interface Period {
  id: number;
  itemId: number;
  startsAt: number;
  endsAt: number;
  deliveredAt: number;
  refundedAt: number | null;
}

interface Sub {
  id: number;
  userId: number;
  offerId: number;
  itemId: number;
  startsAt: number;
  endsAt: number;
  cancelled: boolean;
  periods: Period[];
}

// Offer ids stay below 2^21 and user ids below 2^31, so the key is exact in a double.
const keyOf = (userId: number, offerId: number) => userId * 2 ** 21 + offerId;

export class Subscriptions {
  readonly #all: Sub[] = [];
  readonly #live = new Map<number, Sub>();
  readonly #byItem = new Map<number, Sub>();
  #periodId = 0;

  get count(): number {
    return this.#all.length;
  }

  /** Returns the subscription's new end. */
  record(userId: number, offerId: number, itemId: number, days: number, at: number): number {
    const live = this.#live.get(keyOf(userId, offerId));
    const sub =
      live && live.endsAt >= at - RENEWAL_GRACE_MS
        ? live
        : {
            id: this.#all.length + 1,
            userId,
            offerId,
            itemId,
            startsAt: at,
            endsAt: at,
            cancelled: false,
            periods: [],
          };
    if (sub !== live) {
      this.#all.push(sub);
      this.#live.set(keyOf(userId, offerId), sub);
    }
    const from = Math.max(sub.endsAt, at);
    this.#periodId += 1;
    sub.periods.push({
      id: this.#periodId,
      itemId,
      startsAt: from,
      endsAt: from + days * DAY_MS,
      deliveredAt: at,
      refundedAt: null,
    });
    sub.endsAt = from + days * DAY_MS;
    this.#byItem.set(itemId, sub);
    return sub.endsAt;
  }

  /** A refund at time `at`: the items' periods go and the subscription is laid out again. */
  refund(itemIds: number[], at: number): void {
    for (const itemId of itemIds) {
      const sub = this.#byItem.get(itemId);
      const period = sub?.periods.find((p) => p.itemId === itemId && p.refundedAt === null);
      if (!sub || !period) continue;
      period.refundedAt = at;
      const kept = layOut(
        sub.periods
          .filter((p) => p.refundedAt === null)
          .map((p) => ({
            id: p.id,
            startsAt: new Date(p.startsAt),
            endsAt: new Date(p.endsAt),
            deliveredAt: new Date(p.deliveredAt),
          })),
      );
      for (const k of kept) {
        const p = sub.periods.find((x) => x.id === k.id) as Period;
        p.startsAt = k.startsAt.getTime();
        p.endsAt = (k.endsAt as Date).getTime();
      }
      const first = kept[0];
      const last = kept.at(-1);
      if (!first || !last) {
        sub.cancelled = true;
        this.#live.delete(keyOf(sub.userId, sub.offerId));
      } else {
        sub.startsAt = first.startsAt.getTime();
        sub.endsAt = (last.endsAt as Date).getTime();
      }
    }
  }

  async write(
    subs: BulkWriter<'subscriptions'>,
    periods: BulkWriter<'subscription_periods'>,
    now: Date,
  ): Promise<void> {
    for (const s of this.#all) {
      const endsAt = new Date(s.endsAt);
      await put(subs, {
        id: s.id,
        user_id: s.userId,
        offer_id: s.offerId,
        order_item_id: s.itemId,
        starts_at: new Date(s.startsAt),
        ends_at: endsAt,
        // What the reminder job would have stored by now.
        status: subscriptionStatus(s.cancelled ? 'cancelled' : 'active', endsAt, now),
        created_at: new Date(s.periods[0]?.deliveredAt ?? s.startsAt),
        updated_at: new Date(Math.min(now.getTime(), s.endsAt)),
      });
      for (const p of s.periods) {
        await put(periods, {
          id: p.id,
          subscription_id: s.id,
          order_item_id: p.itemId,
          starts_at: new Date(p.startsAt),
          ends_at: new Date(p.endsAt),
          delivered_at: new Date(p.deliveredAt),
          state: p.refundedAt === null ? 'active' : 'refunded',
          refunded_at: p.refundedAt === null ? null : new Date(p.refundedAt),
          created_at: new Date(p.deliveredAt),
        });
      }
    }
    await subs.flush();
    await periods.flush();
  }
}
