import { adminOrdersInput, paymentInstructionsInput, refundInput } from '@damso/validators';
import { refundOrder } from '../../services/orders/actions.ts';
import { adminOrders } from '../../services/orders/desk-queries.ts';
import { transferPayment } from '../../services/payments/index.ts';
import { changeSetting } from '../../services/settings.ts';
import { permissionProcedure, router } from '../../trpc.ts';
import { actorOf, depsOf } from '../orders/context.ts';

export const adminOrdersRouter = router({
  list: permissionProcedure('admin:orders')
    .input(adminOrdersInput)
    .query(({ ctx, input }) => adminOrders(ctx.db, ctx.user.id, input)),
  refund: permissionProcedure('admin:orders')
    .input(refundInput)
    .mutation(({ ctx, input }) => refundOrder(ctx.db, depsOf(ctx), input, actorOf(ctx), input.reason)),
  paymentInstructions: permissionProcedure('admin:orders').query(async ({ ctx }) => ({
    text: await transferPayment.instructions(ctx.db),
  })),
  setPaymentInstructions: permissionProcedure('admin:orders')
    .input(paymentInstructionsInput)
    .mutation(async ({ ctx, input }) => {
      await changeSetting(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), {
        name: 'payment_instructions',
        read: (db) => transferPayment.instructions(db),
        value: input.text,
        describe: (text) => ({ text }),
      });
      return { text: input.text };
    }),
});
