// The outbox rows' life: claimed under a lease in a short transaction, then marked sent, put back
// for a later try, failed for good, or released unsent. No transaction is ever open while SMTP talks.
import type { Database, DB, EmailOutbox } from '@damso/db';
import { type Selectable, sql, type Transaction } from 'kysely';
import { parseSecrets, redact } from './outbox.ts';

const DAY_MS = 86_400_000;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;
/** A message keeps being retried at least this long before it is marked failed. */
export const RETRY_FOR_MS = 3 * DAY_MS;

/** Wait before the next try after `attempts` failed ones: 30 s, 1 min, 2 min … capped at 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

/** Attempts before giving up: the first whose waits since the first attempt add up to RETRY_FOR_MS. */
export const MAX_ATTEMPTS = (() => {
  let waited = 0;
  let attempts = 1;
  while (waited < RETRY_FOR_MS) {
    waited += retryDelayMs(attempts);
    attempts += 1;
  }
  return attempts;
})();

export interface ClaimedEmail {
  id: number;
  to: string;
  subject: string;
  html: string;
  text: string;
  template: string;
  /** Including the one this claim starts. */
  attempts: number;
  messageKey: string;
  secrets: string[];
  leaseUntil: Date;
}

type ClaimRow = Pick<
  Selectable<EmailOutbox>,
  'id' | 'to_address' | 'subject' | 'html' | 'text' | 'template' | 'attempts' | 'message_id' | 'secrets' | 'created_at'
>;

export interface ClaimOptions {
  owner: string;
  now: Date;
  limit: number;
  leaseMs: number;
  /** Emails allowed per rolling 24 hours across every process; 0 for no cap. */
  dailyCap: number;
}

/**
 * Takes up to `limit` due rows: pending ones whose time has come and `sending` ones whose lease ran
 * out (their worker died). The scan walks the (next_attempt_at) index in its own order, so with
 * LIMIT and SKIP LOCKED it stops after the rows it takes; READ COMMITTED keeps InnoDB from adding gap
 * locks, so the rows claimed are the only rows locked. With a daily cap the claims of every process
 * take turns under one named lock, so the count they check cannot be raced past the cap.
 */
export async function claimDueEmails(
  db: Database,
  options: ClaimOptions,
): Promise<{ emails: ClaimedEmail[]; capped: boolean }> {
  if (options.dailyCap <= 0) return claimIn(db, options);
  return db.connection().execute(async (conn) => {
    const lock = sql`CONCAT('damso_outbox_claim_', DATABASE())`;
    const got = await sql<{ got: number | null }>`SELECT GET_LOCK(${lock}, 10) AS got`.execute(conn);
    if (Number(got.rows[0]?.got) !== 1) throw new Error('The outbox claim lock was busy for 10 s');
    try {
      return await claimIn(conn, options);
    } finally {
      await sql`SELECT RELEASE_LOCK(${lock})`.execute(conn);
    }
  });
}

function claimIn(db: Database, options: ClaimOptions) {
  return db
    .transaction()
    .setIsolationLevel('read committed')
    .execute((trx) => claimInTransaction(trx, options));
}

/** The claim itself, in a READ COMMITTED transaction the caller owns (exported for the lock test). */
export async function claimInTransaction(
  trx: Transaction<DB>,
  { owner, now, limit, leaseMs, dailyCap }: ClaimOptions,
): Promise<{ emails: ClaimedEmail[]; capped: boolean }> {
  let room = limit;
  if (dailyCap > 0) {
    // One statement, so both counts come from one snapshot: a row marked sent between two separate
    // reads would be counted in neither. Each subquery is a range of a (status, …) index.
    const { rows: used } = await sql<{ sent: number; leased: number }>`SELECT
      (SELECT COUNT(*) FROM email_outbox WHERE status = 'sent' AND sent_at > ${new Date(now.getTime() - DAY_MS)}) AS sent,
      (SELECT COUNT(*) FROM email_outbox WHERE status = 'sending' AND next_attempt_at > ${now}) AS leased`.execute(trx);
    // Rows under another worker's live lease will most likely be sent too, so they count.
    room = Math.min(limit, dailyCap - Number(used[0]?.sent) - Number(used[0]?.leased));
    if (room <= 0) return { emails: [], capped: true };
  }
  // Raw SQL for the index hint: when most rows are due, the optimizer would rather scan the table
  // and sort it, and that scan would lock every row it reads.
  const { rows } = await sql<ClaimRow>`
    SELECT id, to_address, subject, html, text, template, attempts, message_id, secrets, created_at
    FROM email_outbox FORCE INDEX (email_outbox_next_idx)
    WHERE next_attempt_at <= ${now} AND status IN ('pending', 'sending')
    ORDER BY next_attempt_at, id
    LIMIT ${room}
    FOR UPDATE SKIP LOCKED`.execute(trx);
  if (rows.length === 0) return { emails: [], capped: false };
  const leaseUntil = new Date(now.getTime() + leaseMs);
  await trx
    .updateTable('email_outbox')
    .set((eb) => ({
      status: 'sending',
      lease_owner: owner,
      next_attempt_at: leaseUntil,
      attempts: eb('attempts', '+', 1),
    }))
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const emails = rows.map(
    (r): ClaimedEmail => ({
      id: r.id,
      to: r.to_address,
      subject: r.subject,
      html: r.html,
      text: r.text,
      template: r.template,
      attempts: r.attempts + 1,
      // Rows written before message ids existed get one from their id, equally stable.
      messageKey: r.message_id ?? `outbox-${r.id}-${r.created_at.getTime()}`,
      secrets: parseSecrets(r.secrets),
      leaseUntil,
    }),
  );
  return { emails, capped: room < limit };
}

/**
 * SMTP accepted them. Marked whoever holds the lease now: they were sent, and saying so stops a
 * worker that took over a late lease from trying again. `lease_owner` stays as the process that sent
 * them. Secrets are blanked in the same write. One statement for the few rows accepted meanwhile.
 */
export async function markSent(db: Database, emails: ClaimedEmail[], owner: string, now: Date): Promise<void> {
  if (emails.length === 0) return;
  const secret = emails.filter((e) => e.secrets.length > 0);
  const blanked = (column: 'subject' | 'html' | 'text') =>
    sql<string>`CASE id ${sql.join(
      secret.map((e) => sql`WHEN ${e.id} THEN ${redact(e[column], e.secrets)}`),
      sql` `,
    )} ELSE ${sql.ref(column)} END`;
  await db
    .updateTable('email_outbox')
    .set({
      status: 'sent',
      sent_at: now,
      next_attempt_at: null,
      lease_owner: owner,
      last_error: null,
      ...(secret.length > 0
        ? { subject: blanked('subject'), html: blanked('html'), text: blanked('text'), secrets: null }
        : {}),
    })
    .where(
      'id',
      'in',
      emails.map((e) => e.id),
    )
    .where('status', '!=', 'sent')
    .execute();
}

export interface FailedEmail {
  id: number;
  to: string;
  template: string;
  /** Secrets removed: it may be shown to admins. */
  subject: string;
  lastError: string;
}

/**
 * SMTP refused it or could not be reached: due again after the backoff, or failed for good once
 * the retries span RETRY_FOR_MS, in which case `onFailed` runs in the same transaction. Only the
 * lease holder may do this, so a worker that lost its lease cannot undo the next one's work.
 * Returns what became of the row, or null when the lease was no longer ours.
 */
export async function markAttemptFailed(
  db: Database,
  {
    email,
    owner,
    now,
    error,
    onFailed,
  }: {
    email: ClaimedEmail;
    owner: string;
    now: Date;
    error: string;
    onFailed?: (trx: Transaction<DB>, email: FailedEmail) => Promise<void>;
  },
): Promise<'retried' | 'failed' | null> {
  const giveUp = email.attempts >= MAX_ATTEMPTS;
  const lastError = error.slice(0, 1000);
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('email_outbox')
      .set({
        status: giveUp ? 'failed' : 'pending',
        next_attempt_at: giveUp ? null : new Date(now.getTime() + retryDelayMs(email.attempts)),
        lease_owner: null,
        last_error: lastError,
      })
      .where('id', '=', email.id)
      .where('status', '=', 'sending')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return null;
    if (giveUp && onFailed) {
      await onFailed(trx, {
        id: email.id,
        to: email.to,
        template: email.template,
        subject: redact(email.subject, email.secrets),
        lastError,
      });
    }
    return giveUp ? 'failed' : 'retried';
  });
}

/** Gives back rows this worker claimed but never handed to SMTP: due at once, the attempt not counted. */
export async function releaseEmails(db: Database, ids: number[], owner: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('email_outbox')
    .set((eb) => ({
      status: 'pending',
      next_attempt_at: now,
      lease_owner: null,
      attempts: eb('attempts', '-', 1),
    }))
    .where('id', 'in', ids)
    .where('status', '=', 'sending')
    .where('lease_owner', '=', owner)
    .execute();
}
