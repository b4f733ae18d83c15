import { adminUsersListInput, createEmployeeInput, setRoleInput, userIdInput } from '@damso/validators';
import { changeRole, changeStatus, createEmployee, listUsers } from '../../services/admin/users.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminUsersRouter = router({
  list: permissionProcedure('admin:users')
    .input(adminUsersListInput)
    .query(({ ctx, input }) => listUsers(ctx.db, input)),
  createEmployee: permissionProcedure('admin:users')
    .input(createEmployeeInput)
    .mutation(({ ctx, input }) => createEmployee(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input)),
  setRole: permissionProcedure('admin:users')
    .input(setRoleInput)
    .mutation(({ ctx, input }) =>
      changeRole(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.userId, input.role),
    ),
  suspend: permissionProcedure('admin:users')
    .input(userIdInput)
    .mutation(({ ctx, input }) =>
      changeStatus(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.userId, 'suspended'),
    ),
  reactivate: permissionProcedure('admin:users')
    .input(userIdInput)
    .mutation(({ ctx, input }) =>
      changeStatus(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), input.userId, 'active'),
    ),
});
