import { permissionsOf } from '@damso/validators';
import { publicShopName } from '../services/admin/shop-settings.ts';
import { publicProcedure, router } from '../trpc.ts';
import { catalogOf } from './catalog.ts';

export const systemRouter = router({
  /**
   * What the web app needs before the first render: the store's name (the admin's setting, else
   * STORE_NAME), currency and the viewer with the permissions the server's table grants them, so
   * pages and menus never derive them from a role.
   */
  bootstrap: publicProcedure.query(async ({ ctx }) => {
    const user = ctx.session?.user;
    return {
      storeName: await publicShopName(catalogOf(ctx), ctx.config),
      currency: ctx.config.currency,
      user: user ? { ...user, permissions: permissionsOf(user.role, ctx.config.permissions) } : null,
    };
  }),
});
