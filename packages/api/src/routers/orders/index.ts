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
import { cancelOrder } from '../../services/orders/actions.ts';
import { checkout } from '../../services/orders/checkout.ts';
import { previewCoupon } from '../../services/orders/coupons.ts';
import { listMessages, markThreadRead, sendMessage } from '../../services/orders/messages.ts';
import { listMyOrders, orderDetail, revealDelivery } from '../../services/orders/queries.ts';
import { clientProcedure, router } from '../../trpc.ts';

export const ordersRouter = router({
  checkout: clientProcedure
    .input(checkoutInput)
    .mutation(({ ctx, input }) => checkout(ctx.db, ctx.actor, input, ctx.deps)),
  /** Shows the discount a coupon would give on the current cart, without using it. */
  previewCoupon: clientProcedure
    .input(couponPreviewInput)
    .query(({ ctx, input }) => previewCoupon(ctx.db, ctx.actor, input, ctx.deps)),
  list: clientProcedure.input(ordersListInput).query(({ ctx, input }) => listMyOrders(ctx.db, ctx.actor, input)),
  /** Staff may open any order here too; clients only their own. */
  get: clientProcedure.input(orderRef).query(({ ctx, input }) => orderDetail(ctx.db, ctx.actor, input, ctx.deps)),
  cancel: clientProcedure
    .input(cancelInput)
    // The client's own cancel: staff cancel other people's orders at the desk, where a reason is required.
    .mutation(({ ctx, input }) => cancelOrder(ctx.db, { ...ctx.actor, role: 'client' }, input, ctx.deps)),
  revealDelivery: clientProcedure
    .input(z.object({ number: orderNumber, itemId: z.number().int().positive() }))
    .mutation(({ ctx, input }) => revealDelivery(ctx.db, ctx.actor, input, ctx.deps)),
  messages: clientProcedure.input(orderRef).query(({ ctx, input }) => listMessages(ctx.db, ctx.actor, input)),
  sendMessage: clientProcedure
    .input(sendMessageInput)
    .mutation(({ ctx, input }) => sendMessage(ctx.db, ctx.actor, input, ctx.deps)),
  markRead: clientProcedure.input(orderRef).mutation(({ ctx, input }) => markThreadRead(ctx.db, ctx.actor, input)),
});
