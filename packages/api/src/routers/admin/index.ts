// The admin area's routers, joined under `admin.*`.
import { router } from '../../trpc.ts';
import { adminCouponsRouter } from './coupons.ts';
import { adminOrdersRouter } from './orders.ts';

export const adminRouter = router({
  coupons: adminCouponsRouter,
  orders: adminOrdersRouter,
});
