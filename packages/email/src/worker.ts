// Drains the outbox. Rows are claimed with SELECT … FOR UPDATE SKIP LOCKED, so several server
// processes can run the worker at once and each email is sent by exactly one of them.
import type { Database } from '@damso/db';
import type { MailTransport } from './transport.ts';

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/** Wait before the next try after `attempts` failures: 30 s, 1 min, 2 min … capped at 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
}

export async function sendDueEmails(
  db: Database,
  { transport, from, now, batchSize = 20 }: { transport: MailTransport; from: string; now: Date; batchSize?: number },
): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
  await db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('email_outbox')
      .select(['id', 'to_address', 'subject', 'html', 'text', 'attempts'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(batchSize)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const email of due) {
      try {
        await transport.sendMail({
          from,
          to: email.to_address,
          subject: email.subject,
          html: email.html,
          text: email.text,
        });
        await trx
          .updateTable('email_outbox')
          .set({ status: 'sent', sent_at: now, attempts: email.attempts + 1, last_error: null })
          .where('id', '=', email.id)
          .execute();
        result.sent += 1;
      } catch (error) {
        const attempts = email.attempts + 1;
        const giveUp = attempts >= MAX_ATTEMPTS;
        await trx
          .updateTable('email_outbox')
          .set({
            attempts,
            status: giveUp ? 'failed' : 'pending',
            next_attempt_at: new Date(now.getTime() + retryDelayMs(attempts)),
            last_error: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
          })
          .where('id', '=', email.id)
          .execute();
        if (giveUp) result.failed += 1;
        else result.retried += 1;
      }
    }
  });
  return result;
}
