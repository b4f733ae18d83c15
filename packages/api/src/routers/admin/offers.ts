import {
  adminOfferListInput,
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
} from '../../services/admin-offers.ts';
import { importStockCodes } from '../../services/stock-codes.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminOffersRouter = router({
  list: permissionProcedure('admin:offers')
    .input(adminOfferListInput)
    .query(({ ctx, input }) => listAdminOffers(ctx.db, input)),
  get: permissionProcedure('admin:offers')
    .input(offerIdInput)
    .query(({ ctx, input }) => getAdminOffer(ctx.db, input.id)),
  create: permissionProcedure('admin:offers')
    .input(offerInput)
    .mutation(({ ctx, input }) =>
      createOffer(
        ctx.db,
        ctx.config.storage,
        ctx.config.currency,
        { id: ctx.user.id, ip: ctx.req.ip },
        ctx.clock(),
        input,
      ),
    ),
  update: permissionProcedure('admin:offers')
    .input(offerUpdateInput)
    .mutation(({ ctx, input }) =>
      updateOffer(ctx.db, ctx.config.storage, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.id, input.offer),
    ),
  setActive: permissionProcedure('admin:offers')
    .input(offerSetActiveInput)
    .mutation(({ ctx, input }) =>
      setOfferActive(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.id, input.active),
    ),
  delete: permissionProcedure('admin:offers')
    .input(offerIdInput)
    .mutation(({ ctx, input }) =>
      deleteOffer(ctx.db, ctx.config.storage, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.id),
    ),
  addStockCodes: permissionProcedure('admin:offers')
    .input(stockCodesInput)
    .mutation(({ ctx, input }) =>
      importStockCodes(
        ctx.db,
        ctx.config.encryptor,
        { id: ctx.user.id, ip: ctx.req.ip },
        ctx.clock(),
        input.offerId,
        input.text,
      ),
    ),
});
