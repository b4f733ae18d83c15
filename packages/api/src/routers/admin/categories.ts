import { categoryIdInput, categoryNameInput, categoryRenameInput, categoryReorderInput } from '@damso/validators';
import {
  createCategory,
  deleteCategory,
  listAdminCategories,
  renameCategory,
  reorderCategories,
} from '../../services/catalog/categories.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminCategoriesRouter = router({
  list: permissionProcedure('admin:offers').query(({ ctx }) => listAdminCategories(ctx.db)),
  create: permissionProcedure('admin:offers')
    .input(categoryNameInput)
    .mutation(({ ctx, input }) => createCategory(ctx.db, ctx.actor, input, ctx.deps)),
  rename: permissionProcedure('admin:offers')
    .input(categoryRenameInput)
    .mutation(({ ctx, input }) => renameCategory(ctx.db, ctx.actor, input, ctx.deps)),
  reorder: permissionProcedure('admin:offers')
    .input(categoryReorderInput)
    .mutation(({ ctx, input }) => reorderCategories(ctx.db, ctx.actor, input, ctx.deps)),
  delete: permissionProcedure('admin:offers')
    .input(categoryIdInput)
    .mutation(({ ctx, input }) => deleteCategory(ctx.db, ctx.actor, input, ctx.deps)),
});
