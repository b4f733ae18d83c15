// Jobs for accounts and email: drain the outbox over SMTP, and delete rows that only expire.
import type { Database } from '@damso/db';
import { createMailTransport, type MailTransport, sendDueEmails } from '@damso/email';
import { loadEnv } from '../env.ts';
import { mailFrom, smtpFromEnv } from '../mail.ts';
import type { Job } from './index.ts';

const WEEK_MS = 7 * 24 * 60 * 60_000;

let mailer: { transport: MailTransport; from: string } | null | undefined;
/** Built on first use from the same validated environment the server started with. */
function mailerFromEnv() {
  if (mailer === undefined) {
    const env = loadEnv();
    const smtp = smtpFromEnv(env);
    mailer = smtp ? { transport: createMailTransport(smtp), from: mailFrom(env) } : null;
  }
  return mailer;
}

export const accountJobs: Job[] = [
  {
    name: 'send-email-outbox',
    everyMs: 5_000,
    // Without SMTP the emails wait in the outbox and go out once a server is configured.
    run: async (db: Database, now: Date) => {
      const m = mailerFromEnv();
      return m ? sendDueEmails(db, { transport: m.transport, from: m.from, now }) : null;
    },
  },
  {
    name: 'delete-expired-rate-limits',
    everyMs: 15 * 60_000,
    run: (db, now) => db.deleteFrom('rate_limits').where('expire', '<', now.getTime()).execute(),
  },
  {
    name: 'delete-old-account-tokens',
    everyMs: 60 * 60_000,
    run: async (db, now) => {
      const before = new Date(now.getTime() - WEEK_MS);
      await db.deleteFrom('verification_codes').where('link_expires_at', '<', before).execute();
      await db.deleteFrom('password_reset_tokens').where('expires_at', '<', before).execute();
    },
  },
];
