import { couponFields, couponIdInput, couponSetActiveInput, couponUpdateInput } from '@damso/validators';
import {
  couponRedemptions,
  createCoupon,
  listCoupons,
  setCouponActive,
  updateCoupon,
} from '../../services/coupons-admin.ts';
import { permissionProcedure, router } from '../../trpc.ts';
import { actorOf } from '../orders/context.ts';

export const adminCouponsRouter = router({
  list: permissionProcedure('admin:offers').query(({ ctx }) => listCoupons(ctx.db)),
  create: permissionProcedure('admin:offers')
    .input(couponFields)
    .mutation(({ ctx, input }) => createCoupon(ctx.db, actorOf(ctx), ctx.clock(), input)),
  update: permissionProcedure('admin:offers')
    .input(couponUpdateInput)
    .mutation(({ ctx, input }) => updateCoupon(ctx.db, actorOf(ctx), ctx.clock(), input.id, input.fields)),
  setActive: permissionProcedure('admin:offers')
    .input(couponSetActiveInput)
    .mutation(({ ctx, input }) => setCouponActive(ctx.db, actorOf(ctx), ctx.clock(), input.id, input.isActive)),
  redemptions: permissionProcedure('admin:offers')
    .input(couponIdInput)
    .query(({ ctx, input }) => couponRedemptions(ctx.db, input.id)),
});
