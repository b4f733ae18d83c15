import { notificationsReadInput, pushEndpointInput, pushSubscriptionInput } from '@damso/validators';
import { listNotifications, markNotificationsRead } from '../services/notifications/notifications.ts';
import { deletePushSubscription, pushStatus, savePushSubscription } from '../services/notifications/push.ts';
import { authedProcedure, router } from '../trpc.ts';

export const notificationsRouter = router({
  list: authedProcedure.query(({ ctx }) => listNotifications(ctx.db, ctx.actor)),
  /** Marks the given notifications read, or all of them without ids. */
  markRead: authedProcedure
    .input(notificationsReadInput)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.actor, input, ctx.deps)),
  /** The key to subscribe with, and whether this browser (its endpoint) already gets pushes. */
  pushStatus: authedProcedure
    .input(pushEndpointInput.partial())
    .query(({ ctx, input }) => pushStatus(ctx.db, ctx.actor, input, ctx.deps)),
  subscribePush: authedProcedure
    .input(pushSubscriptionInput)
    .mutation(({ ctx, input }) => savePushSubscription(ctx.db, ctx.actor, input, ctx.deps)),
  unsubscribePush: authedProcedure
    .input(pushEndpointInput)
    .mutation(({ ctx, input }) => deletePushSubscription(ctx.db, ctx.actor, input)),
});
