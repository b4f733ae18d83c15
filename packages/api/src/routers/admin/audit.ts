import { auditListInput } from '@damso/validators';
import { auditEntityTypes, listAudit } from '../../services/admin/audit.ts';
import { adminProcedure, router } from '../../trpc.ts';

export const adminAuditRouter = router({
  list: adminProcedure.input(auditListInput).query(({ ctx, input }) => listAudit(ctx.db, input)),
  entityTypes: adminProcedure.query(({ ctx }) => auditEntityTypes(ctx.db)),
});
