import { adminUsersListInput, createEmployeeInput, setRoleInput, userIdInput } from '@damso/validators';
import { changeRole, changeStatus, createEmployee, listUsers } from '../../services/accounts/user-admin.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminUsersRouter = router({
  list: permissionProcedure('admin:users')
    .input(adminUsersListInput)
    .query(({ ctx, input }) => listUsers(ctx.db, input)),
  createEmployee: permissionProcedure('admin:users')
    .input(createEmployeeInput)
    .mutation(({ ctx, input }) => createEmployee(ctx.db, ctx.actor, input, ctx.deps)),
  setRole: permissionProcedure('admin:users')
    .input(setRoleInput)
    .mutation(({ ctx, input }) => changeRole(ctx.db, ctx.actor, input, ctx.deps)),
  suspend: permissionProcedure('admin:users')
    .input(userIdInput)
    .mutation(({ ctx, input }) => changeStatus(ctx.db, ctx.actor, { ...input, status: 'suspended' }, ctx.deps)),
  reactivate: permissionProcedure('admin:users')
    .input(userIdInput)
    .mutation(({ ctx, input }) => changeStatus(ctx.db, ctx.actor, { ...input, status: 'active' }, ctx.deps)),
});
