import {
  commentCreateInput,
  commentIdInput,
  commentListInput,
  commentReplyInput,
  commentUpdateInput,
} from '@damso/validators';
import {
  createComment,
  deleteOwnComment,
  listComments,
  replyToComment,
  reportComment,
  updateComment,
} from '../services/comments.ts';
import { clientProcedure, permissionProcedure, publicProcedure, router } from '../trpc.ts';

export const commentsRouter = router({
  list: publicProcedure
    .input(commentListInput)
    // The comments from the replica; what concerns the viewer (bought it, rated it) from the primary.
    .query(({ ctx, input }) => listComments(ctx.db, ctx.session?.user ?? null, input.offerId, input.page, ctx.readDb)),
  create: clientProcedure
    .input(commentCreateInput)
    .mutation(({ ctx, input }) => createComment(ctx.db, ctx.user, ctx.clock(), input)),
  update: clientProcedure
    .input(commentUpdateInput)
    .mutation(({ ctx, input }) => updateComment(ctx.db, ctx.user, ctx.clock(), input)),
  delete: clientProcedure
    .input(commentIdInput)
    .mutation(({ ctx, input }) => deleteOwnComment(ctx.db, ctx.user, ctx.clock(), input.id)),
  report: clientProcedure
    .input(commentIdInput)
    .mutation(({ ctx, input }) => reportComment(ctx.db, ctx.user, ctx.clock(), input.id)),
  reply: permissionProcedure('comments:reply')
    .input(commentReplyInput)
    .mutation(({ ctx, input }) => replyToComment(ctx.db, ctx.user, ctx.clock(), input)),
});
