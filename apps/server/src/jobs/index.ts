// Background jobs run inside the server process on timers. Each job is safe to run in several
// processes at once (row locks or idempotent deletes), so scaling out needs no leader election.
import type { Database } from '@damso/db';
import type { FastifyBaseLogger } from 'fastify';
import { accountJobs } from './accounts.ts';
import { cancelUnpaidOrdersJob } from './cancel-unpaid-orders.ts';
import { subscriptionRemindersJob } from './subscriptions.ts';

export interface Job {
  name: string;
  everyMs: number;
  run: (db: Database, now: Date) => Promise<unknown>;
}

export const JOBS: Job[] = [
  {
    name: 'delete-expired-sessions',
    everyMs: 10 * 60_000,
    run: (db, now) => db.deleteFrom('sessions').where('expires_at', '<=', now).execute(),
  },
  { name: 'cancel-unpaid-orders', everyMs: 5 * 60_000, run: cancelUnpaidOrdersJob },
  { name: 'subscription-reminders', everyMs: 15 * 60_000, run: subscriptionRemindersJob },
  ...accountJobs,
];

/** `clock` is the one the HTTP app runs on, so a job and a request never disagree about the time. */
export function startJobs({
  db,
  log,
  jobs = JOBS,
  clock = () => new Date(),
}: {
  db: Database;
  log: FastifyBaseLogger;
  jobs?: Job[];
  clock?: () => Date;
}) {
  const timers = jobs.map((job) => {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await job.run(db, clock());
      } catch (err) {
        log.error({ err, job: job.name }, 'background job failed');
      } finally {
        running = false;
      }
    };
    return setInterval(tick, job.everyMs);
  });
  return { stop: () => timers.forEach(clearInterval) };
}
