import { categoryNameInput, categoryRenameInput, categoryReorderInput } from '@damso/validators';
import { createCategory, listAdminCategories, renameCategory, reorderCategories } from '../../services/categories.ts';
import { adminProcedure, router } from '../../trpc.ts';

export const adminCategoriesRouter = router({
  list: adminProcedure.query(({ ctx }) => listAdminCategories(ctx.db)),
  create: adminProcedure
    .input(categoryNameInput)
    .mutation(({ ctx, input }) => createCategory(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.name)),
  rename: adminProcedure
    .input(categoryRenameInput)
    .mutation(({ ctx, input }) =>
      renameCategory(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.id, input.name),
    ),
  reorder: adminProcedure
    .input(categoryReorderInput)
    .mutation(({ ctx, input }) =>
      reorderCategories(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.ids),
    ),
});
