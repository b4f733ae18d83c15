// What clients, staff and the system do to an order. Each action is one transaction on the locked
// order row; the rules themselves live in state-machine.ts.
import type { Database } from '@damso/db';
import { CLAIMABLE_ORDER_STATUSES, type OrderStatus } from '@damso/validators';
import { recordAudit } from '../admin/audit.ts';
import { defaultsOf, readShopSettings } from '../admin/shop-settings.ts';
import { type Actor, type Deps, managesOrders, SYSTEM, type UserActor } from '../shared/actor.ts';
import { Conflict } from '../shared/errors.ts';
import { deliverFromStock, deliverTyped } from './delivery.ts';
import { describeRevocation, revokeDeliveries } from './refund.ts';
import {
  applyTransition,
  assertAllowed,
  assertClaim,
  assertNotClaimedByOther,
  withLockedOrder,
} from './state-machine.ts';

type Ref = { number: string };

/** Approving confirms the payment and at once delivers whatever the stock can cover. */
export function approvePayment(db: Database, actor: UserActor, ref: Ref, deps: Deps) {
  return withLockedOrder(db, ref, actor, async (trx, order) => {
    assertAllowed(order, 'approve', actor);
    await applyTransition(trx, deps, order, 'approve', actor);
    const result = await deliverFromStock(trx, deps, order, actor.id);
    if (result.allDelivered) await applyTransition(trx, deps, order, 'deliver', actor);
    return { number: order.number, status: order.status, outOfStock: result.outOfStock };
  });
}

export function rejectPayment(db: Database, actor: UserActor, input: Ref & { reason: string }, deps: Deps) {
  return withLockedOrder(db, input, actor, async (trx, order) => {
    assertAllowed(order, 'reject', actor);
    await applyTransition(trx, deps, order, 'reject', actor, input.reason);
    return { number: order.number, status: order.status };
  });
}

export function cancelOrder(
  db: Database,
  actor: Actor,
  input: (Ref | { id: number }) & { reason?: string | undefined },
  deps: Deps,
) {
  return withLockedOrder(db, input, actor, async (trx, order) => {
    assertAllowed(order, 'cancel', actor);
    await applyTransition(trx, deps, order, 'cancel', actor, input.reason ?? null);
    return { number: order.number, status: order.status };
  });
}

/** A refund takes back exactly what the order gave, in the same transaction as the status change. */
export function refundOrder(db: Database, actor: UserActor, input: Ref & { reason: string }, deps: Deps) {
  return withLockedOrder(db, input, actor, async (trx, order) => {
    assertAllowed(order, 'refund', actor);
    const revoked = describeRevocation(await revokeDeliveries(trx, deps.now, order.id));
    await applyTransition(trx, deps, order, 'refund', actor, input.reason, revoked);
    return { number: order.number, status: order.status, revoked };
  });
}

/** Staff type delivery details for some items; the order is delivered once every item is. */
export function deliverItems(
  db: Database,
  actor: UserActor,
  { items, ...ref }: Ref & { items: Array<{ itemId: number; details: string }> },
  deps: Deps,
) {
  return withLockedOrder(db, ref, actor, async (trx, order) => {
    assertAllowed(order, 'deliver', actor);
    const result = await deliverTyped(trx, deps, order, items, actor.id);
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'order.deliver_items',
      entityType: 'order',
      entityId: order.number,
      after: { itemIds: items.map((i) => i.itemId) },
      ip: actor.ip ?? null,
      at: deps.now,
    });
    if (result.allDelivered) await applyTransition(trx, deps, order, 'deliver', actor);
    return { number: order.number, status: order.status };
  });
}

/** After new stock arrives, staff retry the automatic delivery of an order flagged out of stock. */
export function retryStockDelivery(db: Database, actor: UserActor, ref: Ref, deps: Deps) {
  return withLockedOrder(db, ref, actor, async (trx, order) => {
    assertAllowed(order, 'deliver', actor);
    const result = await deliverFromStock(trx, deps, order, actor.id);
    if (result.allDelivered) await applyTransition(trx, deps, order, 'deliver', actor);
    return { number: order.number, status: order.status, outOfStock: result.outOfStock };
  });
}

const CLAIMABLE = new Set<OrderStatus>(CLAIMABLE_ORDER_STATUSES);

/** Claiming marks who works an order so two employees don't; an admin may take over with `takeOver`. */
export function claimOrder(
  db: Database,
  actor: UserActor,
  { takeOver = false, ...ref }: Ref & { takeOver?: boolean },
  deps: Deps,
) {
  return withLockedOrder(db, ref, actor, async (trx, order) => {
    if (!CLAIMABLE.has(order.status)) {
      throw new Conflict(`Order ${order.number} needs no more work, so it cannot be claimed.`);
    }
    if (order.claimed_by === actor.id) return { number: order.number, claimedBy: actor.id };
    // Only an admin's explicit take-over moves a claim: a plain claim never snatches someone's order.
    if (order.claimed_by !== null && !(takeOver && managesOrders(actor.role))) assertClaim(order, actor);
    await trx
      .updateTable('orders')
      .set({ claimed_by: actor.id, claimed_at: deps.now })
      .where('id', '=', order.id)
      .execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'order.claim',
      entityType: 'order',
      entityId: order.number,
      before: { claimedBy: order.claimed_by },
      after: { claimedBy: actor.id },
      ip: actor.ip ?? null,
      at: deps.now,
    });
    return { number: order.number, claimedBy: actor.id };
  });
}

export function releaseOrder(db: Database, actor: UserActor, ref: Ref, deps: Deps) {
  return withLockedOrder(db, ref, actor, async (trx, order) => {
    if (order.claimed_by === null) return { number: order.number, claimedBy: null };
    assertNotClaimedByOther(order, actor);
    await trx.updateTable('orders').set({ claimed_by: null, claimed_at: null }).where('id', '=', order.id).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'order.release',
      entityType: 'order',
      entityId: order.number,
      before: { claimedBy: order.claimed_by },
      after: { claimedBy: null },
      ip: actor.ip ?? null,
      at: deps.now,
    });
    return { number: order.number, claimedBy: null };
  });
}

/**
 * The background job: orders left unpaid for `hours` since they last awaited payment are cancelled.
 * Without `hours`, the shop's deadline setting (the admin's, else ORDER_PAYMENT_TIMEOUT_HOURS).
 */
export async function cancelUnpaidOrders(db: Database, options: { hours?: number }, deps: Deps): Promise<number> {
  const hours = options.hours ?? (await readShopSettings(db, defaultsOf(deps.config))).unpaidOrderHours;
  const cutoff = new Date(deps.now.getTime() - hours * 3_600_000);
  const stale = await db
    .selectFrom('orders as o')
    .select('o.id')
    .where('o.status', '=', 'awaiting_payment')
    .where('o.created_at', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('order_events as e')
            .select('e.id')
            .whereRef('e.order_id', '=', 'o.id')
            .where('e.to_status', '=', 'awaiting_payment')
            .where('e.created_at', '>=', cutoff),
        ),
      ),
    )
    .orderBy('o.created_at')
    .limit(500)
    .execute();
  let cancelled = 0;
  for (const { id } of stale) {
    try {
      await cancelOrder(db, SYSTEM, { id, reason: `Not paid within ${hours} hours.` }, deps);
      cancelled += 1;
    } catch (error) {
      // Another instance or a receipt upload got there first: the order is no longer unpaid.
      if (!(error instanceof Conflict)) throw error;
    }
  }
  return cancelled;
}
