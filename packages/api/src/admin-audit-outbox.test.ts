// The audit log's filters and pages, and the email outbox's list and retry, on a real database.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { createMailTransport, sendDueEmails } from '@damso/email';
import { startTestSmtpServer } from '@damso/email/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from './context.ts';
import { recordAudit } from './services/audit.ts';
import { callerFor, createTestUser } from './testing.ts';

let t: TestDatabase;
let admin: SessionUser;
let other: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { role: 'admin' });
  other = await createTestUser(t.db, { role: 'admin' });
});
afterAll(() => t.drop());

async function code(p: Promise<unknown>) {
  try {
    await p;
    return null;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, message: error.message };
  }
}

async function auditAt(at: string, entry: Parameters<typeof recordAudit>[1]) {
  await recordAudit(t.db, entry);
  const last = await t.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  await t.db
    .updateTable('audit_log')
    .set({ created_at: new Date(at) })
    .where('id', '=', last.id)
    .execute();
}

describe('admin.audit.list', () => {
  beforeAll(async () => {
    await auditAt('2026-11-01T10:00:00Z', {
      actorId: admin.id,
      action: 'offer.price',
      entityType: 'offer',
      entityId: 7,
      before: { priceCents: 999 },
      after: { priceCents: 799 },
    });
    await auditAt('2026-11-02T10:00:00Z', {
      actorId: other.id,
      action: 'user.role_changed',
      entityType: 'user',
      entityId: 42,
      before: { role: 'client' },
      after: { role: 'employee' },
    });
    await auditAt('2026-11-03T10:00:00Z', {
      actorId: null,
      action: 'order.cancelled',
      entityType: 'order',
      entityId: 'DS-000001',
      after: { status: 'cancelled' },
    });
  });

  it('lists newest first with the actor, the entity and the states before and after', async () => {
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
    const list = callerFor(t.db, admin).admin.audit.list;
    expect((await list({ entityType: 'user' })).entries.map((e) => e.action)).toEqual(['user.role_changed']);
    expect((await list({ entityType: 'offer', entityId: '8' })).entries).toEqual([]);
    expect((await list({ actorEmail: admin.email.toUpperCase() })).entries.map((e) => e.action)).toEqual([
      'offer.price',
    ]);
    expect((await list({ actorEmail: 'nobody@example.test' })).entries).toEqual([]);
    const range = await list({ from: new Date('2026-11-02T00:00:00Z'), to: new Date('2026-11-02T23:59:59Z') });
    expect(range.entries.map((e) => e.action)).toEqual(['user.role_changed']);
    const page1 = await list({ pageSize: 2 });
    expect([page1.entries.length, page1.hasMore]).toEqual([2, true]);
    const page2 = await list({ pageSize: 2, page: 2 });
    expect([page2.entries.map((e) => e.action), page2.hasMore]).toEqual([['offer.price'], false]);
    expect(await code(list({ from: new Date('2026-11-03'), to: new Date('2026-11-01') }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await callerFor(t.db, admin).admin.audit.entityTypes()).toEqual(
      expect.arrayContaining(['offer', 'order', 'user']),
    );
  });
});

async function email(status: 'pending' | 'sent' | 'failed', subject: string, createdAt: string) {
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
      next_attempt_at: new Date('2026-11-01T00:00:00Z'),
      created_at: new Date(createdAt),
    })
    .executeTakeFirstOrThrow();
  return Number(r.insertId);
}

describe('admin.outbox', () => {
  it('lists by status, newest first, with counts and without bodies', async () => {
    await email('sent', 'Welcome', '2026-11-01T09:00:00Z');
    const failedId = await email('failed', 'Verify your email', '2026-11-01T10:00:00Z');
    await email('pending', 'Your order', '2026-11-01T11:00:00Z');
    const outbox = callerFor(t.db, admin).admin.outbox;
    const all = await outbox.list({});
    expect(all.emails.map((e) => e.subject)).toEqual(['Your order', 'Verify your email', 'Welcome']);
    expect(all.counts).toEqual({ pending: 1, sent: 1, failed: 1 });
    expect(JSON.stringify(all)).not.toContain('123456');
    const failed = await outbox.list({ status: 'failed' });
    expect(failed.emails).toMatchObject([
      { id: failedId, attempts: 8, lastError: 'connect ECONNREFUSED 127.0.0.1:25', status: 'failed' },
    ]);
    expect(await code(outbox.list({ status: 'lost' as 'sent' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('retries a failed email now, audited; refuses sent, pending and unknown ones', async () => {
    const failedId = await email('failed', 'Reset your password', '2026-11-02T10:00:00Z');
    const sentId = await email('sent', 'Receipt', '2026-11-02T11:00:00Z');
    const now = new Date('2026-11-27T08:00:00Z');
    const outbox = callerFor(t.db, admin, { clock: () => now }).admin.outbox;
    expect(await outbox.retry({ id: failedId })).toEqual({ id: failedId, status: 'pending' });
    const row = await t.db
      .selectFrom('email_outbox')
      .select(['status', 'attempts', 'next_attempt_at'])
      .where('id', '=', failedId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', attempts: 0, next_attempt_at: now });
    // The worker's next pass, against a real SMTP server, delivers it.
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
    const pendingId = await email('pending', 'Queued', '2026-11-02T12:00:00Z');
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
      },
    ]);
  });
});
