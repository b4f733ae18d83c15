import { couponFields, couponIdInput, couponSetActiveInput, couponUpdateInput } from '@damso/validators';
import {
  couponRedemptions,
  createCoupon,
  deleteCoupon,
  listCoupons,
  setCouponActive,
  updateCoupon,
} from '../../services/orders/coupons-admin.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminCouponsRouter = router({
  list: permissionProcedure('admin:offers').query(({ ctx }) => listCoupons(ctx.db)),
  create: permissionProcedure('admin:offers')
    .input(couponFields)
    .mutation(({ ctx, input }) => createCoupon(ctx.db, ctx.actor, input, ctx.deps)),
  update: permissionProcedure('admin:offers')
    .input(couponUpdateInput)
    .mutation(({ ctx, input }) => updateCoupon(ctx.db, ctx.actor, input, ctx.deps)),
  setActive: permissionProcedure('admin:offers')
    .input(couponSetActiveInput)
    .mutation(({ ctx, input }) => setCouponActive(ctx.db, ctx.actor, input, ctx.deps)),
  delete: permissionProcedure('admin:offers')
    .input(couponIdInput)
    .mutation(({ ctx, input }) => deleteCoupon(ctx.db, ctx.actor, input, ctx.deps)),
  redemptions: permissionProcedure('admin:offers')
    .input(couponIdInput)
    .query(({ ctx, input }) => couponRedemptions(ctx.db, input)),
});
