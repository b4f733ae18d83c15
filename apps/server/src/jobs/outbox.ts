// The outbox jobs: drain it over a pooled SMTP connection (packages/email/src/worker.ts), tell the
// admins when an email is given up, and prune sent rows after the retention.
import { notifyAdmins, readShopSettings } from '@damso/api';
import { createMailTransport, drainOutbox, pruneSentEmails } from '@damso/email';
import type { Env } from '../env.ts';
import { mailFrom, mailSender, smtpFromEnv } from '../mail.ts';
import type { Job } from './index.ts';

export function outboxJobs(env: Env): Job[] {
  const smtp = smtpFromEnv(env);
  const concurrency = env.SMTP_MAX_CONNECTIONS;
  // Built once per process: the pool's connections stay open between runs.
  const transport = smtp ? createMailTransport(smtp, { pool: { maxConnections: concurrency } }) : null;
  const { defaultName } = mailSender(env);
  let capped = false;
  return [
    {
      name: 'send-email-outbox',
      everyMs: 2_000,
      // Without SMTP the emails wait in the outbox and go out once a server is configured.
      run: async ({ db, clock, log, signal }) => {
        if (!transport) return null;
        // Read each run, so an admin's new cap and shop name (the From name) apply within seconds on every process.
        const { emailDailyCap, shopName } = await readShopSettings(db, {
          emailDailyCap: env.EMAIL_DAILY_CAP,
          storeName: defaultName,
        });
        const from = mailFrom(env, shopName);
        const result = await drainOutbox(
          db,
          {
            transport,
            from,
            clock,
            log,
            concurrency,
            dailyCap: emailDailyCap,
            onFailed: (trx, email) =>
              notifyAdmins(
                trx,
                {
                  kind: 'email_failed',
                  title: `An email could not be sent in 3 days of retries: “${email.subject}” to ${email.to}`,
                  link: '/admin/outbox?status=failed',
                },
                clock(),
              ).then(() => undefined),
          },
          signal,
        );
        if (result.capped && !capped) {
          log.warn({ dailyCap: emailDailyCap }, 'daily email cap reached: the other emails wait in the outbox');
        }
        capped = result.capped;
        return result;
      },
      // Called once the grace period is over: `force` also closes connections in the middle of a
      // message, so those sends fail now and their rows are put back for a retry.
      close: () => transport?.close({ force: true }),
    },
    {
      name: 'prune-sent-emails',
      everyMs: 60 * 60_000,
      run: ({ db, now }) => pruneSentEmails(db, { now, retentionDays: env.EMAIL_SENT_RETENTION_DAYS }),
    },
  ];
}
