// The reminder job against a real database with an injected clock: each reminder once, at the
// configured days, stored transitions, renewals restarting the reminders, and the admin's setting.
// The job scans every subscription, so each test keeps to its own stretch of the injected calendar,
// weeks from the others': one test's runs never reach another's subscriptions. The job reads no other
// clock (the outbox rows it writes are due at its `now`), so these fixed dates never meet the real time.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { createMailTransport, sendDueEmails } from '@damso/email';
import { startTestSmtpServer } from '@damso/email/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser, testConfig } from '../../testing/index.ts';
import { runSubscriptionReminders } from './reminders.ts';

const DAY = 86_400_000;
const config = testConfig();
let t: TestDatabase;
let admin: SessionUser;
let offerId: number;
beforeAll(async () => {
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { role: 'admin' });
  const c = await t.db.insertInto('categories').values({ slug: 'rem', name: 'Reminders' }).executeTakeFirstOrThrow();
  const o = await t.db
    .insertInto('offers')
    .values({
      slug: 'rem-plan',
      title: 'Premium monthly',
      service_name: 'Streamly',
      category_id: Number(c.insertId),
      description: 'A plan.',
      duration_days: 30,
      price_cents: 500,
      delivery_mode: 'manual',
    })
    .executeTakeFirstOrThrow();
  offerId = Number(o.insertId);
});
afterAll(() => t.drop());

async function subscription(endsAt: Date, status: 'active' | 'cancelled' = 'active') {
  const user = await createTestUser(t.db);
  const r = await t.db
    .insertInto('subscriptions')
    .values({
      user_id: user.id,
      offer_id: offerId,
      starts_at: new Date(endsAt.getTime() - 30 * DAY),
      ends_at: endsAt,
      status,
    })
    .executeTakeFirstOrThrow();
  return { user, id: Number(r.insertId) };
}

const run = (now: Date) => runSubscriptionReminders(t.db, { config, now });
const mailTo = (email: string) =>
  t.db.selectFrom('email_outbox').select(['subject', 'text']).where('to_address', '=', email).orderBy('id').execute();
const storedStatus = async (id: number) =>
  (await t.db.selectFrom('subscriptions').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('subscription reminders', () => {
  it('emails 7, 3 and 1 days before the end and on expiry, each once, and stores the transitions', async () => {
    const end = new Date('2026-09-30T12:00:00Z');
    const { user, id } = await subscription(end);
    const before = (days: number) => new Date(end.getTime() - days * DAY);
    await run(before(7.5));
    expect(await mailTo(user.email)).toEqual([]);
    await run(before(7));
    await run(before(6));
    expect(await storedStatus(id)).toBe('active');
    await run(before(3));
    expect(await storedStatus(id)).toBe('expiring');
    await run(before(2.5));
    await run(before(1));
    await run(before(0.5));
    await run(new Date(end.getTime() + 60_000));
    await run(new Date(end.getTime() + DAY));
    expect(await storedStatus(id)).toBe('expired');
    const mail = await mailTo(user.email);
    expect(mail.map((m) => m.subject)).toEqual([
      'Your Streamly subscription ends in 7 days',
      'Your Streamly subscription ends in 3 days',
      'Your Streamly subscription ends in 1 day',
      'Your Streamly subscription has ended',
    ]);
    expect(mail[0]?.text).toContain('Premium monthly');
    expect(mail[0]?.text).toContain(`${config.publicUrl}/subscriptions`);
  });

  it('the reminder reaches the client’s mailbox over SMTP with a link to renew', async () => {
    const inbox = await startTestSmtpServer();
    try {
      const end = new Date('2026-09-15T12:00:00Z');
      const { user } = await subscription(end);
      const now = new Date(end.getTime() - 3 * DAY);
      await run(now);
      const transport = createMailTransport({ url: inbox.url });
      // The worker on the job's clock: the email is due at the time the job wrote it.
      await sendDueEmails(t.db, { transport, from: 'shop@example.test', now });
      const mail = inbox.messages.filter((m) => m.to && 'text' in m.to && m.to.text === user.email);
      expect(mail.map((m) => m.subject)).toEqual(['Your Streamly subscription ends in 3 days']);
      expect(mail[0]?.text).toContain('Your Streamly subscription (Premium monthly) ends in 3 days');
      expect(mail[0]?.html).toContain(`href="${config.publicUrl}/subscriptions"`);
    } finally {
      await inbox.close();
    }
  });

  it('sends only the nearest reminder to a subscription first seen late, none to a cancelled one', async () => {
    const now = new Date('2026-10-10T00:00:00Z');
    const late = await subscription(new Date(now.getTime() + 2 * DAY));
    const cancelled = await subscription(new Date(now.getTime() + 2 * DAY), 'cancelled');
    const stale = await subscription(new Date(now.getTime() - 40 * DAY));
    await run(now);
    expect((await mailTo(late.user.email)).map((m) => m.subject)).toEqual([
      'Your Streamly subscription ends in 2 days',
    ]);
    expect(await mailTo(cancelled.user.email)).toEqual([]);
    expect(await storedStatus(cancelled.id)).toBe('cancelled');
    // Ended long before the job saw it: the status is stored but no stale expiry email goes out.
    expect(await mailTo(stale.user.email)).toEqual([]);
    expect(await storedStatus(stale.id)).toBe('expired');
  });

  it('a renewal moves the end, so the reminders start again for the new end', async () => {
    const end = new Date('2026-11-20T00:00:00Z');
    const { user, id } = await subscription(end);
    await run(new Date(end.getTime() - 1 * DAY));
    const newEnd = new Date(end.getTime() + 30 * DAY);
    await t.db.updateTable('subscriptions').set({ ends_at: newEnd, status: 'active' }).where('id', '=', id).execute();
    await run(new Date(end.getTime() - 0.5 * DAY));
    await run(new Date(newEnd.getTime() - 7 * DAY));
    expect((await mailTo(user.email)).map((m) => m.subject)).toEqual([
      'Your Streamly subscription ends in 1 day',
      'Your Streamly subscription ends in 7 days',
    ]);
  });

  it('uses the days the admin sets, and refuses a bad list with a field message', async () => {
    // Saved with the other shop settings on the settings page (services/admin/shop-settings.ts).
    const settings = callerFor(t.db, admin).admin.settings;
    const shop = await settings.shop();
    expect(shop.reminderDays).toBe('7,3,1');
    const save = (reminderDays: string) =>
      settings.saveShop({ ...shop, phoneCountry: shop.phoneCountry ?? 'US', reminderDays });
    for (const bad of ['7,x', '0', '7,,3', '400', '']) {
      const error = await save(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      const issues = ((error as TRPCError).cause as { issues?: Array<{ path: PropertyKey[]; message: string }> })
        .issues;
      expect({ bad, code: (error as TRPCError).code, field: issues?.[0]?.path.join('.') }).toEqual({
        bad,
        code: 'BAD_REQUEST',
        field: 'reminderDays',
      });
      expect(issues?.[0]?.message).toMatch(/numbers? of days/);
    }
    expect(await save(' 2, 14,2 ')).toEqual({ changed: ['subscription_reminder_days'] });
    expect((await settings.shop()).reminderDays).toBe('14,2');

    const end = new Date('2027-01-31T00:00:00Z');
    const { user } = await subscription(end);
    for (const d of [14, 7, 3, 2, 1]) await run(new Date(end.getTime() - d * DAY));
    expect((await mailTo(user.email)).map((m) => m.subject)).toEqual([
      'Your Streamly subscription ends in 14 days',
      'Your Streamly subscription ends in 2 days',
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor_id', 'after_json'])
      .where('action', '=', 'settings.shop')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(admin.id);
    // A row mangled by hand falls back to the default instead of stopping the reminders.
    await t.db
      .updateTable('settings')
      .set({ value: 'soon' })
      .where('name', '=', 'subscription_reminder_days')
      .execute();
    expect((await settings.shop()).reminderDays).toBe('7,3,1');
  });
});
