// The employee desk: the queue, claims, payment review and delivery. Admins use it too.
import { deliverInput, deskQueueInput, orderRef, rejectInput, staffCancelInput } from '@damso/validators';
import { z } from 'zod';
import {
  approvePayment,
  cancelOrder,
  claimOrder,
  deliverItems,
  rejectPayment,
  releaseOrder,
  retryStockDelivery,
} from '../services/orders/actions.ts';
import { deskCounts, deskQueue } from '../services/orders/desk-queries.ts';
import { orderDetail } from '../services/orders/queries.ts';
import { router, staffProcedure } from '../trpc.ts';
import { actorOf, depsOf } from './orders/context.ts';

export const deskRouter = router({
  counts: staffProcedure.query(({ ctx }) => deskCounts(ctx.db, ctx.user.id)),
  queue: staffProcedure
    .input(deskQueueInput)
    .query(({ ctx, input }) => deskQueue(ctx.db, ctx.user.id, input.queue, input.limit)),
  get: staffProcedure.input(orderRef).query(({ ctx, input }) => orderDetail(ctx.db, input.number, actorOf(ctx))),
  claim: staffProcedure
    .input(orderRef.extend({ takeOver: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => claimOrder(ctx.db, depsOf(ctx), input, actorOf(ctx), input.takeOver)),
  release: staffProcedure
    .input(orderRef)
    .mutation(({ ctx, input }) => releaseOrder(ctx.db, depsOf(ctx), input, actorOf(ctx))),
  approve: staffProcedure
    .input(orderRef)
    .mutation(({ ctx, input }) => approvePayment(ctx.db, depsOf(ctx), input, actorOf(ctx))),
  reject: staffProcedure
    .input(rejectInput)
    .mutation(({ ctx, input }) => rejectPayment(ctx.db, depsOf(ctx), input, actorOf(ctx), input.reason)),
  deliver: staffProcedure
    .input(deliverInput)
    .mutation(({ ctx, input }) => deliverItems(ctx.db, depsOf(ctx), input, actorOf(ctx), input.items)),
  retryStock: staffProcedure
    .input(orderRef)
    .mutation(({ ctx, input }) => retryStockDelivery(ctx.db, depsOf(ctx), input, actorOf(ctx))),
  cancel: staffProcedure
    .input(staffCancelInput)
    .mutation(({ ctx, input }) => cancelOrder(ctx.db, depsOf(ctx), input, actorOf(ctx), input.reason)),
});
