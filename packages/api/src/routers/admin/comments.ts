import { commentBulkInput, commentIdInput, commentQueueInput, commentSetHiddenInput } from '@damso/validators';
import {
  deleteAnyComment,
  dismissCommentReports,
  moderationQueue,
  setCommentHidden,
} from '../../services/comments/moderation.ts';
import { moderateComments } from '../../services/comments/moderation-bulk.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminCommentsRouter = router({
  queue: permissionProcedure('admin:moderate')
    .input(commentQueueInput)
    .query(({ ctx, input }) => moderationQueue(ctx.db, input)),
  setHidden: permissionProcedure('admin:moderate')
    .input(commentSetHiddenInput)
    .mutation(({ ctx, input }) => setCommentHidden(ctx.db, ctx.actor, input, ctx.deps)),
  moderateMany: permissionProcedure('admin:moderate')
    .input(commentBulkInput)
    .mutation(({ ctx, input }) => moderateComments(ctx.db, ctx.actor, input, ctx.deps)),
  dismissReports: permissionProcedure('admin:moderate')
    .input(commentIdInput)
    .mutation(({ ctx, input }) => dismissCommentReports(ctx.db, ctx.actor, input, ctx.deps)),
  delete: permissionProcedure('admin:moderate')
    .input(commentIdInput)
    .mutation(({ ctx, input }) => deleteAnyComment(ctx.db, ctx.actor, input, ctx.deps)),
});
