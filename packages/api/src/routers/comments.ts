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
} from '../services/comments/comments.ts';
import { clientProcedure, permissionProcedure, publicProcedure, router } from '../trpc.ts';

export const commentsRouter = router({
  list: publicProcedure
    .input(commentListInput)
    // The comments from the replica and the cache like the catalog's (not for a browser that has just
    // written: it must see its change); what concerns the viewer (bought it, rated it) from the primary.
    .query(({ ctx, input }) =>
      listComments(ctx.db, ctx.actor, input, ctx.readDb, (ctx.config.catalogCache ?? false) && !ctx.justWrote),
    ),
  create: clientProcedure
    .input(commentCreateInput)
    .mutation(({ ctx, input }) => createComment(ctx.db, ctx.actor, input, ctx.deps)),
  update: clientProcedure
    .input(commentUpdateInput)
    .mutation(({ ctx, input }) => updateComment(ctx.db, ctx.actor, input, ctx.deps)),
  delete: clientProcedure
    .input(commentIdInput)
    .mutation(({ ctx, input }) => deleteOwnComment(ctx.db, ctx.actor, input, ctx.deps)),
  report: clientProcedure
    .input(commentIdInput)
    .mutation(({ ctx, input }) => reportComment(ctx.db, ctx.actor, input, ctx.deps)),
  reply: permissionProcedure('comments:reply')
    .input(commentReplyInput)
    .mutation(({ ctx, input }) => replyToComment(ctx.db, ctx.actor, input, ctx.deps)),
});
