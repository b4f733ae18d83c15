// The client's side of orders: checkout, the list, one order, cancelling, delivered details, the thread.
import {
  cancelInput,
  checkoutInput,
  couponPreviewInput,
  orderNumber,
  orderRef,
  ordersListInput,
  sendMessageInput,
} from '@damso/validators';
import { z } from 'zod';
import { recordAudit } from '../../services/audit.ts';
import { getCart } from '../../services/cart.ts';
import { cancelOrder } from '../../services/orders/actions.ts';
import { checkout } from '../../services/orders/checkout.ts';
import { isStaff } from '../../services/orders/common.ts';
import { checkCoupon, limitCouponGuesses } from '../../services/orders/coupons.ts';
import { listMessages, markThreadRead, sendMessage } from '../../services/orders/messages.ts';
import { deliveryDetails, listMyOrders, orderDetail } from '../../services/orders/queries.ts';
import { clientProcedure, router } from '../../trpc.ts';
import { actorOf, depsOf } from './context.ts';

export const ordersRouter = router({
  checkout: clientProcedure.input(checkoutInput).mutation(({ ctx, input }) =>
    checkout(ctx.db, ctx.config, ctx.clock(), {
      userId: ctx.user.id,
      idempotencyKey: input.idempotencyKey,
      couponCode: input.couponCode || undefined,
      ip: ctx.req.ip,
      expectedTotalCents: input.expectedTotalCents,
    }),
  ),
  /** Shows the discount a coupon would give on the current cart, without using it. */
  previewCoupon: clientProcedure.input(couponPreviewInput).query(async ({ ctx, input }) => {
    const cart = await getCart(ctx.db, ctx.user.id);
    const { coupon, discountCents } = await limitCouponGuesses(ctx.db, { userId: ctx.user.id, ip: ctx.req.ip }, () =>
      checkCoupon(ctx.db, {
        code: input.code,
        userId: ctx.user.id,
        subtotalCents: cart.subtotalCents,
        now: ctx.clock(),
        lock: false,
      }),
    );
    return { code: coupon.code, discountCents, totalCents: cart.subtotalCents - discountCents };
  }),
  list: clientProcedure.input(ordersListInput).query(({ ctx, input }) => listMyOrders(ctx.db, ctx.user.id, input)),
  /** Staff may open any order here too; clients only their own. */
  get: clientProcedure.input(orderRef).query(({ ctx, input }) => orderDetail(ctx.db, input.number, actorOf(ctx))),
  cancel: clientProcedure
    .input(cancelInput)
    // The client's own cancel: staff cancel other people's orders at the desk, where a reason is required.
    .mutation(({ ctx, input }) =>
      cancelOrder(ctx.db, depsOf(ctx), input, { ...actorOf(ctx), role: 'client' }, input.reason),
    ),
  revealDelivery: clientProcedure
    .input(z.object({ number: orderNumber, itemId: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const actor = actorOf(ctx);
      const result = await deliveryDetails(ctx.db, ctx.config.encryptor.decrypt, input.number, input.itemId, actor);
      // Staff reading a client's secret is an action worth a trace.
      if (result.delivered && !result.isOwner && isStaff(actor.role)) {
        await recordAudit(ctx.db, {
          actorId: actor.id,
          action: 'order.reveal_delivery',
          entityType: 'order',
          entityId: input.number,
          after: { itemId: input.itemId },
          ip: actor.ip,
          at: ctx.clock(),
        });
      }
      return { delivered: result.delivered, details: result.details };
    }),
  messages: clientProcedure.input(orderRef).query(({ ctx, input }) => listMessages(ctx.db, input.number, actorOf(ctx))),
  sendMessage: clientProcedure
    .input(sendMessageInput)
    .mutation(({ ctx, input }) => sendMessage(ctx.db, ctx.config, ctx.clock(), input.number, actorOf(ctx), input.body)),
  markRead: clientProcedure
    .input(orderRef)
    .mutation(({ ctx, input }) => markThreadRead(ctx.db, input.number, actorOf(ctx))),
});
