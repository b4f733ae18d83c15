// The content pages' editor on the admin's settings page: read all four, save one at a time.
import { contentPageInput } from '@damso/validators';
import { contentPagesForAdmin, saveContentPage } from '../../services/content/pages.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminContentRouter = router({
  pages: permissionProcedure('admin:settings').query(({ ctx }) => contentPagesForAdmin(ctx.db)),
  save: permissionProcedure('admin:settings')
    .input(contentPageInput)
    .mutation(({ ctx, input }) => saveContentPage(ctx.db, ctx.actor, input, ctx.deps)),
});
