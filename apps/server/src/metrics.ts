// Prometheus metrics of one server process: request latency by tRPC procedure and by route, background
// job runs, the database pool, and the email outbox's backlog. The registry is the process's own (not
// prom-client's global one), so each app built in a test has its own counters.
import { type Database, poolStats, type ReadReplica } from '@damso/db';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; from a cached page (a few ms) to a request the statement timeout would cut off. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** A scrape must not hang on a hung database: the outbox gauges then read NaN and damso_db_up 0. */
const QUERY_TIMEOUT_MS = 2_000;

export interface Metrics {
  registry: Registry;
  /** One tRPC procedure answered; a batch observes each of its procedures with the batch's time. */
  observeProcedure(procedure: string, status: number, batched: boolean, seconds: number): void;
  /** Any other request, by route pattern (never the raw URL, which would make a series per offer). */
  observeRoute(method: string, route: string, status: number, seconds: number): void;
  /** A background job's run finished. */
  jobRan(job: string, ok: boolean, seconds: number): void;
}

export function createMetrics({
  db,
  clock = () => new Date(),
  replica,
}: {
  db: Database;
  clock?: () => Date;
  /** DATABASE_REPLICA_URL's lag checks: their last verdict is reported, nothing more is asked of it. */
  replica?: ReadReplica | undefined;
}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const procedures = new Histogram({
    name: 'damso_trpc_request_duration_seconds',
    help: 'Time to answer a tRPC call, by procedure path and HTTP status (batched: each call gets the batch time)',
    labelNames: ['procedure', 'status', 'batched'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const routes = new Histogram({
    name: 'damso_http_request_duration_seconds',
    help: 'Time to answer a request outside tRPC, by route pattern, method and HTTP status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });

  const jobRuns = new Counter({
    name: 'damso_job_runs_total',
    help: 'Background job runs finished, failed or not',
    labelNames: ['job'] as const,
    registers,
  });
  const jobFailures = new Counter({
    name: 'damso_job_failures_total',
    help: 'Background job runs that threw',
    labelNames: ['job'] as const,
    registers,
  });
  const jobDuration = new Histogram({
    name: 'damso_job_duration_seconds',
    help: 'Time a background job run took',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers,
  });
  const jobLastSuccess = new Gauge({
    name: 'damso_job_last_success_timestamp_seconds',
    help: 'When a background job last finished without error (Unix time)',
    labelNames: ['job'] as const,
    registers,
  });

  const pool = new Gauge({
    name: 'damso_db_pool_connections',
    help: 'Database pool connections of this process: max (the limit), open, idle, and callers waiting for one',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const stats = poolStats(db);
      if (!stats) return;
      pool.set({ state: 'max' }, stats.max);
      pool.set({ state: 'open' }, stats.open);
      pool.set({ state: 'idle' }, stats.idle);
      pool.set({ state: 'waiting' }, stats.waiting);
    },
  });

  // One query per scrape feeds the three gauges below: every collect of a scrape starts before the
  // first one settles, so they share the promise in flight.
  let inFlight: Promise<OutboxSnapshot | null> | null = null;
  const snapshot = () => {
    inFlight ??= readOutbox(db).finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  const dbUp = new Gauge({
    name: 'damso_db_up',
    help: '1 if the database answered this scrape’s outbox query within 2 s, else 0',
    registers,
    async collect() {
      dbUp.set((await snapshot()) ? 1 : 0);
    },
  });
  const outboxDepth = new Gauge({
    name: 'damso_outbox_depth',
    help: 'Emails waiting in the outbox (pending or being sent); NaN when the database did not answer',
    registers,
    async collect() {
      outboxDepth.set((await snapshot())?.depth ?? Number.NaN);
    },
  });
  const outboxAge = new Gauge({
    name: 'damso_outbox_oldest_due_age_seconds',
    help: 'How long the oldest due email has waited past its due time (0 when none is due)',
    registers,
    async collect(): Promise<void> {
      const s = await snapshot();
      const overdue = s?.oldest ? (clock().getTime() - s.oldest.getTime()) / 1000 : 0;
      outboxAge.set(s ? Math.max(0, overdue) : Number.NaN);
    },
  });

  if (replica) {
    const replicaUp = new Gauge({
      name: 'damso_replica_up',
      help: '1 if the read replica answered its last lag check (ok or lagging), else 0',
      registers,
      collect() {
        const { state } = replica.status();
        replicaUp.set(state === 'ok' || state === 'lagging' ? 1 : 0);
      },
    });
    const replicaLag = new Gauge({
      name: 'damso_replica_lag_seconds',
      help: 'How far the read replica was behind the primary at its last check (heartbeat); NaN when unknown',
      registers,
      collect() {
        replicaLag.set(replica.status().lagSeconds ?? Number.NaN);
      },
    });
    const replicaServing = new Gauge({
      name: 'damso_replica_serving_reads',
      help: '1 while the read replica serves the stale-tolerant reads, 0 while they fall back to the primary',
      registers,
      collect() {
        replicaServing.set(replica.pick() === db ? 0 : 1);
      },
    });
  }

  return {
    registry,
    observeProcedure(procedure, status, batched, seconds) {
      procedures.observe({ procedure, status: String(status), batched: String(batched) }, seconds);
    },
    observeRoute(method, route, status, seconds) {
      routes.observe({ route, method, status: String(status) }, seconds);
    },
    jobRan(job, ok, seconds) {
      jobRuns.inc({ job });
      if (ok) jobLastSuccess.set({ job }, clock().getTime() / 1000);
      else jobFailures.inc({ job });
      jobDuration.observe({ job }, seconds);
    },
  };
}

interface OutboxSnapshot {
  depth: number;
  oldest: Date | null;
}

/**
 * Only rows still to send have a next_attempt_at (sent and failed rows have NULL), so this is a range
 * scan of email_outbox_next_idx over the backlog alone, whatever the size of the sent history.
 */
async function readOutbox(db: Database): Promise<OutboxSnapshot | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const query = db
      .selectFrom('email_outbox')
      .select((eb) => [eb.fn.countAll<number | string>().as('depth'), eb.fn.min('next_attempt_at').as('oldest')])
      .where('next_attempt_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer')), QUERY_TIMEOUT_MS);
    });
    const row = await Promise.race([query, timeout]);
    return { depth: Number(row.depth), oldest: row.oldest ? new Date(row.oldest) : null };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
