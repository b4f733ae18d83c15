// Subscription statuses and the admin's reminder-days setting, shared by the API and the web app.
import { z } from 'zod';

export const SUBSCRIPTION_STATUSES = ['active', 'expiring', 'expired', 'cancelled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const SUBSCRIPTION_STATUS_LABELS: Record<SubscriptionStatus, string> = {
  active: 'Active',
  expiring: 'Ending soon',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

export const DEFAULT_REMINDER_DAYS: readonly number[] = [7, 3, 1];
export const MAX_REMINDER_DAY = 365;

/** "7, 3,1" → [7, 3, 1] (largest first, no repeats), or null when the text is not such a list. */
export function parseReminderDays(text: string): number[] | null {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d{1,3}$/.test(p))) return null;
  const days = [...new Set(parts.map(Number))].sort((a, b) => b - a);
  if (days.length === 0 || days.length > 10 || days.some((d) => d < 1 || d > MAX_REMINDER_DAY)) return null;
  return days;
}

export const reminderDaysInput = z.object({
  days: z
    .string()
    .trim()
    .min(1, 'Write at least one number of days, like 7,3,1.')
    .max(60, 'Write at most 10 numbers of days.')
    .refine(
      (text) => parseReminderDays(text) !== null,
      `Write up to 10 whole numbers of days from 1 to ${MAX_REMINDER_DAY}, separated by commas, like 7,3,1.`,
    ),
});
