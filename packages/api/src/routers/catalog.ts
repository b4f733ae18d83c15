import { catalogSearchInput } from '@damso/validators';
import { featuredOffers, listCategories, searchOffers } from '../services/catalog.ts';
import { publicProcedure, router } from '../trpc.ts';

export const catalogRouter = router({
  home: publicProcedure.query(async ({ ctx }) => {
    const [categories, featured] = await Promise.all([listCategories(ctx.db), featuredOffers(ctx.db)]);
    return { categories, featured };
  }),
  search: publicProcedure.input(catalogSearchInput).query(({ ctx, input }) => searchOffers(ctx.db, input)),
});
