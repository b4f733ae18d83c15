// The account jobs as the server runs them: the outbox drained to the SMTP server named in the
// environment, and rows that only expire deleted once expired.
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { enqueueEmail } from '@damso/email';
import { startTestSmtpServer, type TestInbox } from '@damso/email/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountJobs } from './accounts.ts';

let t: TestDatabase;
let inbox: TestInbox;
const saved = { ...process.env };
beforeAll(async () => {
  [t, inbox] = await Promise.all([createTestDatabase(), startTestSmtpServer()]);
  // The job reads the same validated environment as the server process (each test file runs in its own process).
  Object.assign(process.env, {
    DATABASE_URL: t.url,
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    SMTP_URL: inbox.url,
    MAIL_FROM: '"Damso Stream" <orders@damso.test>',
  });
});
afterAll(async () => {
  process.env = saved;
  await inbox.close();
  await t.drop();
});

const job = (name: string) => {
  const found = accountJobs.find((j) => j.name === name);
  if (!found) throw new Error(`no job ${name}`);
  return found;
};

describe('account jobs', () => {
  it('sends the outbox through the configured SMTP server, from MAIL_FROM', async () => {
    const now = new Date();
    await enqueueEmail(
      t.db,
      { to: 'ana@example.test', template: 'test', subject: 'Hello Ana', html: '<p>Hi</p>', text: 'Hi' },
      now,
    );
    await job('send-email-outbox').run(t.db, now);
    expect(inbox.messages.map((m) => [m.subject, m.from?.text])).toEqual([
      ['Hello Ana', '"Damso Stream" <orders@damso.test>'],
    ]);
  });

  it('deletes expired rate-limit rows and keeps live ones', async () => {
    const now = new Date();
    await t.db
      .insertInto('rate_limits')
      .values([
        { key: 'old', points: 3, expire: now.getTime() - 1 },
        { key: 'live', points: 3, expire: now.getTime() + 60_000 },
      ])
      .execute();
    await job('delete-expired-rate-limits').run(t.db, now);
    expect((await t.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key)).toEqual(['live']);
  });
});
