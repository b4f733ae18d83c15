import { adminOrdersInput, paymentInstructionsInput, refundInput } from '@damso/validators';
import { refundOrder } from '../../services/orders/actions.ts';
import { adminOrders } from '../../services/orders/desk-queries.ts';
import { paymentInstructions, setPaymentInstructions } from '../../services/payments/index.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminOrdersRouter = router({
  list: permissionProcedure('admin:orders')
    .input(adminOrdersInput)
    .query(({ ctx, input }) => adminOrders(ctx.db, ctx.actor, input)),
  refund: permissionProcedure('admin:orders')
    .input(refundInput)
    .mutation(({ ctx, input }) => refundOrder(ctx.db, ctx.actor, input, ctx.deps)),
  paymentInstructions: permissionProcedure('admin:orders').query(({ ctx }) => paymentInstructions(ctx.db)),
  setPaymentInstructions: permissionProcedure('admin:orders')
    .input(paymentInstructionsInput)
    .mutation(({ ctx, input }) => setPaymentInstructions(ctx.db, ctx.actor, input, ctx.deps)),
});
