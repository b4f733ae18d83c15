import { commentIdInput, commentQueueInput, commentSetHiddenInput } from '@damso/validators';
import { deleteAnyComment, moderationQueue, setCommentHidden } from '../../services/comment-moderation.ts';
import { adminProcedure, router } from '../../trpc.ts';

export const adminCommentsRouter = router({
  queue: adminProcedure
    .input(commentQueueInput)
    .query(({ ctx, input }) => moderationQueue(ctx.db, input.tab, input.page)),
  setHidden: adminProcedure
    .input(commentSetHiddenInput)
    .mutation(({ ctx, input }) =>
      setCommentHidden(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.id, input.hidden),
    ),
  delete: adminProcedure
    .input(commentIdInput)
    .mutation(({ ctx, input }) => deleteAnyComment(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.id)),
});
