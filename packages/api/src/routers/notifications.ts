import { notificationsReadInput } from '@damso/validators';
import { listNotifications, markNotificationsRead } from '../services/notifications/notifications.ts';
import { authedProcedure, router } from '../trpc.ts';

export const notificationsRouter = router({
  list: authedProcedure.query(({ ctx }) => listNotifications(ctx.db, ctx.actor)),
  /** Marks the given notifications read, or all of them without ids. */
  markRead: authedProcedure
    .input(notificationsReadInput)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.actor, input, ctx.deps)),
});
