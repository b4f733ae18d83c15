import { defaultStatsRange, statsRangeInput } from '@damso/validators';
import { cachedStats } from '../../services/stats/cache.ts';
import { revenueCsv, statsOverview } from '../../services/stats/overview.ts';
import { permissionProcedure, router } from '../../trpc.ts';

// Figures a few seconds old are fine here: the statistics read the replica when there is one, and
// each process keeps an overview for STATS_CACHE_SECONDS (services/stats/cache.ts).
export const adminStatsRouter = router({
  // "The last 30 days" by the server's clock: the admin's device may be set to another day.
  defaultRange: permissionProcedure('admin:stats').query(({ ctx }) => defaultStatsRange(ctx.clock())),
  overview: permissionProcedure('admin:stats')
    .input(statsRangeInput)
    // The whole answer is what is cached, so its bytes are written once too (shared-answers.ts).
    .query(({ ctx, input }) =>
      cachedStats(ctx.readDb, ctx.config.statsCacheSeconds ?? 0, JSON.stringify(input), async () => ({
        currency: ctx.config.currency,
        ...(await statsOverview(ctx.readDb, input, ctx.clock())),
      })),
    ),
  // A query (not a GET route) so it rides the same admin session check; the page saves it as a Blob.
  revenueCsv: permissionProcedure('admin:stats')
    .input(statsRangeInput)
    .query(({ ctx, input }) => revenueCsv(ctx.readDb, input, ctx.config.currency)),
});
