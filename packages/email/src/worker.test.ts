// The outbox worker against a real SMTP server: delivery with a stable Message-ID, secrets blanked
// once sent, three days of retries on the injected clock, the daily cap and the pruning of sent rows.
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, RETRY_FOR_MS, retryDelayMs } from './claim.ts';
import { enqueueEmail } from './outbox.ts';
import { passwordResetMessage, verifyEmailMessage } from './templates/account.ts';
import { outboxTestBed } from './testing.ts';
import { drainOutbox, type OutboxLog, pruneSentEmails, sendDueEmails } from './worker.ts';

const DAY = 86_400_000;
const bed = outboxTestBed();
const { pooled } = bed;
const from = '"Damso Stream" <no-reply@damso.test>';
const message = (to: string) =>
  verifyEmailMessage({
    storeName: 'Damso Stream',
    to,
    fullName: 'Mia',
    code: '042917',
    link: 'http://localhost:3000/verify-email?token=abc123def',
    changing: false,
  });
const rows = () => bed.t.db.selectFrom('email_outbox').selectAll().orderBy('id').execute();
const recipients = () => bed.inbox.messages.map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort();

/** A logger that keeps what it is told, to check that each failure names its row. */
function collectingLog() {
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const at = (level: string) => (obj: object, msg: string) => lines.push({ level, obj: obj as never, msg });
  const log: OutboxLog = { info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

describe('outbox worker', () => {
  it('delivers an email with its parts and a Message-ID of its own, then blanks its code and link', async () => {
    const now = new Date();
    await enqueueEmail(bed.t.db, message('mia@example.test'), now);
    const result = await drainOutbox(bed.t.db, { transport: pooled(), from, clock: () => now });
    expect(result).toEqual({ sent: 1, retried: 0, failed: 0, capped: false });
    const [mail] = bed.inbox.messages;
    expect(mail?.subject).toBe('042917 is your Damso Stream confirmation code');
    expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe('mia@example.test');
    expect(mail?.text).toContain('Your code is 042917');
    expect(mail?.html).toContain('href="http://localhost:3000/verify-email?token=abc123def"');
    const [row] = await rows();
    expect(mail?.messageId).toBe(`<${row?.message_id}@damso.test>`);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, sent_at: now, next_attempt_at: null, secrets: null });
    // What stays in the table can no longer verify an account.
    expect(row?.subject).toBe('[redacted] is your Damso Stream confirmation code');
    for (const part of [row?.subject, row?.html, row?.text]) {
      expect(part).not.toContain('042917');
      expect(part).not.toContain('abc123def');
    }
    expect(row?.text).toContain('Your code is [redacted].');
    // Nothing is sent twice.
    expect(await drainOutbox(bed.t.db, { transport: pooled(), from, clock: () => now })).toMatchObject({ sent: 0 });
    expect(bed.inbox.messages).toHaveLength(1);
  });

  it('blanks a reset link once sent, and leaves emails without secrets as they were', async () => {
    const now = new Date();
    const link = 'http://localhost:3000/reset-password?token=r3s3t-t0k3n&x=1';
    await enqueueEmail(
      bed.t.db,
      passwordResetMessage({ storeName: 'Damso Stream', to: 'r@example.test', fullName: 'R', link }),
      now,
    );
    const plain = {
      to: 'p@example.test',
      template: 'test',
      subject: 'Hello',
      html: '<p>Hi 042917</p>',
      text: 'Hi 042917',
    };
    await enqueueEmail(bed.t.db, plain, now);
    await sendDueEmails(bed.t.db, { transport: pooled(), from, now });
    expect(bed.inbox.messages.find((m) => m.subject === 'Reset your Damso Stream password')?.text).toContain(link);
    const [reset, other] = await rows();
    expect(`${reset?.html}${reset?.text}`).not.toContain('r3s3t-t0k3n');
    expect(reset?.text).toContain('Choose a new password: [redacted]');
    expect(other).toMatchObject({ status: 'sent', subject: 'Hello', text: 'Hi 042917' });
  });

  it('sends an email due by the clock that queued it, whatever the database’s clock says', async () => {
    // A clock a year behind the real time: a row left to the database's clock would not be due on it yet.
    const now = new Date(Date.now() - 365 * DAY);
    await enqueueEmail(bed.t.db, message('skew@example.test'), now);
    expect(await sendDueEmails(bed.t.db, { transport: pooled(), from, now })).toMatchObject({ sent: 1 });
    expect(recipients()).toEqual(['skew@example.test']);
  });

  it('retries a refused email with a growing, capped delay for three days, then fails it and says so', async () => {
    const start = Date.now();
    let now = start;
    await enqueueEmail(bed.t.db, message('later@example.test'), new Date(now));
    const [{ id } = { id: 0 }] = await rows();
    bed.inbox.refuse(true);
    const { log, lines } = collectingLog();
    const failed: Array<{ id: number; subject: string; lastError: string }> = [];
    const options = {
      transport: pooled(),
      from,
      log,
      onFailed: async (_trx: unknown, email: { id: number; subject: string; lastError: string }) => {
        failed.push(email);
      },
    };
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      const at = new Date(now);
      expect(await drainOutbox(bed.t.db, { ...options, clock: () => at })).toMatchObject({
        sent: 0,
        retried: 1,
        failed: 0,
      });
      const [row] = await rows();
      expect(row).toMatchObject({ status: 'pending', attempts: attempt, lease_owner: null });
      expect(row?.next_attempt_at?.getTime()).toBe(now + retryDelayMs(attempt));
      expect(row?.last_error).toMatch(/Mailbox unavailable/);
      // Not yet due: nothing happens before the delay is over.
      const early = new Date(now + retryDelayMs(attempt) - 1);
      expect(await drainOutbox(bed.t.db, { ...options, clock: () => early })).toMatchObject({ retried: 0, failed: 0 });
      now += retryDelayMs(attempt);
    }
    expect([retryDelayMs(1), retryDelayMs(2), retryDelayMs(7), retryDelayMs(8), retryDelayMs(50)]).toEqual([
      30_000, 60_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
    // Still retrying just under three days in; the last attempt comes after three days.
    expect(now - start).toBeGreaterThanOrEqual(RETRY_FOR_MS);
    expect(now - start - retryDelayMs(MAX_ATTEMPTS - 1)).toBeLessThan(RETRY_FOR_MS);
    const last = new Date(now);
    expect(await drainOutbox(bed.t.db, { ...options, clock: () => last })).toMatchObject({ retried: 0, failed: 1 });
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, next_attempt_at: null });
    expect(failed).toEqual([
      {
        id,
        to: 'later@example.test',
        template: 'verify-email',
        subject: '[redacted] is your Damso Stream confirmation code',
        lastError: expect.stringMatching(/Mailbox unavailable/),
      },
    ]);
    // Every failed attempt was logged with the row's id; the final one as an error.
    expect(lines.filter((l) => l.obj.emailId === id)).toHaveLength(MAX_ATTEMPTS);
    expect(lines.filter((l) => l.level === 'error').map((l) => l.obj.emailId)).toEqual([id]);
    // A failed email is not retried any more.
    expect(await drainOutbox(bed.t.db, { ...options, clock: () => new Date(now + DAY) })).toMatchObject({ failed: 0 });
  });

  it('delivers once the server is back', async () => {
    const now = Date.now();
    await enqueueEmail(bed.t.db, message('back@example.test'), new Date(now));
    bed.inbox.refuse(true);
    await sendDueEmails(bed.t.db, { transport: pooled(), from, now: new Date(now) });
    bed.inbox.refuse(false);
    await sendDueEmails(bed.t.db, { transport: pooled(), from, now: new Date(now + retryDelayMs(1)) });
    expect(bed.inbox.messages.map((m) => m.subject)).toEqual(['042917 is your Damso Stream confirmation code']);
  });

  it('sends no more than the daily cap in 24 hours, across workers, and the rest the next day', async () => {
    const now = Date.now();
    // Sent 23 hours ago: counts against today's cap. Sent 25 hours ago: no longer.
    for (const hoursAgo of [23, 25]) {
      await bed.t.db
        .insertInto('email_outbox')
        .values({
          to_address: `old${hoursAgo}@example.test`,
          template: 'test',
          subject: 'Earlier',
          html: '',
          text: '',
          status: 'sent',
          sent_at: new Date(now - hoursAgo * 3_600_000),
          created_at: new Date(now - hoursAgo * 3_600_000),
        })
        .execute();
    }
    for (let i = 0; i < 20; i += 1) await enqueueEmail(bed.t.db, message(`cap${i}@example.test`), new Date(now));
    const drain = (at: number) =>
      drainOutbox(bed.t.db, { transport: pooled(), from, clock: () => new Date(at), dailyCap: 8, batchSize: 3 });
    const today = await Promise.all([drain(now), drain(now), drain(now)]);
    expect(today.reduce((n, r) => n + r.sent, 0)).toBe(7);
    expect(today.some((r) => r.capped)).toBe(true);
    expect(bed.inbox.messages).toHaveLength(7);
    const waiting = (await rows()).filter((r) => r.status === 'pending');
    expect(waiting).toHaveLength(13);
    // An hour later the email sent 23 hours ago has left the window: one more goes out.
    expect((await drain(now + 3_600_001)).sent).toBe(1);
    expect((await drain(now + DAY + 3_600_001)).sent).toBe(8);
    expect(new Set(recipients()).size).toBe(16);
  });

  it('prunes sent emails past the retention and keeps the rest', async () => {
    const now = Date.now();
    const row = (subject: string, status: 'sent' | 'failed' | 'pending', daysAgo: number) => ({
      to_address: 'old@example.test',
      template: 'test',
      subject,
      html: '',
      text: '',
      status,
      sent_at: status === 'sent' ? new Date(now - daysAgo * DAY) : null,
      next_attempt_at: status === 'pending' ? new Date(now) : null,
      created_at: new Date(now - daysAgo * DAY),
    });
    await bed.t.db
      .insertInto('email_outbox')
      .values([
        row('sent long ago', 'sent', 31),
        row('sent recently', 'sent', 29),
        row('failed long ago', 'failed', 40),
        row('waiting long', 'pending', 40),
      ])
      .execute();
    expect(await pruneSentEmails(bed.t.db, { now: new Date(now), retentionDays: 30 })).toBe(1);
    expect((await rows()).map((r) => r.subject)).toEqual(['sent recently', 'failed long ago', 'waiting long']);
  });
});
