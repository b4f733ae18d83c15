// The settings the admin edits: the settings page's one form, read and saved whole.
import { shopSettingsInput } from '@damso/validators';
import { saveShopSettings, shopSettingsForm } from '../../services/admin/shop-settings.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminSettingsRouter = router({
  shop: permissionProcedure('admin:settings').query(({ ctx }) => shopSettingsForm(ctx.db, ctx.deps)),
  saveShop: permissionProcedure('admin:settings')
    .input(shopSettingsInput)
    .mutation(({ ctx, input }) => saveShopSettings(ctx.db, ctx.actor, input, ctx.deps)),
});
