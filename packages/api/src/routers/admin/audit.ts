import { auditListInput } from '@damso/validators';
import { auditEntityTypes, listAudit } from '../../services/admin/audit.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminAuditRouter = router({
  list: permissionProcedure('admin:audit')
    .input(auditListInput)
    .query(({ ctx, input }) => listAudit(ctx.db, input)),
  entityTypes: permissionProcedure('admin:audit').query(({ ctx }) => auditEntityTypes(ctx.db)),
});
