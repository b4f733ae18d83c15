import { outboxIdInput, outboxListInput } from '@damso/validators';
import { listOutbox, retryEmail } from '../../services/admin/outbox.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminOutboxRouter = router({
  list: permissionProcedure('admin:settings')
    .input(outboxListInput)
    .query(({ ctx, input }) => listOutbox(ctx.db, input)),
  retry: permissionProcedure('admin:settings')
    .input(outboxIdInput)
    .mutation(({ ctx, input }) => retryEmail(ctx.db, ctx.actor, input, ctx.deps)),
});
