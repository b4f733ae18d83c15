import {
  adminOfferListInput,
  offerBulkActiveInput,
  offerIdInput,
  offerInput,
  offerSetActiveInput,
  offerUpdateInput,
  stockCodesInput,
} from '@damso/validators';
import {
  createOffer,
  deleteOffer,
  getAdminOffer,
  listAdminOffers,
  setOfferActive,
  updateOffer,
} from '../../services/catalog/admin-offers.ts';
import { setOffersActive } from '../../services/catalog/admin-offers-bulk.ts';
import { importStockCodes } from '../../services/catalog/stock-codes.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminOffersRouter = router({
  list: permissionProcedure('admin:offers')
    .input(adminOfferListInput)
    .query(({ ctx, input }) => listAdminOffers(ctx.db, input)),
  get: permissionProcedure('admin:offers')
    .input(offerIdInput)
    .query(({ ctx, input }) => getAdminOffer(ctx.db, input)),
  create: permissionProcedure('admin:offers')
    .input(offerInput)
    .mutation(({ ctx, input }) => createOffer(ctx.db, ctx.actor, input, ctx.deps)),
  update: permissionProcedure('admin:offers')
    .input(offerUpdateInput)
    .mutation(({ ctx, input }) => updateOffer(ctx.db, ctx.actor, input, ctx.deps)),
  setActive: permissionProcedure('admin:offers')
    .input(offerSetActiveInput)
    .mutation(({ ctx, input }) => setOfferActive(ctx.db, ctx.actor, input, ctx.deps)),
  setActiveMany: permissionProcedure('admin:offers')
    .input(offerBulkActiveInput)
    .mutation(({ ctx, input }) => setOffersActive(ctx.db, ctx.actor, input, ctx.deps)),
  delete: permissionProcedure('admin:offers')
    .input(offerIdInput)
    .mutation(({ ctx, input }) => deleteOffer(ctx.db, ctx.actor, input, ctx.deps)),
  addStockCodes: permissionProcedure('admin:offers')
    .input(stockCodesInput)
    .mutation(({ ctx, input }) => importStockCodes(ctx.db, ctx.actor, input, ctx.deps)),
});
