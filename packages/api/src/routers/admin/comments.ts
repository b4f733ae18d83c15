import { commentIdInput, commentQueueInput, commentSetHiddenInput } from '@damso/validators';
import { deleteAnyComment, moderationQueue, setCommentHidden } from '../../services/comments/moderation.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminCommentsRouter = router({
  queue: permissionProcedure('admin:moderate')
    .input(commentQueueInput)
    .query(({ ctx, input }) => moderationQueue(ctx.db, input)),
  setHidden: permissionProcedure('admin:moderate')
    .input(commentSetHiddenInput)
    .mutation(({ ctx, input }) => setCommentHidden(ctx.db, ctx.actor, input, ctx.deps)),
  delete: permissionProcedure('admin:moderate')
    .input(commentIdInput)
    .mutation(({ ctx, input }) => deleteAnyComment(ctx.db, ctx.actor, input, ctx.deps)),
});
