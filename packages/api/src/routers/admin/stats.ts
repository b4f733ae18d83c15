import { defaultStatsRange, statsRangeInput } from '@damso/validators';
import { revenueCsv, statsOverview } from '../../services/admin/stats.ts';
import { permissionProcedure, router } from '../../trpc.ts';

// Figures a few seconds old are fine here: the statistics read the replica when there is one.
export const adminStatsRouter = router({
  // "The last 30 days" by the server's clock: the admin's device may be set to another day.
  defaultRange: permissionProcedure('admin:stats').query(({ ctx }) => defaultStatsRange(ctx.clock())),
  overview: permissionProcedure('admin:stats')
    .input(statsRangeInput)
    .query(async ({ ctx, input }) => ({
      currency: ctx.config.currency,
      ...(await statsOverview(ctx.readDb, input, ctx.clock())),
    })),
  // A query (not a GET route) so it rides the same admin session check; the page saves it as a Blob.
  revenueCsv: permissionProcedure('admin:stats')
    .input(statsRangeInput)
    .query(({ ctx, input }) => revenueCsv(ctx.readDb, input, ctx.config.currency)),
});
