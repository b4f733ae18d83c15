// The order state machine's enforcement; its table (ORDER_TRANSITIONS) lives in @damso/validators so
// the pages offer exactly what it allows. Every status change goes through `applyTransition`, which
// runs inside the caller's transaction on an order row locked with SELECT … FOR UPDATE, so two staff
// members acting at once are serialized: the first wins, the second sees the new state and a CONFLICT.
import { type Database, transaction } from '@damso/db';
import {
  ORDER_STATUS_LABELS,
  ORDER_TRANSITIONS,
  type OrderAction,
  type OrderParty,
  type OrderStatus,
} from '@damso/validators';
import { recordAudit } from '../admin/audit.ts';
import { notify } from '../notifications/notifications.ts';
import { type Actor, type Db, type Deps, isStaff, managesOrders } from '../shared/actor.ts';
import { Conflict, Forbidden } from '../shared/errors.ts';
import { orderFacts, recordOrderChange } from '../stats/rollups.ts';
import { emailClient, notFound } from './common.ts';

export type { OrderAction };

const VERBS: Record<OrderAction, string> = {
  submit_receipt: 'sent for payment review',
  approve: 'approved',
  reject: 'rejected',
  deliver: 'delivered',
  cancel: 'cancelled',
  refund: 'refunded',
};

export interface LockedOrder {
  id: number;
  number: string;
  user_id: number;
  status: OrderStatus;
  claimed_by: number | null;
  coupon_id: number | null;
}

function partiesOf(actor: Actor, order: LockedOrder): Set<OrderParty> {
  const parties = new Set<OrderParty>();
  if (actor.role === 'system') parties.add('system');
  if (actor.id !== null && actor.id === order.user_id) parties.add('owner');
  if (isStaff(actor.role)) parties.add('staff');
  if (managesOrders(actor.role)) parties.add('admin');
  return parties;
}

/** Locks the order row for the rest of the transaction. Clients only ever find their own orders. */
export async function lockOrder(trx: Db, ref: { number: string } | { id: number }, actor: Actor): Promise<LockedOrder> {
  const q = trx.selectFrom('orders').select(['id', 'number', 'user_id', 'status', 'claimed_by', 'coupon_id']);
  const order = await ('number' in ref ? q.where('number', '=', ref.number) : q.where('id', '=', ref.id))
    .forUpdate()
    .executeTakeFirst();
  if (!order?.number) throw notFound();
  if (actor.role !== 'system' && !isStaff(actor.role) && order.user_id !== actor.id) throw notFound();
  return { ...order, number: order.number };
}

/**
 * Refuses to let anyone but the holder of the claim release it; admins may release any claim (or
 * take it over with claimOrder's `takeOver`).
 */
export function assertNotClaimedByOther(order: LockedOrder, actor: Actor): void {
  if (order.claimed_by !== null && order.claimed_by !== actor.id && !managesOrders(actor.role)) {
    throw new Conflict(`Order ${order.number} is claimed by another employee. Ask them to release it first.`);
  }
}

/**
 * A staff action needs the order claimed by the one acting, admins included, so two people never work
 * one order: the claim is read from the row locked for this transaction, so it cannot change under us.
 */
export function assertClaim(order: LockedOrder, actor: Actor): void {
  if (order.claimed_by === actor.id) return;
  if (order.claimed_by === null) throw new Conflict(`Claim order ${order.number} before working on it.`);
  throw new Conflict(
    managesOrders(actor.role)
      ? `Order ${order.number} is claimed by another employee. Take it over before working on it.`
      : `Order ${order.number} is claimed by another employee. Ask them to release it first.`,
  );
}

export function assertAllowed(order: LockedOrder, action: OrderAction, actor: Actor): void {
  const rule = ORDER_TRANSITIONS[action];
  const parties = partiesOf(actor, order);
  if (!rule.by.some((p) => parties.has(p))) {
    throw new Forbidden(`You cannot mark this order ${VERBS[action]}.`);
  }
  if (!rule.from.includes(order.status)) {
    throw new Conflict(
      `Order ${order.number} is already “${ORDER_STATUS_LABELS[order.status]}”, so it cannot be ${VERBS[action]}.`,
    );
  }
  // Only human staff claim: the client acting on their own order and the jobs' system actor never do,
  // and an admin's refund ends an order nobody works any more.
  const asOwnerOrSystem = rule.by.some((p) => (p === 'owner' || p === 'system') && parties.has(p));
  if (!asOwnerOrSystem && action !== 'refund') assertClaim(order, actor);
}

function clientMessage(number: string, to: OrderStatus, note: string | null, detail: string | null): string[] {
  switch (to) {
    case 'payment_review':
      return [`We received your payment receipt for order ${number} and will check it shortly.`];
    case 'paid':
      return [`Your payment for order ${number} is confirmed. We are preparing your delivery.`];
    case 'awaiting_payment':
      return [
        `We could not confirm the payment for order ${number}.`,
        `Reason: ${note ?? 'not given'}`,
        'Please check the payment and upload a new receipt on the order page.',
      ];
    case 'delivered':
      return [`Your order ${number} has been delivered. Open the order page to see what you received.`];
    case 'cancelled':
      return [`Your order ${number} was cancelled.`, ...(note ? [`Reason: ${note}`] : [])];
    case 'refunded':
      return [`Your order ${number} was refunded.`, ...(note ? [`Reason: ${note}`] : []), ...(detail ? [detail] : [])];
  }
}

/**
 * Moves a locked order to the action's state: the row, its timeline, the audit log, the client's
 * email and bell. Call `assertAllowed` first (or use `changeStatus`). `detail` says what the
 * transition did besides the status (a refund: what it revoked), on the timeline and in the email.
 */
export async function applyTransition(
  trx: Db,
  deps: Deps,
  order: LockedOrder,
  action: OrderAction,
  actor: Actor,
  note: string | null = null,
  detail: string | null = null,
): Promise<OrderStatus> {
  const to = ORDER_TRANSITIONS[action].to;
  const finished = to === 'delivered' || to === 'cancelled' || to === 'refunded';
  await trx
    .updateTable('orders')
    .set({
      status: to,
      ...(to === 'paid' ? { paid_at: deps.now, rejection_reason: null } : {}),
      ...(to === 'awaiting_payment' ? { rejection_reason: note } : {}),
      ...(to === 'delivered' ? { delivered_at: deps.now, out_of_stock: 0 } : {}),
      ...(to === 'cancelled' ? { cancel_reason: note } : {}),
      ...(finished ? { claimed_by: null, claimed_at: null } : {}),
    })
    .where('id', '=', order.id)
    .execute();
  await trx
    .insertInto('order_events')
    .values({
      order_id: order.id,
      from_status: order.status,
      to_status: to,
      actor_id: actor.id,
      note,
      detail,
      created_at: deps.now,
    })
    .execute();
  await recordAudit(trx, {
    actorId: actor.id,
    action: `order.${action}`,
    entityType: 'order',
    entityId: order.number,
    before: { status: order.status },
    after: { status: to, ...(note ? { note } : {}), ...(detail ? { detail } : {}) },
    ip: actor.ip ?? null,
    at: deps.now,
  });
  await emailClient(trx, deps, order.user_id, {
    template: `order-${to.replace('_', '-')}`,
    subject: `Order ${order.number}: ${ORDER_STATUS_LABELS[to]}`,
    number: order.number,
    paragraphs: clientMessage(order.number, to, note, detail),
  });
  if (actor.id !== order.user_id) {
    await notify(
      trx,
      [order.user_id],
      {
        kind: 'order_status',
        title: `Order ${order.number}: ${ORDER_STATUS_LABELS[to]}`,
        link: `/orders/${order.number}`,
        body: clientMessage(order.number, to, note, detail).join(' '),
      },
      deps.now,
    );
  }
  const previous = order.status;
  order.status = to;
  if (finished) order.claimed_by = null;
  if (to === 'cancelled' && order.coupon_id !== null && previous !== to) await releaseCoupon(trx, order);
  return to;
}

/** A cancelled order never got paid, so its coupon use goes back to the pool. */
async function releaseCoupon(trx: Db, order: LockedOrder): Promise<void> {
  const r = await trx.deleteFrom('coupon_redemptions').where('order_id', '=', order.id).executeTakeFirst();
  if (Number(r.numDeletedRows) > 0 && order.coupon_id !== null) {
    await trx
      .updateTable('coupons')
      .set((eb) => ({ uses_count: eb('uses_count', '-', 1) }))
      .where('id', '=', order.coupon_id)
      .where('uses_count', '>', 0)
      .execute();
  }
}

export function withLockedOrder<T>(
  db: Database,
  ref: { number: string } | { id: number },
  actor: Actor,
  work: (trx: Db, order: LockedOrder) => Promise<T>,
): Promise<T> {
  return transaction(db, async (trx) => {
    const order = await lockOrder(trx, ref, actor);
    const before = await orderFacts(trx, order.id);
    const result = await work(trx, order);
    // The statistics learn what the work changed last, so their shared rows stay locked only until the commit.
    await recordOrderChange(trx, before, await orderFacts(trx, order.id));
    return result;
  });
}
