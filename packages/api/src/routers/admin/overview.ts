import { adminOverview } from '../../services/stats/admin-overview.ts';
import { permissionProcedure } from '../../trpc.ts';

// The admin home. Its figures read the rollups like the statistics page; each to-do is included only
// for a viewer whose role opens the page it links to (decided in the service from the same table).
export const adminOverviewProcedure = permissionProcedure('admin:stats').query(({ ctx }) =>
  adminOverview(ctx.readDb, ctx.actor, ctx.deps),
);
