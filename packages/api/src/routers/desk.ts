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
import { permissionProcedure, router } from '../trpc.ts';

export const deskRouter = router({
  counts: permissionProcedure('desk:work').query(({ ctx }) => deskCounts(ctx.db, ctx.actor)),
  queue: permissionProcedure('desk:work')
    .input(deskQueueInput)
    .query(({ ctx, input }) => deskQueue(ctx.db, ctx.actor, input)),
  get: permissionProcedure('desk:work')
    .input(orderRef)
    .query(({ ctx, input }) => orderDetail(ctx.db, ctx.actor, input, ctx.deps)),
  claim: permissionProcedure('desk:work')
    .input(orderRef.extend({ takeOver: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => claimOrder(ctx.db, ctx.actor, input, ctx.deps)),
  release: permissionProcedure('desk:work')
    .input(orderRef)
    .mutation(({ ctx, input }) => releaseOrder(ctx.db, ctx.actor, input, ctx.deps)),
  approve: permissionProcedure('desk:work')
    .input(orderRef)
    .mutation(({ ctx, input }) => approvePayment(ctx.db, ctx.actor, input, ctx.deps)),
  reject: permissionProcedure('desk:work')
    .input(rejectInput)
    .mutation(({ ctx, input }) => rejectPayment(ctx.db, ctx.actor, input, ctx.deps)),
  deliver: permissionProcedure('desk:work')
    .input(deliverInput)
    .mutation(({ ctx, input }) => deliverItems(ctx.db, ctx.actor, input, ctx.deps)),
  retryStock: permissionProcedure('desk:work')
    .input(orderRef)
    .mutation(({ ctx, input }) => retryStockDelivery(ctx.db, ctx.actor, input, ctx.deps)),
  cancel: permissionProcedure('desk:work')
    .input(staffCancelInput)
    .mutation(({ ctx, input }) => cancelOrder(ctx.db, ctx.actor, input, ctx.deps)),
});
