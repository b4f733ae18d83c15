// Emails are written to the outbox inside the transaction of the change that causes them, so an
// email exists exactly when its change committed. The server's worker sends them later.
// The row is due at `now`, the caller's clock: the worker compares it with that clock, never the database's.
import type { Database, DB } from '@damso/db';
import type { Transaction } from 'kysely';

export interface OutgoingEmail {
  to: string;
  /** A short name of the template, kept for the admin's outbox view and for tests. */
  template: string;
  subject: string;
  html: string;
  text: string;
}

export async function enqueueEmail(db: Database | Transaction<DB>, email: OutgoingEmail, now: Date): Promise<void> {
  await db
    .insertInto('email_outbox')
    .values({
      to_address: email.to,
      template: email.template,
      subject: email.subject,
      html: email.html,
      text: email.text,
      next_attempt_at: now,
      created_at: now,
    })
    .execute();
}
