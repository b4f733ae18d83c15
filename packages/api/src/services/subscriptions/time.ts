// Subscription time, kept per order: each delivered item with a duration adds one period to the
// client's subscription for that offer, and a refund takes exactly its period away. A subscription's
// starts_at, ends_at and status are recomputed from its periods in the order's transaction and stay
// what the rest of the app reads (status, reminders, renewals).
// Lock order: the subscription row, then its periods, so a delivery and a refund of two orders
// feeding the same subscription queue up instead of deadlocking.

import type { Db } from '../shared/actor.ts';
import { recordSubscriptionChanges } from '../stats/rollups.ts';
import { DAY_MS, subscriptionStatus } from './subscriptions.ts';

/** A subscription that ended less than this long ago is extended on renewal, not started anew. */
const RENEWAL_GRACE_DAYS = 30;

export interface Period {
  id: number;
  startsAt: Date;
  endsAt: Date | null;
  /** The earliest the period may start: it cannot cover time from before it was paid for. */
  deliveredAt: Date;
}

/**
 * Lays periods end to end in the order they were bought. After a refund the later periods move up
 * into the time it leaves, but never to before they were delivered; none ever moves later.
 */
export function layOut(periods: Period[]): Period[] {
  let previousEnd = Number.NEGATIVE_INFINITY;
  return periods.map((p) => {
    const start = Math.max(p.deliveredAt.getTime(), previousEnd);
    if (p.endsAt === null) return { ...p, startsAt: new Date(start) };
    const end = start + (p.endsAt.getTime() - p.startsAt.getTime());
    previousEnd = end;
    return { ...p, startsAt: new Date(start), endsAt: new Date(end) };
  });
}

interface LockedSubscription {
  id: number;
  starts_at: Date;
  ends_at: Date | null;
  status: 'active' | 'expiring' | 'expired' | 'cancelled';
  order_item_id: number | null;
}

const SUBSCRIPTION_COLUMNS = ['id', 'starts_at', 'ends_at', 'status', 'order_item_id'] as const;

/** The periods of a locked subscription; one written without periods (seed, older code) gets one. */
async function periodsOf(trx: Db, now: Date, sub: LockedSubscription) {
  const read = () =>
    trx
      .selectFrom('subscription_periods')
      .select(['id', 'order_item_id', 'starts_at', 'ends_at', 'delivered_at', 'state'])
      .where('subscription_id', '=', sub.id)
      .orderBy('id')
      .forUpdate()
      .execute();
  const rows = await read();
  if (rows.length > 0) return rows;
  await trx
    .insertInto('subscription_periods')
    .values({
      subscription_id: sub.id,
      order_item_id: sub.order_item_id,
      starts_at: sub.starts_at,
      ends_at: sub.ends_at,
      delivered_at: sub.starts_at,
      state: sub.status === 'cancelled' ? 'refunded' : 'active',
      created_at: now,
    })
    .execute();
  return read();
}

export interface TimedItem {
  id: number;
  offer_id: number;
  quantity: number;
  duration_days: number | null;
}

/** Delivery of an item with a duration: extends the live subscription from its end, or starts one. */
export async function addSubscriptionTime(trx: Db, now: Date, userId: number, item: TimedItem): Promise<void> {
  if (item.duration_days === null) return;
  const length = item.duration_days * item.quantity * DAY_MS;
  const current = await trx
    .selectFrom('subscriptions')
    .select(SUBSCRIPTION_COLUMNS)
    .where('user_id', '=', userId)
    .where('offer_id', '=', item.offer_id)
    .where('status', '!=', 'cancelled')
    .where('ends_at', '>=', new Date(now.getTime() - RENEWAL_GRACE_DAYS * DAY_MS))
    .orderBy('ends_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  const from = current?.ends_at ? Math.max(current.ends_at.getTime(), now.getTime()) : now.getTime();
  const endsAt = new Date(from + length);
  let subscriptionId: number;
  if (current?.ends_at) {
    await periodsOf(trx, now, current);
    subscriptionId = current.id;
    const status = subscriptionStatus('active', endsAt, now);
    await trx
      .updateTable('subscriptions')
      .set({ ends_at: endsAt, status, updated_at: now })
      .where('id', '=', current.id)
      .execute();
    await recordSubscriptionChanges(trx, [{ before: current, after: { id: current.id, status, ends_at: endsAt } }]);
  } else {
    const r = await trx
      .insertInto('subscriptions')
      .values({
        user_id: userId,
        offer_id: item.offer_id,
        order_item_id: item.id,
        starts_at: now,
        ends_at: endsAt,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .executeTakeFirstOrThrow();
    subscriptionId = Number(r.insertId);
    await recordSubscriptionChanges(trx, [
      { before: null, after: { id: subscriptionId, status: 'active', ends_at: endsAt } },
    ]);
  }
  await trx
    .insertInto('subscription_periods')
    .values({
      subscription_id: subscriptionId,
      order_item_id: item.id,
      starts_at: new Date(from),
      ends_at: endsAt,
      delivered_at: now,
      created_at: now,
    })
    .execute();
}

export interface SubscriptionChange {
  title: string;
  endsBefore: Date | null;
  /** The new end; null with `ended` when no paid time is left. */
  endsAfter: Date | null;
  ended: boolean;
}

/** A refund of these items: their periods go, later ones move up, each subscription is recomputed. */
export async function removeSubscriptionTime(trx: Db, now: Date, itemIds: number[]): Promise<SubscriptionChange[]> {
  if (itemIds.length === 0) return [];
  // Plain reads to find the subscriptions; everything that decides is re-read under their locks.
  const byPeriod = await trx
    .selectFrom('subscription_periods')
    .select('subscription_id as id')
    .where('order_item_id', 'in', itemIds)
    .execute();
  const byRow = await trx.selectFrom('subscriptions').select('id').where('order_item_id', 'in', itemIds).execute();
  const ids = [...new Set([...byPeriod, ...byRow].map((r) => r.id))].sort((a, b) => a - b);
  const refunded = new Set(itemIds);
  const changes: SubscriptionChange[] = [];
  for (const id of ids) {
    // The offer is read apart: locking it too would wait on deliveries that update its sold count.
    const sub = await trx
      .selectFrom('subscriptions')
      .select([...SUBSCRIPTION_COLUMNS, 'offer_id'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const { title } = await trx
      .selectFrom('offers')
      .select('title')
      .where('id', '=', sub.offer_id)
      .executeTakeFirstOrThrow();
    const periods = await periodsOf(trx, now, sub);
    const active = periods.filter((p) => p.state === 'active');
    const gone = active.filter((p) => p.order_item_id !== null && refunded.has(p.order_item_id));
    if (gone.length === 0) continue;
    await trx
      .updateTable('subscription_periods')
      .set({ state: 'refunded', refunded_at: now })
      .where(
        'id',
        'in',
        gone.map((p) => p.id),
      )
      .execute();
    const kept = layOut(
      active
        .filter((p) => !gone.includes(p))
        .map((p) => ({ id: p.id, startsAt: p.starts_at, endsAt: p.ends_at, deliveredAt: p.delivered_at })),
    );
    for (const p of kept) {
      const was = active.find((a) => a.id === p.id);
      if (was?.starts_at.getTime() === p.startsAt.getTime()) continue;
      await trx
        .updateTable('subscription_periods')
        .set({ starts_at: p.startsAt, ends_at: p.endsAt })
        .where('id', '=', p.id)
        .execute();
    }
    const first = kept[0];
    const last = kept.at(-1);
    if (!first || !last) {
      // Nothing paid is left: the subscription ends for good; a later purchase starts a new one.
      await trx
        .updateTable('subscriptions')
        .set({ status: 'cancelled', updated_at: now })
        .where('id', '=', id)
        .execute();
      await recordSubscriptionChanges(trx, [{ before: sub, after: { id, status: 'cancelled', ends_at: sub.ends_at } }]);
      changes.push({ title, endsBefore: sub.ends_at, endsAfter: null, ended: true });
      continue;
    }
    const endsAt = kept.some((p) => p.endsAt === null) ? null : last.endsAt;
    const status = subscriptionStatus('active', endsAt, now);
    await trx
      .updateTable('subscriptions')
      .set({ starts_at: first.startsAt, ends_at: endsAt, status, updated_at: now })
      .where('id', '=', id)
      .execute();
    await recordSubscriptionChanges(trx, [{ before: sub, after: { id, status, ends_at: endsAt } }]);
    changes.push({ title, endsBefore: sub.ends_at, endsAfter: endsAt, ended: false });
  }
  return changes;
}
