// The admin statistics range. Days are calendar dates in UTC ("YYYY-MM-DD"), both ends included;
// the web keeps them in the URL and the API turns them into [from 00:00, to + 1 day 00:00).
import { z } from 'zod';

export const STATS_MAX_DAYS = 366;
const DAY_MS = 86_400_000;

export const isoDay = (label: string) =>
  z
    .string({ error: `Enter the ${label} date` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} date as YYYY-MM-DD`)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, `Enter a real ${label} date`);

/** Whole days from `from` to `to`, both included. */
export function statsDayCount(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export const statsRangeInput = z
  .object({ from: isoDay('start'), to: isoDay('end') })
  .superRefine(({ from, to }, ctx) => {
    if (from > to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end date must be on or after the start date' });
    } else if (statsDayCount(from, to) > STATS_MAX_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `Choose a range of at most ${STATS_MAX_DAYS} days` });
    }
  });
export type StatsRangeInput = z.input<typeof statsRangeInput>;

/** The last `days` days up to and including `today` (UTC). */
export function defaultStatsRange(today: Date, days = 30): { from: string; to: string } {
  const to = today.toISOString().slice(0, 10);
  const from = new Date(today.getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return { from, to };
}
