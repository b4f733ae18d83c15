// Store settings the admin edits, one pair of procedures per setting.
import { parseReminderDays, reminderDaysInput } from '@damso/validators';
import { changeSetting } from '../../services/settings.ts';
import { REMINDER_DAYS_SETTING, reminderDays } from '../../services/subscription-reminders.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminSettingsRouter = router({
  subscriptionReminderDays: permissionProcedure('admin:settings').query(async ({ ctx }) => ({
    days: (await reminderDays(ctx.db)).join(','),
  })),
  setSubscriptionReminderDays: permissionProcedure('admin:settings')
    .input(reminderDaysInput)
    .mutation(async ({ ctx, input }) => {
      // Stored normalised (largest first, no repeats) so the job and the form read the same list.
      const days = (parseReminderDays(input.days) ?? []).join(',');
      await changeSetting(ctx.db, { id: ctx.user.id, ip: ctx.req.ip }, ctx.clock(), {
        name: REMINDER_DAYS_SETTING,
        read: async (db) => (await reminderDays(db)).join(','),
        value: days,
        describe: (value) => ({ days: value }),
      });
      return { days };
    }),
});
