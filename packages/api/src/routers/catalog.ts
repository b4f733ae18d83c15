import { catalogSearchInput, offerSlugInput } from '@damso/validators';
import type { AppContext } from '../context.ts';
import { catalogReader } from '../services/catalog/cache.ts';
import { catalogCategories, catalogHome, catalogSearch, offerPage } from '../services/catalog/catalog.ts';
import { publicProcedure, router } from '../trpc.ts';

// The replica when there is one, and the cache unless this browser has just written (it must see its change).
export const catalogOf = (ctx: AppContext) =>
  catalogReader(ctx.readDb, (ctx.config.catalogCache ?? false) && !ctx.justWrote);

export const catalogRouter = router({
  home: publicProcedure.query(({ ctx }) => catalogHome(catalogOf(ctx))),
  categories: publicProcedure.query(({ ctx }) => catalogCategories(catalogOf(ctx))),
  search: publicProcedure.input(catalogSearchInput).query(({ ctx, input }) => catalogSearch(catalogOf(ctx), input)),
  offer: publicProcedure.input(offerSlugInput).query(({ ctx, input }) => offerPage(catalogOf(ctx), ctx.actor, input)),
});
