// A read replica beside the primary, for the reads that may be a little stale (catalog, offer pages,
// statistics). Each process measures the replica's lag about once a second on its own (one tiny
// write on the primary, one tiny read on the replica) and sends those reads to the primary whenever
// the replica is down, too far behind, or has not been measured lately. Which reads may go there,
// and a user's own writes, are the caller's business (apps/server's context and cookie).
import { performance } from 'node:perf_hooks';
import type { Database } from './client.ts';

/** starting: not measured yet; ok: reads go to the replica; lagging: behind by more than allowed; down: no answer. */
export type ReplicaState = 'starting' | 'ok' | 'lagging' | 'down';

export interface ReplicaStatus {
  state: ReplicaState;
  /** How far behind the replica was at the last check, in seconds; null when unknown. */
  lagSeconds: number | null;
  /** When the last check ended, by the app's clock. */
  checkedAt: Date | null;
  /** Why the replica counts as down (for the log: it may name hosts, so never for a client). */
  error: string | null;
}

export interface ReadReplicaOptions {
  primary: Database;
  replica: Database;
  /** The app's clock: the heartbeat is written and compared with it, so a test moves the lag by moving it. */
  clock?: () => Date;
  /** Above this the primary serves every read. */
  maxLagSeconds: number;
  intervalMs?: number;
  /** A check unanswered for this long counts as the replica being down. */
  timeoutMs?: number;
}

export type ReplicaListener = (status: ReplicaStatus, previous: ReplicaState) => void;

export interface ReadReplica {
  /** The replica's own pool (the caller destroys it at shutdown). */
  readonly db: Database;
  /** Where a read that may be a little stale goes now: the replica if its last check, a recent one, was ok. */
  pick(): Database;
  status(): ReplicaStatus;
  /** Measures the lag now, or joins the measurement in flight. */
  check(): Promise<ReplicaStatus>;
  /** A read on the replica could not reach it: reads stay on the primary until a check finds it again. */
  failed(error: unknown): void;
  /** Calls `listener` when the state changes (ok → lagging, … → down), to log it; returns the unsubscribe. */
  onChange(listener: ReplicaListener): () => void;
  /** Stops the checks. */
  close(): void;
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  return typeof e?.code === 'string' ? e.code : String(e?.message ?? error);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'TIMEOUT' })), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export function createReadReplica(options: ReadReplicaOptions): ReadReplica {
  const { primary, replica, maxLagSeconds } = options;
  const clock = options.clock ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 1_000;
  // A verdict older than this (checks stuck, event loop blocked) is not trusted: the primary reads.
  const trustMs = 3 * intervalMs + timeoutMs;
  let status: ReplicaStatus = { state: 'starting', lagSeconds: null, checkedAt: null, error: null };
  let settledAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<ReplicaStatus> | null = null;
  const listeners = new Set<ReplicaListener>();

  function settle(next: ReplicaStatus): ReplicaStatus {
    const previous = status.state;
    status = next;
    settledAt = performance.now();
    if (next.state !== previous) for (const listener of listeners) listener({ ...next }, previous);
    return next;
  }

  async function measure(): Promise<ReplicaStatus> {
    const now = clock();
    // Both at once: the replica answers with the newest beat it has applied (this process's or
    // another's), so now minus that beat bounds how stale its data is. A primary that cannot take the
    // beat stops the beats, and the lag then grows until the primary serves the reads.
    const [, seen] = await Promise.allSettled([
      withTimeout(
        primary
          .insertInto('replica_heartbeat')
          .values({ id: 1, beat_at: now })
          .onDuplicateKeyUpdate({ beat_at: now })
          .execute(),
        timeoutMs,
      ),
      withTimeout(
        replica.selectFrom('replica_heartbeat').select('beat_at').where('id', '=', 1).executeTakeFirst(),
        timeoutMs,
      ),
    ]);
    const checkedAt = clock();
    if (seen.status === 'rejected') {
      return settle({ state: 'down', lagSeconds: null, checkedAt, error: describe(seen.reason) });
    }
    const beat = seen.value?.beat_at;
    // No beat has reached the replica yet (a new deployment): it is at least that far behind.
    if (!beat) return settle({ state: 'lagging', lagSeconds: null, checkedAt, error: null });
    const lagSeconds = Math.max(0, (now.getTime() - beat.getTime()) / 1000);
    return settle({ state: lagSeconds <= maxLagSeconds ? 'ok' : 'lagging', lagSeconds, checkedAt, error: null });
  }

  function check(): Promise<ReplicaStatus> {
    inFlight ??= measure().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  void check();

  return {
    db: replica,
    pick() {
      const trusted = performance.now() - settledAt < trustMs;
      return status.state === 'ok' && trusted ? replica : primary;
    },
    status: () => ({ ...status }),
    check,
    failed(error) {
      settle({ state: 'down', lagSeconds: null, checkedAt: clock(), error: describe(error) });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      clearInterval(timer);
    },
  };
}
