// The email outbox for admins: what was sent, what is waiting or being sent, and what failed after
// three days of retries, with a retry. Bodies are never listed: they may hold codes and reset links.
import { type Database, transaction } from '@damso/db';
import type { OutboxStatus } from '@damso/validators';
import type { Deps, UserActor } from '../shared/actor.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import { recordAudit } from './audit.ts';

export async function listOutbox(db: Database, input: { status?: OutboxStatus; page: number; pageSize: number }) {
  let q = db
    .selectFrom('email_outbox')
    .select([
      'id',
      'to_address as to',
      'template',
      'subject',
      'status',
      'attempts',
      'next_attempt_at as nextAttemptAt',
      'last_error as lastError',
      'sent_at as sentAt',
      'created_at as createdAt',
    ])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.pageSize + 1)
    .offset((input.page - 1) * input.pageSize);
  if (input.status) q = q.where('status', '=', input.status);
  const [rows, counts] = await Promise.all([
    q.execute(),
    db
      .selectFrom('email_outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute(),
  ]);
  const count = (s: OutboxStatus) => Number(counts.find((c) => c.status === s)?.n ?? 0);
  return {
    emails: rows.slice(0, input.pageSize),
    page: input.page,
    hasMore: rows.length > input.pageSize,
    counts: { pending: count('pending'), sending: count('sending'), sent: count('sent'), failed: count('failed') },
  };
}

/**
 * Puts a failed email back in the queue, due now. The attempt count starts again, so the retry gets
 * the worker's whole backoff schedule; the audit row keeps the old count and error.
 */
export async function retryEmail(db: Database, actor: UserActor, { id }: { id: number }, { now }: Deps) {
  return transaction(db, async (trx) => {
    const email = await trx
      .selectFrom('email_outbox')
      .select(['id', 'status', 'attempts', 'last_error', 'to_address', 'template'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!email) throw new NotFound('This email does not exist.');
    if (email.status !== 'failed') {
      const message = {
        sent: 'This email was already sent.',
        sending: 'This email is being sent right now.',
        pending: 'This email is already waiting to be sent.',
      }[email.status];
      throw new Conflict(message);
    }
    await trx
      .updateTable('email_outbox')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'email.retry',
      entityType: 'email',
      entityId: id,
      before: { status: 'failed', attempts: email.attempts, lastError: email.last_error },
      after: { status: 'pending', attempts: 0 },
      ip: actor.ip ?? null,
      at: now,
    });
    return { id, status: 'pending' as const };
  });
}
