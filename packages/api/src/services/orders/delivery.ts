// Delivery: stock codes taken on approval, details typed by staff, subscription time added, and the
// low-stock alert. All run inside the order's transaction; refund.ts takes deliveries back.
// Times, updated_at included, come from deps.now: the database's own clock may differ from the app's.
import { sql } from 'kysely';
import { catalogChanged } from '../catalog/cache.ts';
import { checkLowStock } from '../catalog/low-stock.ts';
import type { Db, Deps } from '../shared/actor.ts';
import { Conflict, Invalid } from '../shared/errors.ts';
import { addSubscriptionTime } from '../subscriptions/time.ts';
import type { LockedOrder } from './state-machine.ts';

interface ItemRow {
  id: number;
  offer_id: number;
  quantity: number;
  duration_days: number | null;
  delivery_mode: 'manual' | 'automatic';
  delivered_at: Date | null;
}

export function orderItems(trx: Db, orderId: number): Promise<ItemRow[]> {
  return trx
    .selectFrom('order_items')
    .select(['id', 'offer_id', 'quantity', 'duration_days', 'delivery_mode', 'delivered_at'])
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
}

async function markDelivered(
  trx: Db,
  deps: Deps,
  order: LockedOrder,
  item: ItemRow,
  details: string,
  actorId: number | null,
): Promise<void> {
  await trx
    .updateTable('order_items')
    .set({ delivery_ciphertext: deps.config.encryptor.encrypt(details), delivered_at: deps.now, delivered_by: actorId })
    .where('id', '=', item.id)
    .execute();
  item.delivered_at = deps.now;
  await trx
    .updateTable('offers')
    .set({ sold_count: sql`sold_count + ${item.quantity}`, updated_at: deps.now })
    .where('id', '=', item.offer_id)
    .execute();
  // Sales order the catalog's "popular" sort.
  await catalogChanged(trx);
  await addSubscriptionTime(trx, deps.now, order.user_id, item);
}

/**
 * Takes the next unused codes of each undelivered automatic item. SKIP LOCKED lets parallel approvals
 * take different codes without waiting; an item whose offer has too few codes left is not delivered
 * and the order is flagged out of stock for manual delivery.
 */
export async function deliverFromStock(trx: Db, deps: Deps, order: LockedOrder, actorId: number | null) {
  const items = await orderItems(trx, order.id);
  let missing = false;
  for (const item of items) {
    if (item.delivery_mode !== 'automatic' || item.delivered_at) continue;
    const codes = await trx
      .selectFrom('offer_stock_codes')
      .select(['id', 'code_ciphertext'])
      .where('offer_id', '=', item.offer_id)
      .where('status', '=', 'available')
      .orderBy('id')
      .limit(item.quantity)
      .forUpdate()
      .skipLocked()
      .execute();
    if (codes.length < item.quantity) {
      missing = true;
      continue;
    }
    await trx
      .updateTable('offer_stock_codes')
      .set({ status: 'delivered', order_item_id: item.id, delivered_at: deps.now })
      .where(
        'id',
        'in',
        codes.map((c) => c.id),
      )
      .execute();
    const plain = codes.map((c) => deps.config.encryptor.decrypt(Buffer.from(c.code_ciphertext))).join('\n');
    await markDelivered(trx, deps, order, item, plain, actorId);
    await checkLowStock(trx, deps, item.offer_id);
  }
  await trx
    .updateTable('orders')
    .set({ out_of_stock: missing ? 1 : 0 })
    .where('id', '=', order.id)
    .execute();
  return { items, allDelivered: items.every((i) => i.delivered_at !== null), outOfStock: missing };
}

/** Staff typed the details for some items (manual offers, or automatic ones whose stock ran out). */
export async function deliverTyped(
  trx: Db,
  deps: Deps,
  order: LockedOrder,
  typed: Array<{ itemId: number; details: string }>,
  actorId: number,
) {
  const items = await orderItems(trx, order.id);
  for (const entry of typed) {
    const item = items.find((i) => i.id === entry.itemId);
    if (!item) throw new Invalid('This item is not part of the order.');
    if (item.delivered_at) throw new Conflict('This item was already delivered.');
    await markDelivered(trx, deps, order, item, entry.details, actorId);
  }
  return { items, allDelivered: items.every((i) => i.delivered_at !== null) };
}
