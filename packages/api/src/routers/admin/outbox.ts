import { outboxIdInput, outboxListInput } from '@damso/validators';
import { listOutbox, retryEmail } from '../../services/admin/outbox.ts';
import { adminProcedure, router } from '../../trpc.ts';

export const adminOutboxRouter = router({
  list: adminProcedure.input(outboxListInput).query(({ ctx, input }) => listOutbox(ctx.db, input)),
  retry: adminProcedure
    .input(outboxIdInput)
    .mutation(({ ctx, input }) => retryEmail(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.id)),
});
