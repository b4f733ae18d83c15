// Store settings the admin edits, one pair of procedures per setting.
import { reminderDaysInput } from '@damso/validators';
import { reminderDaysSetting, setReminderDays } from '../../services/subscriptions/reminders.ts';
import { permissionProcedure, router } from '../../trpc.ts';

export const adminSettingsRouter = router({
  subscriptionReminderDays: permissionProcedure('admin:settings').query(({ ctx }) => reminderDaysSetting(ctx.db)),
  setSubscriptionReminderDays: permissionProcedure('admin:settings')
    .input(reminderDaysInput)
    .mutation(({ ctx, input }) => setReminderDays(ctx.db, ctx.actor, input, ctx.deps)),
});
