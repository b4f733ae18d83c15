import { listSubscriptions } from '../services/subscriptions/subscriptions.ts';
import { clientProcedure, router } from '../trpc.ts';

export const subscriptionsRouter = router({
  // Scoped by the session's user id, never by an input, so no one can list another's rows.
  list: clientProcedure.query(({ ctx }) => listSubscriptions(ctx.db, ctx.actor, ctx.deps)),
});
