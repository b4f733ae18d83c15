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
import { adminProcedure, router } from '../../trpc.ts';

export const adminOffersRouter = router({
  list: adminProcedure.input(adminOfferListInput).query(({ ctx, input }) => listAdminOffers(ctx.db, input)),
  get: adminProcedure.input(offerIdInput).query(({ ctx, input }) => getAdminOffer(ctx.db, input.id)),
  create: adminProcedure
    .input(offerInput)
    .mutation(({ ctx, input }) =>
      createOffer(
        ctx.db,
        ctx.config.uploadDir,
        ctx.config.currency,
        { id: ctx.user.id, ip: ctx.req.ip },
        ctx.clock(),
        input,
      ),
    ),
  update: adminProcedure
    .input(offerUpdateInput)
    .mutation(({ ctx, input }) =>
      updateOffer(
        ctx.db,
        ctx.config.uploadDir,
        { id: ctx.user.id, ip: ctx.req.ip },
        ctx.clock(),
        input.id,
        input.offer,
      ),
    ),
  setActive: adminProcedure
    .input(offerSetActiveInput)
    .mutation(({ ctx, input }) =>
      setOfferActive(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.id, input.active),
    ),
  delete: adminProcedure
    .input(offerIdInput)
    .mutation(({ ctx, input }) =>
      deleteOffer(ctx.db, ctx.config.uploadDir, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.id),
    ),
  addStockCodes: adminProcedure
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
