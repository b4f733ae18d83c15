// The audit log's filters and pages, and the email outbox's list and retry, on a real database.
// Both are lists over the whole table, so each test reads them in a database of its own.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { createMailTransport, sendDueEmails } from '@damso/email';
import { startTestSmtpServer } from '@damso/email/testing';
import { TRPCError } from '@trpc/server';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser } from '../../testing/index.ts';
import { recordAudit } from './audit.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function shop() {
  const t = await createTestDatabase();
  onTestFinished(() => t.drop());
  const admin = await createTestUser(t.db, { role: 'admin' });
  const other = await createTestUser(t.db, { role: 'admin' });
  return { t, admin, other };
}

async function code(p: Promise<unknown>) {
  try {
    await p;
    return null;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, message: error.message };
  }
}

/** Three entries on three days before now, oldest first. */
async function threeEntries(t: TestDatabase, admin: SessionUser, other: SessionUser, now: number) {
  const day = (n: number) => new Date(now - n * DAY);
  await recordAudit(t.db, {
    actorId: admin.id,
    action: 'offer.price',
    entityType: 'offer',
    entityId: 7,
    before: { priceCents: 999 },
    after: { priceCents: 799 },
    at: day(3),
  });
  await recordAudit(t.db, {
    actorId: other.id,
    action: 'user.role_changed',
    entityType: 'user',
    entityId: 42,
    before: { role: 'client' },
    after: { role: 'employee' },
    at: day(2),
  });
  await recordAudit(t.db, {
    actorId: null,
    action: 'order.cancelled',
    entityType: 'order',
    entityId: 'DS-000001',
    after: { status: 'cancelled' },
    at: day(1),
  });
  return day;
}

describe('admin.audit.list', () => {
  it('lists newest first with the actor, the entity and the states before and after', async () => {
    const { t, admin, other } = await shop();
    await threeEntries(t, admin, other, Date.now());
    const { entries, hasMore } = await callerFor(t.db, admin).admin.audit.list({});
    expect(hasMore).toBe(false);
    expect(entries.map((e) => [e.action, e.actorName, e.entityType, e.entityId])).toEqual([
      ['order.cancelled', null, 'order', 'DS-000001'],
      ['user.role_changed', other.fullName, 'user', '42'],
      ['offer.price', admin.fullName, 'offer', '7'],
    ]);
    expect(entries[2]).toMatchObject({ before: { priceCents: 999 }, after: { priceCents: 799 } });
    expect(entries[0]).toMatchObject({ before: null, after: { status: 'cancelled' } });
  });

  it('filters by entity, by actor email and by date range, and pages with hasMore', async () => {
    const { t, admin, other } = await shop();
    const day = await threeEntries(t, admin, other, Date.now());
    const list = callerFor(t.db, admin).admin.audit.list;
    expect((await list({ entityType: 'user' })).entries.map((e) => e.action)).toEqual(['user.role_changed']);
    expect((await list({ entityType: 'offer', entityId: '8' })).entries).toEqual([]);
    expect((await list({ actorEmail: admin.email.toUpperCase() })).entries.map((e) => e.action)).toEqual([
      'offer.price',
    ]);
    expect((await list({ actorEmail: 'nobody@example.test' })).entries).toEqual([]);
    const around = (at: Date) => ({ from: new Date(at.getTime() - 12 * HOUR), to: new Date(at.getTime() + 12 * HOUR) });
    const range = await list(around(day(2)));
    expect(range.entries.map((e) => e.action)).toEqual(['user.role_changed']);
    const page1 = await list({ pageSize: 2 });
    expect([page1.entries.length, page1.hasMore]).toEqual([2, true]);
    const page2 = await list({ pageSize: 2, page: 2 });
    expect([page2.entries.map((e) => e.action), page2.hasMore]).toEqual([['offer.price'], false]);
    expect(await code(list({ from: day(1), to: day(3) }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await callerFor(t.db, admin).admin.audit.entityTypes()).toEqual(
      expect.arrayContaining(['offer', 'order', 'user']),
    );
  });
});

async function email(t: TestDatabase, status: 'pending' | 'sent' | 'failed', subject: string, createdAt: Date) {
  const r = await t.db
    .insertInto('email_outbox')
    .values({
      to_address: 'someone@example.test',
      template: 'verify-email',
      subject,
      html: '<p>Your code is 123456</p>',
      text: 'Your code is 123456',
      status,
      attempts: status === 'failed' ? 8 : 1,
      last_error: status === 'failed' ? 'connect ECONNREFUSED 127.0.0.1:25' : null,
      next_attempt_at: createdAt,
      created_at: createdAt,
    })
    .executeTakeFirstOrThrow();
  return Number(r.insertId);
}

describe('admin.outbox', () => {
  it('lists by status, newest first, with counts and without bodies', async () => {
    const { t, admin } = await shop();
    const now = Date.now();
    await email(t, 'sent', 'Welcome', new Date(now - 3 * HOUR));
    const failedId = await email(t, 'failed', 'Verify your email', new Date(now - 2 * HOUR));
    await email(t, 'pending', 'Your order', new Date(now - HOUR));
    const outbox = callerFor(t.db, admin).admin.outbox;
    const all = await outbox.list({});
    expect(all.emails.map((e) => e.subject)).toEqual(['Your order', 'Verify your email', 'Welcome']);
    expect(all.counts).toEqual({ pending: 1, sending: 0, sent: 1, failed: 1 });
    expect(JSON.stringify(all)).not.toContain('123456');
    const failed = await outbox.list({ status: 'failed' });
    expect(failed.emails).toMatchObject([
      { id: failedId, attempts: 8, lastError: 'connect ECONNREFUSED 127.0.0.1:25', status: 'failed' },
    ]);
    expect(await code(outbox.list({ status: 'lost' as 'sent' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('retries a failed email now, audited; refuses sent, pending and unknown ones', async () => {
    const { t, admin } = await shop();
    const now = new Date();
    const failedId = await email(t, 'failed', 'Reset your password', new Date(now.getTime() - 2 * DAY));
    const sentId = await email(t, 'sent', 'Receipt', new Date(now.getTime() - DAY));
    const outbox = callerFor(t.db, admin, { clock: () => now }).admin.outbox;
    expect(await outbox.retry({ id: failedId })).toEqual({ id: failedId, status: 'pending' });
    const row = await t.db
      .selectFrom('email_outbox')
      .select(['status', 'attempts', 'next_attempt_at'])
      .where('id', '=', failedId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', attempts: 0, next_attempt_at: now });
    // The worker's next pass, on the same clock, against a real SMTP server, delivers it.
    const inbox = await startTestSmtpServer();
    try {
      const transport = createMailTransport({ url: inbox.url });
      await sendDueEmails(t.db, { transport, from: 'shop@example.test', now });
      expect(inbox.messages.map((m) => m.subject)).toContain('Reset your password');
    } finally {
      await inbox.close();
    }
    expect((await outbox.list({ status: 'failed' })).emails.map((e) => e.id)).not.toContain(failedId);
    expect(await code(outbox.retry({ id: failedId }))).toEqual({
      code: 'CONFLICT',
      message: 'This email was already sent.',
    });
    expect(await code(outbox.retry({ id: sentId }))).toEqual({
      code: 'CONFLICT',
      message: 'This email was already sent.',
    });
    const pendingId = await email(t, 'pending', 'Queued', new Date(now.getTime() - HOUR));
    expect(await code(outbox.retry({ id: pendingId }))).toEqual({
      code: 'CONFLICT',
      message: 'This email is already waiting to be sent.',
    });
    expect(await code(outbox.retry({ id: 99_999_999 }))).toMatchObject({ code: 'NOT_FOUND' });
    const audit = await callerFor(t.db, admin).admin.audit.list({ entityType: 'email', entityId: String(failedId) });
    expect(audit.entries).toMatchObject([
      {
        action: 'email.retry',
        actorId: admin.id,
        before: { status: 'failed', attempts: 8, lastError: 'connect ECONNREFUSED 127.0.0.1:25' },
        after: { status: 'pending', attempts: 0 },
        createdAt: now,
      },
    ]);
  });
});
