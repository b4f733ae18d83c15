// Drains the outbox. A few due rows at a time are claimed under a lease (claim.ts), sent with up to
// `concurrency` messages in flight over a pooled SMTP transport, and each row is marked as soon as
// SMTP accepts it. Any number of processes may drain at once. An email goes out twice only when its
// worker dies between SMTP's acceptance and the mark (at most the messages in flight), and the copy
// carries the same Message-ID, so mail clients and the tests can tell it is the same message.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Database, type DB, retryTransient } from '@damso/db';
import type { Transaction } from 'kysely';
import {
  type ClaimedEmail,
  claimDueEmails,
  type FailedEmail,
  MAX_ATTEMPTS,
  markAttemptFailed,
  markSent,
  releaseEmails,
} from './claim.ts';
import type { MailTransport } from './transport.ts';

const DAY_MS = 86_400_000;

/** The subset of pino's logger the worker needs. */
export interface OutboxLog {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
}

const silent: OutboxLog = { info: () => {}, warn: () => {}, error: () => {} };

/** Names this process in `lease_owner`, for the admin and for logs; random so a restarted pid differs. */
export const PROCESS_OWNER = `${hostname().slice(0, 60)}:${process.pid}:${randomBytes(4).toString('hex')}`;

export interface OutboxWorkerOptions {
  transport: MailTransport;
  from: string;
  clock: () => Date;
  log?: OutboxLog;
  owner?: string;
  /** Messages in flight at once; match the transport pool's maxConnections. */
  concurrency?: number;
  /** Rows claimed per short transaction; by default twice the concurrency. */
  batchSize?: number;
  /** How long a claim is this worker's alone; after it, another process resumes the row. */
  leaseMs?: number;
  /** Emails per rolling 24 hours across all processes; 0 for no cap. The rest wait in the queue. */
  dailyCap?: number;
  /** Runs in the transaction that marks a row failed for good (the server tells the admins). */
  onFailed?: (trx: Transaction<DB>, email: FailedEmail) => Promise<void>;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
  /** The daily cap held some due emails back. */
  capped: boolean;
}

/**
 * Sends every due email, then returns. `signal` stops it early: no new claims or sends, the sends
 * in flight finish and are marked, and rows claimed but not started go back to the queue at once.
 */
export async function drainOutbox(db: Database, options: OutboxWorkerOptions, signal?: AbortSignal) {
  const { transport, from, clock, onFailed } = options;
  const log = options.log ?? silent;
  const owner = options.owner ?? PROCESS_OWNER;
  const concurrency = options.concurrency ?? 5;
  const batch = options.batchSize ?? concurrency * 2;
  const leaseMs = options.leaseMs ?? 2 * 60_000;
  // A row is not started this close to the end of its lease: another process may be about to take it.
  const margin = Math.min(60_000, leaseMs / 2);
  const domain = /@([^\s@<>]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  const result: DrainResult = { sent: 0, retried: 0, failed: 0, capped: false };
  const markAccepted = sentMarker(db, owner, clock);
  const queue: ClaimedEmail[] = [];
  const unsent: ClaimedEmail[] = [];
  let done = false;
  let claimError: unknown = null;
  let claiming: Promise<void> | null = null;

  const refill = () => {
    claiming ??= claimDueEmails(db, { owner, now: clock(), limit: batch, leaseMs, dailyCap: options.dailyCap ?? 0 })
      .then(({ emails, capped }) => {
        result.capped ||= capped;
        if (emails.length === 0) done = true;
        queue.push(...emails);
      })
      .catch((err: unknown) => {
        claimError = err;
        done = true;
      })
      .finally(() => {
        claiming = null;
      });
    return claiming;
  };

  const deliver = async (email: ClaimedEmail) => {
    const emailId = email.id;
    if (email.leaseUntil.getTime() - clock().getTime() < margin) {
      unsent.push(email);
      done = true;
      return;
    }
    try {
      await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: `<${email.messageKey}@${domain}>`,
      });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      try {
        const outcome = await withDbRetries(() =>
          markAttemptFailed(db, { email, owner, now: clock(), error, onFailed }),
        );
        if (outcome === 'failed') {
          result.failed += 1;
          log.error({ emailId, attempts: email.attempts, err }, `email failed for good after ${MAX_ATTEMPTS} attempts`);
        } else if (outcome === 'retried') {
          result.retried += 1;
          log.warn({ emailId, attempts: email.attempts, err }, 'email not sent, retrying later');
        } else {
          log.warn({ emailId, err }, 'email not sent, and its lease had passed to another worker');
        }
      } catch (dbErr) {
        log.error({ emailId, err: dbErr, smtpError: error }, 'email not sent, and the retry could not be recorded');
      }
      return;
    }
    try {
      await markAccepted(email);
      result.sent += 1;
    } catch (dbErr) {
      log.error({ emailId, err: dbErr }, 'email sent but not marked: it goes out again when its lease ends');
    }
  };

  const lane = async () => {
    while (!signal?.aborted) {
      const email = queue.shift();
      if (email) await deliver(email);
      else if (done) return;
      else await refill();
    }
  };
  const release = async (emails: ClaimedEmail[]) => {
    if (emails.length === 0) return;
    const ids = emails.map((e) => e.id);
    try {
      await releaseEmails(db, ids, owner, clock());
    } catch (err) {
      log.error({ emailIds: ids, err }, 'claimed emails not released: they come back when their lease ends');
    }
  };
  // On stop the rows waiting here go back at once, even while a hung send holds up the lanes.
  let released: Promise<void> = Promise.resolve();
  const onAbort = () => {
    released = release(queue.splice(0));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  await released;
  await release([...unsent, ...queue.splice(0)]);
  if (claimError) throw claimError;
  return result;
}

/**
 * Marks accepted emails sent. Each lane waits for its own mark before it takes the next email, so
 * the emails accepted but not yet marked never outnumber the lanes. Marks that arrive while one is
 * being written go together in the next statement: fewer commits, and no mark waits for a batch.
 */
function sentMarker(db: Database, owner: string, clock: () => Date) {
  let waiting: Array<{ email: ClaimedEmail; settle: (err?: unknown) => void }> = [];
  let writing = false;
  const write = async () => {
    writing = true;
    while (waiting.length > 0) {
      const taken = waiting;
      waiting = [];
      try {
        await withDbRetries(() =>
          markSent(
            db,
            taken.map((w) => w.email),
            owner,
            clock(),
          ),
        );
        for (const w of taken) w.settle();
      } catch (err) {
        for (const w of taken) w.settle(err);
      }
    }
    writing = false;
  };
  return (email: ClaimedEmail) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ email, settle: (err) => (err ? reject(err) : resolve()) });
      if (!writing) void write();
    });
}

/**
 * Sends everything due at `now` and returns: for tests and scripts that play one pass of the
 * server's worker on a fixed clock.
 */
export function sendDueEmails(
  db: Database,
  { transport, from, now, batchSize }: { transport: MailTransport; from: string; now: Date; batchSize?: number },
): Promise<DrainResult> {
  return drainOutbox(db, { transport, from, clock: () => now, batchSize });
}

/** Deletes sent rows older than the retention, a thousand at a time so no delete holds locks for long. */
export async function pruneSentEmails(db: Database, { now, retentionDays }: { now: Date; retentionDays: number }) {
  const before = new Date(now.getTime() - retentionDays * DAY_MS);
  let total = 0;
  for (;;) {
    const r = await db
      .deleteFrom('email_outbox')
      .where('status', '=', 'sent')
      .where('sent_at', '<', before)
      .orderBy('sent_at')
      .limit(1000)
      .executeTakeFirst();
    const n = Number(r.numDeletedRows);
    total += n;
    if (n < 1000) return total;
  }
}

/** A mark lost to a deadlock or a dropped connection would mean a duplicate later: marks are idempotent, so retry them. */
const withDbRetries = <T>(write: () => Promise<T>) => retryTransient(write, { idempotent: true });
