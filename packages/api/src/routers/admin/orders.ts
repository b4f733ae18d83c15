import { transaction } from '@damso/db';
import { adminOrdersInput, paymentInstructionsInput, refundInput } from '@damso/validators';
import { recordAudit } from '../../services/audit.ts';
import { refundOrder } from '../../services/orders/actions.ts';
import { adminOrders } from '../../services/orders/desk-queries.ts';
import { transferPayment } from '../../services/payments/index.ts';
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
    .mutation(({ ctx, input }) =>
      transaction(ctx.db, async (trx) => {
        const before = await transferPayment.instructions(trx);
        await trx
          .insertInto('settings')
          .values({ name: 'payment_instructions', value: input.text, updated_by: ctx.user.id })
          .onDuplicateKeyUpdate({ value: input.text, updated_by: ctx.user.id })
          .execute();
        await recordAudit(trx, {
          actorId: ctx.user.id,
          action: 'settings.payment_instructions',
          entityType: 'setting',
          entityId: 'payment_instructions',
          before: { text: before },
          after: { text: input.text },
          ip: ctx.req.ip,
          at: ctx.clock(),
        });
        return { text: input.text };
      }),
    ),
});
