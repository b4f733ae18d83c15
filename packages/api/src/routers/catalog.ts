import type { Database } from '@damso/db';
import { can, catalogSearchInput, offerSlugInput } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import type { AppContext } from '../context.ts';
import { featuredOffers, listCategories, offerBySlug, searchOffers } from '../services/catalog.ts';
import { cachedCatalogRead } from '../services/catalog-cache.ts';
import { publicProcedure, router } from '../trpc.ts';

// Every catalog read may be a few seconds stale, so it goes to the read replica when there is one
// (ctx.readDb; the primary for a browser that has just written, such as an admin editing an offer),
// and is answered from the process's catalog cache when it holds the current version.
const cached = <T>(ctx: AppContext, key: string, load: (db: Database) => Promise<T>) =>
  cachedCatalogRead(ctx.readDb, (ctx.config.catalogCache ?? false) && !ctx.justWrote, key, () => load(ctx.readDb));

export const catalogRouter = router({
  home: publicProcedure.query(async ({ ctx }) => {
    return cached(ctx, 'home', async (db) => {
      const [categories, featured] = await Promise.all([listCategories(db), featuredOffers(db)]);
      return { categories, featured };
    });
  }),
  categories: publicProcedure.query(({ ctx }) => cached(ctx, 'categories', listCategories)),
  search: publicProcedure
    .input(catalogSearchInput)
    .query(({ ctx, input }) => cached(ctx, `search:${JSON.stringify(input)}`, (db) => searchOffers(db, input))),
  offer: publicProcedure.input(offerSlugInput).query(async ({ ctx, input }) => {
    // Admins may preview an inactive offer; for everyone else it simply does not exist.
    const preview = can(ctx.session?.user.role, 'admin:offers');
    const offer = await cached(ctx, `offer:${preview}:${input.slug}`, (db) => offerBySlug(db, input.slug, preview));
    if (!offer) throw new TRPCError({ code: 'NOT_FOUND', message: 'This offer is not available.' });
    return offer;
  }),
});
