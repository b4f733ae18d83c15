import { adminUsersListInput, createEmployeeInput, setRoleInput, userIdInput } from '@damso/validators';
import { changeRole, changeStatus, createEmployee, listUsers } from '../../services/admin/users.ts';
import { adminProcedure, router } from '../../trpc.ts';

export const adminUsersRouter = router({
  list: adminProcedure.input(adminUsersListInput).query(({ ctx, input }) => listUsers(ctx.db, input)),
  createEmployee: adminProcedure
    .input(createEmployeeInput)
    .mutation(({ ctx, input }) => createEmployee(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input)),
  setRole: adminProcedure
    .input(setRoleInput)
    .mutation(({ ctx, input }) =>
      changeRole(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.userId, input.role),
    ),
  suspend: adminProcedure
    .input(userIdInput)
    .mutation(({ ctx, input }) =>
      changeStatus(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.userId, 'suspended'),
    ),
  reactivate: adminProcedure
    .input(userIdInput)
    .mutation(({ ctx, input }) =>
      changeStatus(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.userId, 'active'),
    ),
});
