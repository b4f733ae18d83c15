// The outbox worker against a real SMTP server: delivery, retries with backoff, the final failed
// state, and two workers draining one outbox without sending anything twice.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueEmail } from './outbox.ts';
import { verifyEmailMessage } from './templates/account.ts';
import { startTestSmtpServer, type TestInbox } from './testing.ts';
import { createMailTransport } from './transport.ts';
import { MAX_ATTEMPTS, retryDelayMs, sendDueEmails } from './worker.ts';

let t: TestDatabase;
let inbox: TestInbox;
beforeAll(async () => {
  [t, inbox] = await Promise.all([createTestDatabase(), startTestSmtpServer()]);
});
afterAll(async () => {
  await inbox.close();
  await t.drop();
});
beforeEach(async () => {
  inbox.messages.length = 0;
  inbox.refuse(false);
  await t.db.deleteFrom('email_outbox').execute();
});

const from = '"Damso Stream" <no-reply@damso.test>';
const message = (to: string) =>
  verifyEmailMessage({
    storeName: 'Damso Stream',
    to,
    fullName: 'Mia',
    code: '042917',
    link: 'http://localhost:3000/verify-email?token=abc',
    changing: false,
  });

describe('outbox worker', () => {
  it('delivers an outbox email over SMTP with its HTML and text parts', async () => {
    const now = new Date();
    await enqueueEmail(t.db, message('mia@example.test'), now);
    const result = await sendDueEmails(t.db, { transport: createMailTransport({ url: inbox.url }), from, now });
    expect(result).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [mail] = inbox.messages;
    expect(mail?.subject).toBe('042917 is your Damso Stream confirmation code');
    expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe('mia@example.test');
    expect(mail?.text).toContain('Your code is 042917');
    expect(mail?.html).toContain('href="http://localhost:3000/verify-email?token=abc"');
    const row = await t.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    // Nothing is sent twice.
    await sendDueEmails(t.db, { transport: createMailTransport({ url: inbox.url }), from, now });
    expect(inbox.messages).toHaveLength(1);
  });

  it('sends an email due by the clock that queued it, whatever the database’s clock says', async () => {
    // A clock a year behind the real time: a row left to the database's clock would not be due on it yet.
    const now = new Date(Date.now() - 365 * 86_400_000);
    await enqueueEmail(t.db, message('skew@example.test'), now);
    const transport = createMailTransport({ url: inbox.url });
    expect(await sendDueEmails(t.db, { transport, from, now })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(inbox.messages.map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).toEqual(['skew@example.test']);
  });

  it('keeps the email when the server refuses it, retries later with a growing delay, then gives up', async () => {
    let now = Date.now();
    await enqueueEmail(t.db, message('later@example.test'), new Date(now));
    inbox.refuse(true);
    const transport = createMailTransport({ url: inbox.url });
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      expect(await sendDueEmails(t.db, { transport, from, now: new Date(now) })).toEqual({
        sent: 0,
        retried: 1,
        failed: 0,
      });
      const row = await t.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
      expect(row.next_attempt_at.getTime()).toBe(now + retryDelayMs(attempt));
      expect(row.last_error).toMatch(/Mailbox unavailable/);
      // Not yet due: nothing happens before the delay is over.
      expect(await sendDueEmails(t.db, { transport, from, now: new Date(now + retryDelayMs(attempt) - 1) })).toEqual({
        sent: 0,
        retried: 0,
        failed: 0,
      });
      now += retryDelayMs(attempt);
    }
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
    expect(await sendDueEmails(t.db, { transport, from, now: new Date(now) })).toEqual({
      sent: 0,
      retried: 0,
      failed: 1,
    });
    const row = await t.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
    expect([row.status, row.attempts]).toEqual(['failed', MAX_ATTEMPTS]);
  });

  it('delivers once the server is back', async () => {
    const now = Date.now();
    await enqueueEmail(t.db, message('back@example.test'), new Date(now));
    inbox.refuse(true);
    const transport = createMailTransport({ url: inbox.url });
    await sendDueEmails(t.db, { transport, from, now: new Date(now) });
    inbox.refuse(false);
    await sendDueEmails(t.db, { transport, from, now: new Date(now + retryDelayMs(1)) });
    expect(inbox.messages.map((m) => m.subject)).toEqual(['042917 is your Damso Stream confirmation code']);
  });

  it('two workers at once send every email exactly once', async () => {
    const now = new Date();
    for (let i = 0; i < 12; i += 1) await enqueueEmail(t.db, message(`crowd${i}@example.test`), now);
    const run = () =>
      sendDueEmails(t.db, { transport: createMailTransport({ url: inbox.url }), from, now, batchSize: 5 });
    const results = await Promise.all([run(), run(), run(), run()]);
    await run();
    await run();
    const total = results.reduce((sum, r) => sum + r.sent, 0);
    expect(total).toBeGreaterThan(0);
    const recipients = inbox.messages.map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort();
    expect(recipients).toHaveLength(12);
    expect(new Set(recipients).size).toBe(12);
  });
});
