// Keeps the statistics rollups (see the 2026-12-02-20 migration) current inside the transactions that
// change orders, accounts and subscriptions. A change is described by the row before and after it;
// what the rollups count of each is summed in delta.ts, and only the difference is written, as additive
// upserts in one fixed table and key order (two writers queue on a shared row instead of
// deadlocking). Order changes are written at the end of their transaction, so the busiest rows (today's
// counts) stay locked only until the commit. rebuild.ts computes the same figures from scratch in SQL;
// the two must agree, and the tests hold them to it.
import { sql } from 'kysely';
import type { Db } from '../shared/actor.ts';
import {
  dayDate,
  EARNING,
  type OrderFacts,
  StatsDelta,
  type SubscriptionFacts,
  type UserFacts,
  utcDay,
} from './delta.ts';

// Counts go into the SQL text, ids and days as parameters: the benchmark's bare replay swaps the ids
// it learned for its own in parameters, and must not take a count of 1 for one of them.
const count = (n: number) => sql.lit(n);

/** Rows whose sums all cancelled out change nothing, unless they carry a new greatest id. */
const changed = <V extends object>(map: Map<string, V>, counters: Array<keyof V>, hasId = false) =>
  [...map.entries()]
    .filter(([, v]) => hasId || counters.some((c) => v[c] !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => v);

/**
 * Writes a delta. The share lock on stats_state lets writers run side by side while a rebuild, which
 * locks it exclusively, waits for them to commit (and they for it), so no change falls between the
 * rebuild's reading of the orders and its swapping in of the new rollups.
 */
export async function writeDelta(trx: Db, delta: StatsDelta): Promise<void> {
  const orderDays = changed(delta.orderDays, ['orders'], true);
  const revenueDays = changed(delta.revenueDays, ['paid', 'cents', 'delivered', 'seconds']);
  const offerDays = changed(delta.offerDays, ['cents', 'units']);
  const offerMonths = changed(delta.offerMonths, ['cents', 'units']);
  const offerTitles = changed(delta.offerTitles, ['items', 'cents', 'units']);
  const clientDays = changed(delta.clientDays, ['clients'], true);
  const subscriptionDays = changed(delta.subscriptionDays, ['active'], true);
  const total =
    orderDays.length +
    revenueDays.length +
    offerDays.length +
    offerMonths.length +
    offerTitles.length +
    clientDays.length +
    subscriptionDays.length;
  if (total === 0) return;
  await sql`SELECT id FROM stats_state WHERE id = 1 LOCK IN SHARE MODE`.execute(trx);

  if (orderDays.length) {
    await trx
      .insertInto('stats_order_days')
      .values(
        orderDays.map((r) => ({
          day: dayDate(r.day),
          status: r.status,
          orders: count(r.orders),
          max_order_id: r.maxOrderId,
        })),
      )
      .onDuplicateKeyUpdate({
        orders: sql`orders + VALUES(orders)`,
        max_order_id: sql`GREATEST(max_order_id, VALUES(max_order_id))`,
      })
      .execute();
  }
  if (revenueDays.length) {
    await trx
      .insertInto('stats_revenue_days')
      .values(
        revenueDays.map((r) => ({
          day: dayDate(r.day),
          currency: r.currency,
          paid_orders: count(r.paid),
          revenue_cents: count(r.cents),
          delivered_orders: count(r.delivered),
          delivery_seconds: count(r.seconds),
        })),
      )
      .onDuplicateKeyUpdate({
        paid_orders: sql`paid_orders + VALUES(paid_orders)`,
        revenue_cents: sql`revenue_cents + VALUES(revenue_cents)`,
        delivered_orders: sql`delivered_orders + VALUES(delivered_orders)`,
        delivery_seconds: sql`delivery_seconds + VALUES(delivery_seconds)`,
      })
      .execute();
  }
  if (offerDays.length) {
    await trx
      .insertInto('stats_offer_days')
      .values(
        offerDays.map((r) => ({
          offer_id: r.offerId,
          day: dayDate(r.day),
          revenue_cents: count(r.cents),
          units: count(r.units),
        })),
      )
      .onDuplicateKeyUpdate({
        revenue_cents: sql`revenue_cents + VALUES(revenue_cents)`,
        units: sql`units + VALUES(units)`,
      })
      .execute();
  }
  if (offerMonths.length) {
    await trx
      .insertInto('stats_offer_months')
      .values(
        offerMonths.map((r) => ({
          offer_id: r.offerId,
          month: dayDate(r.month),
          revenue_cents: count(r.cents),
          units: count(r.units),
        })),
      )
      .onDuplicateKeyUpdate({
        revenue_cents: sql`revenue_cents + VALUES(revenue_cents)`,
        units: sql`units + VALUES(units)`,
      })
      .execute();
  }
  if (offerTitles.length) {
    await trx
      .insertInto('stats_offer_titles')
      .values(
        offerTitles.map((r) => ({
          offer_id: r.offerId,
          day: dayDate(r.day),
          title: r.title,
          items: count(r.items),
          revenue_cents: count(r.cents),
          units: count(r.units),
        })),
      )
      .onDuplicateKeyUpdate({
        items: sql`items + VALUES(items)`,
        revenue_cents: sql`revenue_cents + VALUES(revenue_cents)`,
        units: sql`units + VALUES(units)`,
      })
      .execute();
  }
  // An offer row exists while something of it is sold in its day or month, as a GROUP BY row would.
  const emptied = (rows: Array<{ units: number }>) => rows.some((r) => r.units < 0);
  if (emptied(offerDays)) {
    await trx
      .deleteFrom('stats_offer_days')
      .where((eb) =>
        eb.or(offerDays.filter((r) => r.units < 0).map((r) => eb.and({ offer_id: r.offerId, day: dayDate(r.day) }))),
      )
      .where('units', '=', 0)
      .where('revenue_cents', '=', 0)
      .execute();
  }
  if (emptied(offerMonths)) {
    await trx
      .deleteFrom('stats_offer_months')
      .where((eb) =>
        eb.or(
          offerMonths.filter((r) => r.units < 0).map((r) => eb.and({ offer_id: r.offerId, month: dayDate(r.month) })),
        ),
      )
      .where('units', '=', 0)
      .where('revenue_cents', '=', 0)
      .execute();
  }
  if (offerTitles.some((r) => r.items < 0)) {
    await trx
      .deleteFrom('stats_offer_titles')
      .where((eb) =>
        eb.or(
          offerTitles
            .filter((r) => r.items < 0)
            .map((r) => eb.and({ offer_id: r.offerId, day: dayDate(r.day), title: r.title })),
        ),
      )
      .where('items', '=', 0)
      .where('units', '=', 0)
      .where('revenue_cents', '=', 0)
      .execute();
  }
  if (clientDays.length) {
    await trx
      .insertInto('stats_client_days')
      .values(clientDays.map((r) => ({ day: dayDate(r.day), clients: count(r.clients), max_user_id: r.maxUserId })))
      .onDuplicateKeyUpdate({
        clients: sql`clients + VALUES(clients)`,
        max_user_id: sql`GREATEST(max_user_id, VALUES(max_user_id))`,
      })
      .execute();
  }
  if (subscriptionDays.length) {
    await trx
      .insertInto('stats_subscription_days')
      .values(
        subscriptionDays.map((r) => ({
          day: dayDate(r.day),
          active: count(r.active),
          max_subscription_id: r.maxSubscriptionId,
        })),
      )
      .onDuplicateKeyUpdate({
        active: sql`active + VALUES(active)`,
        max_subscription_id: sql`GREATEST(max_subscription_id, VALUES(max_subscription_id))`,
      })
      .execute();
  }
}

const ORDER_FACTS = ['id', 'status', 'created_at', 'paid_at', 'delivered_at', 'total_cents', 'currency'] as const;

/**
 * The order as the statistics see it, read inside the caller's transaction. A locking read: it sees the
 * latest committed row even when the transaction's snapshot is older.
 */
export async function orderFacts(trx: Db, orderId: number): Promise<OrderFacts | null> {
  const row = await trx
    .selectFrom('orders')
    .select(ORDER_FACTS)
    .where('id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
  return row ?? null;
}

function orderLines(trx: Db, orderIds: number[]) {
  return trx
    .selectFrom('order_items')
    .select(['order_id', 'offer_id', 'title', 'unit_price_cents', 'quantity'])
    .where('order_id', 'in', orderIds)
    .execute();
}

const time = (d: Date | null) => d?.getTime() ?? null;
const sameOrderFacts = (a: OrderFacts, b: OrderFacts) =>
  a.status === b.status &&
  time(a.created_at) === time(b.created_at) &&
  time(a.paid_at) === time(b.paid_at) &&
  time(a.delivered_at) === time(b.delivered_at) &&
  a.total_cents === b.total_cents &&
  a.currency === b.currency;

/** Where an order's lines are counted (the payment day), or null while they are not. */
const linesKey = (o: OrderFacts | null) => (o && EARNING.includes(o.status) && o.paid_at ? utcDay(o.paid_at) : null);

/**
 * Records what changed about one order in this transaction: `before` as it was when the transaction
 * locked it (null for a new order), `after` as it is now (null once deleted).
 */
export async function recordOrderChange(trx: Db, before: OrderFacts | null, after: OrderFacts | null) {
  const id = (after ?? before)?.id;
  if (id === undefined || (before && after && sameOrderFacts(before, after))) return;
  const delta = new StatsDelta();
  // The lines only count while the order earns; when it earns on the same day before and after they cancel out.
  const lines = linesKey(before) === linesKey(after) ? null : await orderLines(trx, [id]);
  if (before) delta.order(before, lines, -1);
  if (after) delta.order(after, lines, 1);
  await writeDelta(trx, delta);
}

/**
 * Deletes orders and takes them out of the rollups, high-water mark included. The app never deletes
 * orders; the benchmark removes the ones it made this way.
 */
export async function deleteOrders(trx: Db, orderIds: number[]): Promise<void> {
  if (orderIds.length === 0) return;
  const orders = await trx.selectFrom('orders').select(ORDER_FACTS).where('id', 'in', orderIds).forUpdate().execute();
  const lines = await orderLines(trx, orderIds);
  const delta = new StatsDelta();
  for (const o of orders) {
    delta.order(
      o,
      lines.filter((l) => l.order_id === o.id),
      -1,
    );
  }
  await writeDelta(trx, delta);
  await trx.deleteFrom('orders').where('id', 'in', orderIds).execute();
  const { max } = await trx
    .selectFrom('orders')
    .select((eb) => eb.fn.coalesce(eb.fn.max('id'), eb.lit(0)).as('max'))
    .executeTakeFirstOrThrow();
  await trx.updateTable('stats_order_days').set({ max_order_id: max }).where('max_order_id', '>', max).execute();
}

/** Records accounts created, or whose role changed (`before` null for a new one). */
export async function recordUserChange(trx: Db, before: UserFacts | null, after: UserFacts): Promise<void> {
  const delta = new StatsDelta();
  if (before) delta.user(before, -1);
  delta.user(after, 1);
  await writeDelta(trx, delta);
}

/** Records subscriptions created or changed in this transaction (`before` null for a new one). */
export async function recordSubscriptionChanges(
  trx: Db,
  changes: Array<{ before: SubscriptionFacts | null; after: SubscriptionFacts }>,
): Promise<void> {
  const delta = new StatsDelta();
  for (const { before, after } of changes) {
    if (before) delta.subscription(before, -1);
    delta.subscription(after, 1);
  }
  await writeDelta(trx, delta);
}
