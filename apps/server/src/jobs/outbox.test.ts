// The outbox jobs as the server configures them from its environment: sending through SMTP_URL from
// MAIL_FROM, three days of retries on the injected clock ending in a note on every admin's bell and
// the admin outbox page, the daily cap and the retention of sent emails.
import { randomBytes } from 'node:crypto';
import { callerFor, createTestUser } from '@damso/api/testing';
import { enqueueEmail, MAX_ATTEMPTS, RETRY_FOR_MS, retryDelayMs } from '@damso/email';
import { enqueueTestEmails, outboxByStatus, outboxTestBed } from '@damso/email/testing';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnv } from '../env.ts';
import { type Job, startJobs } from './index.ts';
import { outboxJobs } from './outbox.ts';

const DAY = 86_400_000;
const bed = outboxTestBed();
let jobs: Job[] = [];
afterEach(async () => {
  await Promise.all(jobs.map((j) => j.close?.()));
});

function configure(vars: Record<string, string> = {}) {
  const env = loadEnv({
    DATABASE_URL: bed.t.url,
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    SMTP_URL: bed.inbox.url,
    MAIL_FROM: '"Damso Stream" <orders@damso.test>',
    ...vars,
  });
  jobs = outboxJobs(env);
  return (name: string, at: number) => {
    const job = jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no job ${name}`);
    const now = new Date(at);
    return job.run({
      db: bed.t.db,
      now,
      clock: () => now,
      log: pino({ level: 'silent' }),
      signal: new AbortController().signal,
    });
  };
}

const email = (to: string, subject = `Hello ${to}`) => ({
  to,
  template: 'test',
  subject,
  html: '<p>Hi</p>',
  text: 'Hi',
});

describe('outbox jobs', () => {
  it('send the outbox through the configured SMTP server, from MAIL_FROM', async () => {
    const run = configure();
    const now = Date.now();
    await enqueueEmail(bed.t.db, email('ana@example.test', 'Hello Ana'), new Date(now));
    await run('send-email-outbox', now);
    expect(bed.inbox.messages.map((m) => [m.subject, m.from?.text])).toEqual([
      ['Hello Ana', '"Damso Stream" <orders@damso.test>'],
    ]);
  });

  it('retry for three days, then tell each active admin once on the bell and list the email as failed', async () => {
    const run = configure();
    const start = Date.now();
    const [admin, otherAdmin, suspended, client] = await Promise.all([
      createTestUser(bed.t.db, { role: 'admin' }),
      createTestUser(bed.t.db, { role: 'admin' }),
      createTestUser(bed.t.db, { role: 'admin' }),
      createTestUser(bed.t.db, { role: 'client' }),
    ]);
    await bed.t.db.updateTable('users').set({ status: 'suspended' }).where('id', '=', suspended.id).execute();
    const bell = async (user: typeof admin) => (await callerFor(bed.t.db, user).notifications.list()).items;
    await enqueueEmail(bed.t.db, email('gone@example.test', 'Your receipt'), new Date(start));
    bed.inbox.refuse(true);
    let now = start;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      await run('send-email-outbox', now);
      now += retryDelayMs(attempt);
    }
    // Three days on, the row is still being retried and nobody has been bothered.
    expect(now - start).toBeGreaterThanOrEqual(RETRY_FOR_MS);
    expect(await bed.t.db.selectFrom('email_outbox').select(['status', 'attempts']).execute()).toEqual([
      { status: 'pending', attempts: MAX_ATTEMPTS - 1 },
    ]);
    expect(await bell(admin)).toEqual([]);
    await run('send-email-outbox', now);
    const note = {
      kind: 'email_failed',
      title: 'An email could not be sent in 3 days of retries: “Your receipt” to gone@example.test',
      link: '/admin/outbox?status=failed',
      readAt: null,
      createdAt: new Date(now),
    };
    expect(await bell(admin)).toMatchObject([note]);
    expect(await bell(otherAdmin)).toMatchObject([note]);
    expect(await bell(suspended)).toEqual([]);
    expect(await bell(client)).toEqual([]);
    const page = await callerFor(bed.t.db, admin).admin.outbox.list({ status: 'failed' });
    expect(page.counts.failed).toBe(1);
    expect(page.emails).toMatchObject([{ to: 'gone@example.test', status: 'failed', attempts: MAX_ATTEMPTS }]);

    // A second failure while the first note is unread adds none; once read, the next one rings again.
    const failAnother = async (to: string) => {
      await enqueueEmail(bed.t.db, email(to), new Date(now));
      await bed.t.db
        .updateTable('email_outbox')
        .set({ attempts: MAX_ATTEMPTS - 1 })
        .where('status', '=', 'pending')
        .execute();
      await run('send-email-outbox', now);
    };
    await failAnother('gone2@example.test');
    expect(await bell(admin)).toHaveLength(1);
    await callerFor(bed.t.db, admin).notifications.markRead({});
    await failAnother('gone3@example.test');
    expect((await bell(admin)).map((n) => n.title)).toEqual([
      'An email could not be sent in 3 days of retries: “Hello gone3@example.test” to gone3@example.test',
      note.title,
    ]);
    expect(await bell(otherAdmin)).toHaveLength(1);
  });

  it('show an email being sent on the admin page, and refuse a manual retry of it', async () => {
    const run = configure();
    const admin = await createTestUser(bed.t.db, { role: 'admin' });
    const now = Date.now();
    await enqueueEmail(bed.t.db, email('busy@example.test'), new Date(now));
    // Held mid-send: the SMTP server takes its time, and the page is read meanwhile.
    bed.inbox.setDelay(1500);
    const sending = run('send-email-outbox', now);
    const outbox = callerFor(bed.t.db, admin).admin.outbox;
    await expect
      .poll(async () => (await outbox.list({})).counts)
      .toEqual({ pending: 0, sending: 1, sent: 0, failed: 0 });
    const [busy] = (await outbox.list({ status: 'sending' })).emails;
    await expect(outbox.retry({ id: busy?.id ?? 0 })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'This email is being sent right now.',
    });
    await sending;
    expect((await outbox.list({})).counts).toEqual({ pending: 0, sending: 0, sent: 1, failed: 0 });
  });

  it('stop within the grace period when the mail server hangs, leaving every email to be sent again', async () => {
    const env = loadEnv({
      DATABASE_URL: bed.t.url,
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      SMTP_URL: bed.inbox.url,
    });
    jobs = outboxJobs(env);
    await enqueueTestEmails(bed.t.db, 12, 'hung');
    // A server that takes its time with every message: five are on the wire when the stop comes.
    bed.inbox.setDelay(60_000);
    const running = startJobs({ db: bed.t.db, log: pino({ level: 'silent' }), jobs });
    await expect.poll(async () => (await outboxByStatus(bed.t.db)).sending).toBe(10);
    await running.stop({ graceMs: 100 });
    // Closing the SMTP pool failed the sends in flight, and each row was put back for a retry.
    expect(await outboxByStatus(bed.t.db)).toEqual({ pending: 12 });
    // The hung messages are dropped with the server, so no later test sees them arrive.
    await bed.inbox.stop();
    await bed.inbox.start();
  });

  it('hold emails past EMAIL_DAILY_CAP in the queue and prune sent ones after EMAIL_SENT_RETENTION_DAYS', async () => {
    const run = configure({ EMAIL_DAILY_CAP: '3', EMAIL_SENT_RETENTION_DAYS: '7' });
    const now = Date.now();
    for (let i = 0; i < 5; i += 1) await enqueueEmail(bed.t.db, email(`cap${i}@example.test`), new Date(now));
    expect(await run('send-email-outbox', now)).toMatchObject({ sent: 3, capped: true });
    expect(await run('send-email-outbox', now + 60_000)).toMatchObject({ sent: 0, capped: true });
    expect(bed.inbox.messages).toHaveLength(3);
    expect(await run('send-email-outbox', now + DAY)).toMatchObject({ sent: 2 });
    await run('prune-sent-emails', now + 7 * DAY + 1);
    const left = await bed.t.db.selectFrom('email_outbox').select('sent_at').execute();
    expect(left.map((r) => r.sent_at)).toEqual([new Date(now + DAY), new Date(now + DAY)]);
  });
});

describe('the shop name in emails', () => {
  it('follows the admin’s setting in the subject, body and From name of account emails', async () => {
    const run = configure();
    const admin = await createTestUser(bed.t.db, { role: 'admin' });
    const before = new Set((await bed.t.db.selectFrom('settings').select('name').execute()).map((r) => r.name));
    const shopName = `Lumen Keys ${randomBytes(2).toString('hex')}`;
    try {
      const form = await callerFor(bed.t.db, admin).admin.settings.shop();
      await callerFor(bed.t.db, admin).admin.settings.saveShop({
        ...form,
        phoneCountry: form.phoneCountry ?? 'US',
        shopName,
      });
      const email = `newcomer-${randomBytes(3).toString('hex')}@example.test`;
      await callerFor(bed.t.db, null).auth.signUp({
        fullName: 'Noor Newcomer',
        email,
        phoneCountry: 'FR',
        phone: '06 12 34 56 78',
        password: 'blue-Lantern-42',
      });
      await callerFor(bed.t.db, null).auth.requestPasswordReset({ email });
      await run('send-email-outbox', Date.now());
      const received = bed.inbox.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === email);
      expect(received.map((m) => m.subject).sort()).toEqual([
        expect.stringMatching(new RegExp(`^\\d{6} is your ${shopName} confirmation code$`)),
        `Reset your ${shopName} password`,
      ]);
      for (const mail of received) {
        expect(mail.from?.value).toEqual([{ name: shopName, address: 'orders@damso.test' }]);
        expect(mail.text).toContain(shopName);
        expect(mail.text).not.toContain('Damso Stream');
        expect(mail.html || '').toContain(shopName);
      }
    } finally {
      // The other tests here expect the From name of MAIL_FROM, as before any save.
      await bed.t.db
        .deleteFrom('settings')
        .where('name', 'not in', before.size > 0 ? [...before] : [''])
        .execute();
    }
  });
});
