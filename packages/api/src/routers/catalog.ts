import { can, catalogSearchInput, offerSlugInput } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import { featuredOffers, listCategories, offerBySlug, searchOffers } from '../services/catalog.ts';
import { publicProcedure, router } from '../trpc.ts';

export const catalogRouter = router({
  home: publicProcedure.query(async ({ ctx }) => {
    const [categories, featured] = await Promise.all([listCategories(ctx.db), featuredOffers(ctx.db)]);
    return { categories, featured };
  }),
  categories: publicProcedure.query(({ ctx }) => listCategories(ctx.db)),
  search: publicProcedure.input(catalogSearchInput).query(({ ctx, input }) => searchOffers(ctx.db, input)),
  offer: publicProcedure.input(offerSlugInput).query(async ({ ctx, input }) => {
    // Admins may preview an inactive offer; for everyone else it simply does not exist.
    const offer = await offerBySlug(ctx.db, input.slug, can(ctx.session?.user.role, 'admin:offers'));
    if (!offer) throw new TRPCError({ code: 'NOT_FOUND', message: 'This offer is not available.' });
    return offer;
  }),
});
