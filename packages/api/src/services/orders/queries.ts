// Read models for the order pages. Lists load their items and unread counts in one query each, never
// one per order; columns are picked explicitly so nothing private (ciphertexts, keys) leaks.
import type { OrderStatus } from '@damso/validators';
import { sql } from 'kysely';
import { recordAudit } from '../admin/audit.ts';
import { defaultsOf, readShopSettings } from '../admin/shop-settings.ts';
import { ibanIn, paymentMethod } from '../payments/index.ts';
import { type Actor, type Db, type Deps, isStaff, type UserActor } from '../shared/actor.ts';
import { NotFound } from '../shared/errors.ts';
import { notFound, paymentDeadline } from './common.ts';
import { listedOrders, listRow } from './list-rows.ts';

export async function itemsByOrder(db: Db, orderIds: number[]) {
  if (orderIds.length === 0) return new Map<number, ItemSummary[]>();
  const rows = await db
    .selectFrom('order_items')
    .select([
      'id',
      'order_id',
      'title',
      'service_name as serviceName',
      'unit_price_cents as unitPriceCents',
      'quantity',
      'duration_days as durationDays',
      'delivery_mode as deliveryMode',
      'delivered_at as deliveredAt',
      'revoked_at as revokedAt',
    ])
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('id')
    .execute();
  const map = new Map<number, ItemSummary[]>();
  for (const { order_id, ...item } of rows) {
    const list = map.get(order_id) ?? [];
    list.push(item);
    map.set(order_id, list);
  }
  return map;
}
/** What an order list shows of each order's items ("Title × 2"); the order page loads the whole line. */
export interface ItemLine {
  title: string;
  quantity: number;
}

export interface ItemSummary {
  id: number;
  title: string;
  serviceName: string;
  unitPriceCents: number;
  quantity: number;
  durationDays: number | null;
  deliveryMode: 'manual' | 'automatic';
  deliveredAt: Date | null;
  /** Set when a refund took the delivery back: what was delivered can no longer be shown. */
  revokedAt: Date | null;
}

/** Newest first along the (user_id, created_at) index; the cursor is "<created ms>.<id>" of the last row. */
export async function listMyOrders(
  db: Db,
  actor: UserActor,
  input: { status?: OrderStatus; cursor?: string; limit: number },
) {
  const userId = actor.id;
  const conditions = [sql`user_id = ${userId}`];
  if (input.status) conditions.push(sql`status = ${input.status}`);
  if (input.cursor) {
    const [ms, id] = input.cursor.split('.').map(Number);
    const at = new Date(ms ?? 0);
    conditions.push(sql`(created_at < ${at} OR (created_at = ${at} AND id < ${id ?? 0}))`);
  }
  const rows = await listedOrders(
    db,
    sql`SELECT id FROM orders WHERE ${sql.join(conditions, sql` AND `)}
      ORDER BY created_at DESC, id DESC LIMIT ${input.limit + 1}`,
    { id: userId, staff: false },
  );
  rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  const page = rows.slice(0, input.limit);
  return {
    orders: page.map((r) => {
      const { number, status, totalCents, currency, createdAt, items, unread } = listRow(r);
      return { number, status, totalCents, currency, createdAt, items, unread };
    }),
    nextCursor: rows.length > input.limit ? cursorOf(page.at(-1)) : undefined,
  };
}

function cursorOf(row: { id: number; createdAt: Date } | undefined): string | undefined {
  return row ? `${row.createdAt.getTime()}.${row.id}` : undefined;
}

/**
 * One order for its owner or for staff; staff also see the client, the claim and the stock flag.
 * An order awaiting payment carries the moment the unpaid-orders job will cancel it.
 */
export async function orderDetail(
  db: Db,
  viewer: Actor,
  { number }: { number: string },
  { config }: Pick<Deps, 'config'>,
) {
  const order = await db
    .selectFrom('orders as o')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .leftJoin('users as c', 'c.id', 'o.claimed_by')
    .leftJoin('coupons as k', 'k.id', 'o.coupon_id')
    .select([
      'o.id',
      'o.number',
      'o.user_id',
      'o.status',
      'o.subtotal_cents as subtotalCents',
      'o.discount_cents as discountCents',
      'o.total_cents as totalCents',
      'o.currency',
      'o.payment_method as paymentMethod',
      'o.rejection_reason as rejectionReason',
      'o.cancel_reason as cancelReason',
      'o.out_of_stock as outOfStock',
      'o.created_at as createdAt',
      'o.paid_at as paidAt',
      'o.delivered_at as deliveredAt',
      'o.claimed_by as claimedById',
      'c.full_name as claimedByName',
      'u.full_name as clientName',
      'u.email as clientEmail',
      'u.phone as clientPhone',
      'k.code as couponCode',
    ])
    .where('o.number', '=', number)
    .executeTakeFirst();
  const staff = isStaff(viewer.role);
  if (!order || (!staff && order.user_id !== viewer.id)) throw notFound();
  const [items, events, receipts] = await Promise.all([
    itemsByOrder(db, [order.id]),
    db
      .selectFrom('order_events as e')
      .leftJoin('users as a', 'a.id', 'e.actor_id')
      .select([
        'e.id',
        'e.from_status as fromStatus',
        'e.to_status as toStatus',
        'e.note',
        'e.detail',
        'e.created_at as createdAt',
        'e.actor_id',
        'a.full_name as actorName',
        'a.role as actorRole',
      ])
      .where('e.order_id', '=', order.id)
      .orderBy('e.created_at')
      .orderBy('e.id')
      .execute(),
    db
      .selectFrom('payment_receipts')
      .select([
        'storage_key as key',
        'original_name as originalName',
        'mime_type as mimeType',
        'size_bytes as sizeBytes',
        'created_at as createdAt',
      ])
      .where('order_id', '=', order.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  const method = paymentMethod(order.paymentMethod);
  const unpaid = order.status === 'awaiting_payment' || order.status === 'payment_review';
  const instructions = unpaid ? await method.instructions(db) : '';
  // The account and the deadline the admin set on the settings page, as the order email and the job read them.
  const shop = unpaid ? await readShopSettings(db, defaultsOf(config)) : null;
  const { id, user_id, clientName, clientEmail, clientPhone, claimedById, claimedByName, outOfStock, ...common } =
    order;
  return {
    ...common,
    number,
    items: items.get(id) ?? [],
    // Clients see who acted as "you", "staff" or "system"; names of employees stay internal.
    events: events.map(({ actor_id, actorName, actorRole, ...e }) => ({
      ...e,
      by: actor_id === null ? 'system' : actor_id === user_id ? 'client' : staff ? (actorName ?? 'staff') : 'staff',
      staffAction: actorRole !== null && actorRole !== 'client' && actor_id !== user_id,
    })),
    receipts,
    payment: unpaid
      ? {
          method: method.id,
          label: method.label,
          instructions,
          iban: shop?.bankIban || ibanIn(instructions),
          accountHolder: shop?.bankAccountHolder || null,
          bic: shop?.bankBic || null,
          needsReceipt: method.needsReceipt,
          // A receipt under review stops the clock, as the job only cancels orders still awaiting payment.
          deadline:
            order.status === 'awaiting_payment'
              ? paymentDeadline(order.createdAt, events, shop?.unpaidOrderHours)
              : null,
        }
      : null,
    canCancel: unpaid,
    canUploadReceipt: unpaid && method.needsReceipt,
    isMine: user_id === viewer.id,
    staff: staff
      ? {
          client: { id: user_id, name: clientName, email: clientEmail, phone: clientPhone },
          claimedBy: claimedById === null ? null : { id: claimedById, name: claimedByName ?? '' },
          outOfStock: Boolean(outOfStock),
        }
      : null,
  };
}

const revokedError = () =>
  new NotFound('This delivery was revoked when the order was refunded, so it can no longer be shown.');

/**
 * The delivered details of one item, decrypted for its owner or staff only. A refunded order's
 * details are gone from the row; the status is checked too, so nothing a refund missed is shown.
 * Staff reading a client's secret is an action worth a trace in the audit log.
 */
export async function revealDelivery(
  db: Db,
  viewer: UserActor,
  { number, itemId }: { number: string; itemId: number },
  { config, now }: Deps,
) {
  const row = await db
    .selectFrom('order_items as i')
    .innerJoin('orders as o', 'o.id', 'i.order_id')
    .select(['o.user_id', 'o.status', 'i.delivery_ciphertext', 'i.delivered_at', 'i.revoked_at'])
    .where('o.number', '=', number)
    .where('i.id', '=', itemId)
    .executeTakeFirst();
  if (!row || (!isStaff(viewer.role) && row.user_id !== viewer.id)) throw notFound();
  if (row.revoked_at !== null || row.status === 'refunded') throw revokedError();
  if (!row.delivery_ciphertext || !row.delivered_at) return { delivered: false as const, details: null };
  const details = config.encryptor.decrypt(Buffer.from(row.delivery_ciphertext));
  if (row.user_id !== viewer.id && isStaff(viewer.role)) {
    await recordAudit(db, {
      actorId: viewer.id,
      action: 'order.reveal_delivery',
      entityType: 'order',
      entityId: number,
      after: { itemId },
      ip: viewer.ip ?? null,
      at: now,
    });
  }
  return { delivered: true as const, details };
}
