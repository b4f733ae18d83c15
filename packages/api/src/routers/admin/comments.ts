import { commentIdInput, commentQueueInput, commentSetHiddenInput } from '@damso/validators';
import { deleteAnyComment, moderationQueue, setCommentHidden } from '../../services/comment-moderation.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminCommentsRouter = router({
  queue: permissionProcedure('admin:moderate')
    .input(commentQueueInput)
    .query(({ ctx, input }) => moderationQueue(ctx.db, input.tab, input.page)),
  setHidden: permissionProcedure('admin:moderate')
    .input(commentSetHiddenInput)
    .mutation(({ ctx, input }) =>
      setCommentHidden(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.id, input.hidden),
    ),
  delete: permissionProcedure('admin:moderate')
    .input(commentIdInput)
    .mutation(({ ctx, input }) => deleteAnyComment(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.id)),
});
