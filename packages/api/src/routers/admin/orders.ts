import { adminOrdersInput, refundInput } from '@damso/validators';
import { refundOrder } from '../../services/orders/actions.ts';
import { adminOrders } from '../../services/orders/desk-queries.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminOrdersRouter = router({
  list: permissionProcedure('admin:orders')
    .input(adminOrdersInput)
    .query(({ ctx, input }) => adminOrders(ctx.db, ctx.actor, input)),
  refund: permissionProcedure('admin:orders')
    .input(refundInput)
    .mutation(({ ctx, input }) => refundOrder(ctx.db, ctx.actor, input, ctx.deps)),
});
