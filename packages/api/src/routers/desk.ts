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
import { actorOf, depsOf } from './orders/context.ts';

export const deskRouter = router({
  counts: permissionProcedure('desk:work').query(({ ctx }) => deskCounts(ctx.db, ctx.user.id)),
  queue: permissionProcedure('desk:work')
    .input(deskQueueInput)
    .query(({ ctx, input }) => deskQueue(ctx.db, ctx.user.id, input.queue, input.limit)),
  get: permissionProcedure('desk:work')
    .input(orderRef)
    .query(({ ctx, input }) => orderDetail(ctx.db, input.number, actorOf(ctx))),
  claim: permissionProcedure('desk:work')
    .input(orderRef.extend({ takeOver: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => claimOrder(ctx.db, depsOf(ctx), input, actorOf(ctx), input.takeOver)),
  release: permissionProcedure('desk:work')
    .input(orderRef)
    .mutation(({ ctx, input }) => releaseOrder(ctx.db, depsOf(ctx), input, actorOf(ctx))),
  approve: permissionProcedure('desk:work')
    .input(orderRef)
    .mutation(({ ctx, input }) => approvePayment(ctx.db, depsOf(ctx), input, actorOf(ctx))),
  reject: permissionProcedure('desk:work')
    .input(rejectInput)
    .mutation(({ ctx, input }) => rejectPayment(ctx.db, depsOf(ctx), input, actorOf(ctx), input.reason)),
  deliver: permissionProcedure('desk:work')
    .input(deliverInput)
    .mutation(({ ctx, input }) => deliverItems(ctx.db, depsOf(ctx), input, actorOf(ctx), input.items)),
  retryStock: permissionProcedure('desk:work')
    .input(orderRef)
    .mutation(({ ctx, input }) => retryStockDelivery(ctx.db, depsOf(ctx), input, actorOf(ctx))),
  cancel: permissionProcedure('desk:work')
    .input(staffCancelInput)
    .mutation(({ ctx, input }) => cancelOrder(ctx.db, depsOf(ctx), input, actorOf(ctx), input.reason)),
});
