// Store settings the admin edits, one pair of procedures per setting.
import { transaction } from '@damso/db';
import { parseReminderDays, reminderDaysInput } from '@damso/validators';
import { recordAudit } from '../../services/audit.ts';
import { REMINDER_DAYS_SETTING, reminderDays } from '../../services/subscription-reminders.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminSettingsRouter = router({
  subscriptionReminderDays: permissionProcedure('admin:settings').query(async ({ ctx }) => ({
    days: (await reminderDays(ctx.db)).join(','),
  })),
  setSubscriptionReminderDays: permissionProcedure('admin:settings')
    .input(reminderDaysInput)
    .mutation(({ ctx, input }) =>
      transaction(ctx.db, async (trx) => {
        const before = (await reminderDays(trx)).join(',');
        // Stored normalised (largest first, no repeats) so the job and the form read the same list.
        const days = (parseReminderDays(input.days) ?? []).join(',');
        await trx
          .insertInto('settings')
          .values({ name: REMINDER_DAYS_SETTING, value: days, updated_by: ctx.user.id })
          .onDuplicateKeyUpdate({ value: days, updated_by: ctx.user.id })
          .execute();
        await recordAudit(trx, {
          actorId: ctx.user.id,
          action: `settings.${REMINDER_DAYS_SETTING}`,
          entityType: 'setting',
          entityId: REMINDER_DAYS_SETTING,
          before: { days: before },
          after: { days },
          ip: ctx.req.ip,
          at: ctx.clock(),
        });
        return { days };
      }),
    ),
});
