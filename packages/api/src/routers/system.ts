import { permissionsOf } from '@damso/validators';
import { publicProcedure, router } from '../trpc.ts';

export const systemRouter = router({
  /**
   * What the web app needs before the first render: the store's name, currency and the viewer with
   * the permissions the server's table grants them, so pages and menus never derive them from a role.
   */
  bootstrap: publicProcedure.query(({ ctx }) => {
    const user = ctx.session?.user;
    return {
      storeName: ctx.config.storeName,
      currency: ctx.config.currency,
      user: user ? { ...user, permissions: permissionsOf(user.role, ctx.config.permissions) } : null,
    };
  }),
});
