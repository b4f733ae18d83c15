import { publicProcedure, router } from '../trpc.ts';

export const systemRouter = router({
  /** What the web app needs before the first render: the store's name, currency and the viewer. */
  bootstrap: publicProcedure.query(({ ctx }) => ({
    storeName: ctx.config.storeName,
    currency: ctx.config.currency,
    user: ctx.session?.user ?? null,
  })),
});
