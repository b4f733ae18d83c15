// Jobs for accounts: delete rows that only expire (rate-limit counters, old codes and tokens).
import type { Job } from './index.ts';

const WEEK_MS = 7 * 24 * 60 * 60_000;

export const accountJobs: Job[] = [
  {
    name: 'delete-expired-rate-limits',
    everyMs: 15 * 60_000,
    run: ({ db, now }) => db.deleteFrom('rate_limits').where('expire', '<', now.getTime()).execute(),
  },
  {
    name: 'delete-old-account-tokens',
    everyMs: 60 * 60_000,
    run: async ({ db, now }) => {
      const before = new Date(now.getTime() - WEEK_MS);
      await db.deleteFrom('verification_codes').where('link_expires_at', '<', before).execute();
      await db.deleteFrom('password_reset_tokens').where('expires_at', '<', before).execute();
    },
  },
];
