// Background jobs run inside the server process on timers. Each job is safe to run in several
// processes at once (row locks, leases or idempotent deletes), so scaling out needs no leader election.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@damso/db';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../config.ts';
import type { Metrics } from '../metrics.ts';
import { accountJobs } from './accounts.ts';
import { cancelUnpaidOrdersJob } from './cancel-unpaid-orders.ts';
import { outboxJobs } from './outbox.ts';
import { pushJob } from './push.ts';
import { subscriptionRemindersJob } from './subscriptions.ts';

export interface JobContext {
  db: Database;
  /** The clock's time when this run started. */
  now: Date;
  /** For jobs that run long enough for the time to move on (the outbox worker). */
  clock: () => Date;
  log: FastifyBaseLogger;
  /** Aborted on shutdown: stop taking new work, finish what is in hand. */
  signal: AbortSignal;
}

export interface Job {
  name: string;
  everyMs: number;
  run: (ctx: JobContext) => Promise<unknown>;
  /** Frees what the job holds open (the SMTP pool) once it has stopped. */
  close?: () => void | Promise<void>;
}

/** Every job of the server, configured from the configuration built once at start-up. */
export function createJobs(config: ServerConfig): Job[] {
  return [
    {
      name: 'delete-expired-sessions',
      everyMs: 10 * 60_000,
      run: ({ db, now }) => db.deleteFrom('sessions').where('expires_at', '<=', now).execute(),
    },
    { name: 'cancel-unpaid-orders', everyMs: 5 * 60_000, run: ({ db, now }) => cancelUnpaidOrdersJob(db, now, config) },
    {
      name: 'subscription-reminders',
      everyMs: 15 * 60_000,
      run: ({ db, now }) => subscriptionRemindersJob(db, now, config),
    },
    ...accountJobs,
    ...outboxJobs(config.env),
    pushJob(config),
  ];
}

/** After this many failures in a row a job waits the longest: 2^5 of its periods, at most a minute. */
const MAX_BACKOFF_STEPS = 5;
const MAX_BACKOFF_MS = 60_000;

/**
 * Runs each job at once, then every `everyMs` (never two runs of one job at a time). A job that
 * keeps failing (the database is down) skips a doubling number of periods instead of logging the
 * same error every few seconds. `clock` is the HTTP app's, so a job and a request agree on the time.
 */
export function startJobs({
  db,
  log,
  jobs,
  clock = () => new Date(),
  metrics,
}: {
  db: Database;
  log: FastifyBaseLogger;
  jobs: Job[];
  clock?: () => Date;
  /** Counts runs and failures per job for /metrics. */
  metrics?: Pick<Metrics, 'jobRan'>;
}) {
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();
  const timers = jobs.map((job) => {
    const jobLog = log.child({ job: job.name });
    let busy = false;
    let failures = 0;
    let skip = 0;
    const tick = () => {
      if (busy || stopping.signal.aborted) return;
      if (skip > 0) {
        skip -= 1;
        return;
      }
      busy = true;
      const run = (async () => {
        const started = performance.now();
        try {
          await job.run({ db, now: clock(), clock, log: jobLog, signal: stopping.signal });
          failures = 0;
          metrics?.jobRan(job.name, true, (performance.now() - started) / 1000);
        } catch (err) {
          metrics?.jobRan(job.name, false, (performance.now() - started) / 1000);
          failures += 1;
          skip = Math.min(2 ** Math.min(failures, MAX_BACKOFF_STEPS), Math.ceil(MAX_BACKOFF_MS / job.everyMs)) - 1;
          jobLog.error({ err, failures }, 'background job failed');
        } finally {
          busy = false;
        }
      })();
      running.add(run);
      void run.finally(() => running.delete(run));
    };
    setImmediate(tick);
    return setInterval(tick, job.everyMs);
  });

  return {
    /**
     * Stops claiming work, lets the runs in progress finish for up to `graceMs`, then closes what
     * the jobs hold open, which fails the sends still in flight so their rows are recorded for a
     * retry before the database pool goes away.
     */
    stop: async ({ graceMs = 8_000 } = {}) => {
      for (const timer of timers) clearInterval(timer);
      stopping.abort();
      const settled = Promise.allSettled([...running]);
      const timedOut = await Promise.race([settled.then(() => false), sleep(graceMs, true, { ref: false })]);
      if (timedOut) log.warn({ graceMs }, 'background jobs still running at shutdown: closing their connections');
      await Promise.allSettled(jobs.map(async (job) => job.close?.()));
      await Promise.race([Promise.allSettled([...running]), sleep(1_000, undefined, { ref: false })]);
    },
  };
}
