import { couponFields, couponIdInput, couponSetActiveInput, couponUpdateInput } from '@damso/validators';
import {
  couponRedemptions,
  createCoupon,
  listCoupons,
  setCouponActive,
  updateCoupon,
} from '../../services/coupons-admin.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { actorOf } from '../orders/context.ts';

export const adminCouponsRouter = router({
  list: adminProcedure.query(({ ctx }) => listCoupons(ctx.db)),
  create: adminProcedure
    .input(couponFields)
    .mutation(({ ctx, input }) => createCoupon(ctx.db, actorOf(ctx), ctx.clock(), input)),
  update: adminProcedure
    .input(couponUpdateInput)
    .mutation(({ ctx, input }) => updateCoupon(ctx.db, actorOf(ctx), ctx.clock(), input.id, input.fields)),
  setActive: adminProcedure
    .input(couponSetActiveInput)
    .mutation(({ ctx, input }) => setCouponActive(ctx.db, actorOf(ctx), ctx.clock(), input.id, input.isActive)),
  redemptions: adminProcedure.input(couponIdInput).query(({ ctx, input }) => couponRedemptions(ctx.db, input.id)),
});
