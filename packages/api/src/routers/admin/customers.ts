// The admin's page for one customer. Open to whoever may manage users (the users list's permission):
// the page shows their orders and messages too, as the users list already shows their contact details.
import { addUserNoteInput, customerOrdersInput, userIdInput } from '@damso/validators';
import { addUserNote, endCustomerSessions, getCustomer, listUserNotes } from '../../services/accounts/customer.ts';
import { clientOrders } from '../../services/orders/desk-queries.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminCustomersRouter = router({
  get: permissionProcedure('admin:users')
    .input(userIdInput)
    .query(({ ctx, input }) => getCustomer(ctx.db, ctx.actor, input, ctx.deps)),
  orders: permissionProcedure('admin:users')
    .input(customerOrdersInput)
    .query(({ ctx, input }) => clientOrders(ctx.db, ctx.actor, input)),
  notes: permissionProcedure('admin:users')
    .input(userIdInput)
    .query(({ ctx, input }) => listUserNotes(ctx.db, ctx.actor, input)),
  addNote: permissionProcedure('admin:users')
    .input(addUserNoteInput)
    .mutation(({ ctx, input }) => addUserNote(ctx.db, ctx.actor, input, ctx.deps)),
  endSessions: permissionProcedure('admin:users')
    .input(userIdInput)
    .mutation(({ ctx, input }) => endCustomerSessions(ctx.db, ctx.actor, input, ctx.deps)),
});
