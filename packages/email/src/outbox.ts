// Emails are written to the outbox inside the transaction of the change that causes them, so an
// email exists exactly when its change committed. The server's worker sends them later.
// The row is due at `now`, the caller's clock: the worker compares it with that clock, never the database's.
import { randomBytes } from 'node:crypto';
import type { Database, DB } from '@damso/db';
import type { Transaction } from 'kysely';
import { escapeHtml } from './layout.ts';

export interface OutgoingEmail {
  to: string;
  /** A short name of the template, kept for the admin's outbox view and for tests. */
  template: string;
  subject: string;
  html: string;
  text: string;
  /** Codes and links in the message that must not stay readable in the outbox once it is sent. */
  secrets?: string[];
}

export async function enqueueEmail(db: Database | Transaction<DB>, email: OutgoingEmail, now: Date): Promise<void> {
  const secrets = email.secrets?.filter((s) => s.length > 0) ?? [];
  await db
    .insertInto('email_outbox')
    .values({
      to_address: email.to,
      template: email.template,
      subject: email.subject,
      html: email.html,
      text: email.text,
      secrets: secrets.length > 0 ? JSON.stringify(secrets) : null,
      // The Message-ID's local part: random, so it never repeats across databases, and fixed per
      // row, so a copy sent again after a crash is recognisable as the same message.
      message_id: randomBytes(16).toString('hex'),
      next_attempt_at: now,
      created_at: now,
    })
    .execute();
}

export const REDACTED = '[redacted]';

/** The row's text with each secret (and its HTML-escaped form) replaced, longest first. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
    const escaped = escapeHtml(secret);
    if (escaped !== secret) out = out.split(escaped).join(REDACTED);
  }
  return out;
}

export function parseSecrets(column: string | null): string[] {
  if (!column) return [];
  const parsed: unknown = JSON.parse(column);
  return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string' && s.length > 0) : [];
}
