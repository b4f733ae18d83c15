// The admin's customer page through createCaller on a real database: profile, the client's own orders
// only, subscriptions, recent messages, notes with their audit rows, who is refused, and sessions ended
// by the admin or by the client ("everywhere else" keeps the current one).
import { createSession, validateSessionToken } from '@damso/auth';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser, refusalOf } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';

const bed = orderTestBed({ admin: true, employee: true });

const auditFor = (userId: number, action: string) =>
  bed.db
    .selectFrom('audit_log')
    .select(['actor_id', 'after_json', 'ip'])
    .where('entity_type', '=', 'user')
    .where('entity_id', '=', String(userId))
    .where('action', '=', action)
    .orderBy('id')
    .execute();

const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';
const WINDOWS_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';

/** A caller whose request comes with the given session, as the server resolves a cookie. */
const withSession = (user: SessionUser, session: { id: string; expiresAt: Date }) =>
  callerFor(bed.db, user, { session: { ...session, user } });

describe('admin.customers', () => {
  it('shows the profile, only this client’s orders a page at a time, subscriptions and the latest messages', async () => {
    const client = await createTestUser(bed.db);
    const other = await createTestUser(bed.db);
    const offer = await bed.w.offer({ mode: 'automatic', duration: 30 });
    await bed.w.stock(offer.id, ['CODE-A', 'CODE-B']);
    const first = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
    await bed.w.toReview(first, client);
    await bed.w.claim(bed.admin, first);
    await bed.w.as(bed.admin).desk.approve({ number: first });
    const second = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
    const theirs = await bed.w.placeOrder(other, [{ offerId: offer.id }]);
    for (let i = 1; i <= 11; i += 1) {
      await bed.w.as(client).orders.sendMessage({ number: i % 2 ? first : second, body: `Question ${i}` });
    }
    await bed.w.as(other).orders.sendMessage({ number: theirs, body: 'Not theirs' });

    const page = await bed.w.as(bed.admin).admin.customers.get({ userId: client.id });
    expect(page.profile).toMatchObject({
      id: client.id,
      email: client.email,
      fullName: client.fullName,
      role: 'client',
      status: 'active',
      emailVerified: true,
    });
    expect(page.subscriptions).toEqual([expect.objectContaining({ title: offer.title, status: 'active' })]);
    expect(page.messages.map((m) => m.body)).toEqual(Array.from({ length: 10 }, (_, i) => `Question ${11 - i}`));
    expect(page.messages[0]).toMatchObject({ orderNumber: first, fromStaff: false });

    const orders = await bed.w.as(bed.admin).admin.customers.orders({ userId: client.id, pageSize: 1 });
    expect(orders.orders.map((o) => o.number)).toEqual([second]);
    expect(orders.total).toBe(2);
    expect(orders.orders[0]?.clientId).toBe(client.id);
    const next = await bed.w.as(bed.admin).admin.customers.orders({ userId: client.id, pageSize: 1, page: 2 });
    expect(next.orders.map((o) => o.number)).toEqual([first]);
  });

  it('adds notes, newest first, each audited; refuses an empty or too long note and an unknown user', async () => {
    const client = await createTestUser(bed.db);
    const staff = callerFor(bed.db, bed.admin);
    await staff.admin.customers.addNote({ userId: client.id, body: '  Called about a refund.  ' });
    await staff.admin.customers.addNote({ userId: client.id, body: 'Prefers email.' });
    const notes = await staff.admin.customers.notes({ userId: client.id });
    expect(notes.map((n) => [n.body, n.author])).toEqual([
      ['Prefers email.', bed.admin.fullName],
      ['Called about a refund.', bed.admin.fullName],
    ]);
    const audit = await auditFor(client.id, 'user.note_added');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actor_id: bed.admin.id, ip: '127.0.0.1' });
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({ body: 'Called about a refund.' });

    const tooLong = await refusalOf(staff.admin.customers.addNote({ userId: client.id, body: 'x'.repeat(2001) }));
    expect(tooLong?.fields).toEqual({ body: 'Keep the note under 2,000 characters' });
    const empty = await refusalOf(staff.admin.customers.addNote({ userId: client.id, body: '   ' }));
    expect(empty?.fields).toEqual({ body: 'Write the note first' });
    expect((await refusalOf(staff.admin.customers.addNote({ userId: 999_999_999, body: 'Hi' })))?.code).toBe(
      'NOT_FOUND',
    );
    expect(await staff.admin.customers.notes({ userId: client.id })).toHaveLength(2);
  });

  it('refuses clients and employees: they see no customer page, add no note, end no session', async () => {
    const client = await createTestUser(bed.db);
    const session = await createSession(bed.db, client.id, new Date());
    for (const who of [client, bed.employee]) {
      const caller = callerFor(bed.db, who);
      expect((await refusalOf(caller.admin.customers.get({ userId: client.id })))?.code).toBe('FORBIDDEN');
      expect((await refusalOf(caller.admin.customers.orders({ userId: client.id })))?.code).toBe('FORBIDDEN');
      expect((await refusalOf(caller.admin.customers.notes({ userId: client.id })))?.code).toBe('FORBIDDEN');
      expect((await refusalOf(caller.admin.customers.addNote({ userId: client.id, body: 'Hi' })))?.code).toBe(
        'FORBIDDEN',
      );
      expect((await refusalOf(caller.admin.customers.endSessions({ userId: client.id })))?.code).toBe('FORBIDDEN');
    }
    expect(await bed.db.selectFrom('user_notes').select('id').where('user_id', '=', client.id).execute()).toEqual([]);
    expect(await validateSessionToken(bed.db, session.token, new Date())).not.toBeNull();
  });

  it('lets the admin log a client out everywhere, audited', async () => {
    const client = await createTestUser(bed.db);
    const sessions = [
      await createSession(bed.db, client.id, new Date()),
      await createSession(bed.db, client.id, new Date()),
    ];
    expect((await callerFor(bed.db, bed.admin).admin.customers.get({ userId: client.id })).activeSessions).toBe(2);
    expect(await callerFor(bed.db, bed.admin).admin.customers.endSessions({ userId: client.id })).toEqual({ ended: 2 });
    for (const s of sessions) expect(await validateSessionToken(bed.db, s.token, new Date())).toBeNull();
    const [audit] = await auditFor(client.id, 'user.sessions_ended');
    expect(audit?.actor_id).toBe(bed.admin.id);
    expect(JSON.parse(audit?.after_json ?? '{}')).toEqual({ sessionsEnded: 2 });
  });
});

describe('account sessions', () => {
  it('lists the caller’s live sessions with their device, without their ids, marking this one', async () => {
    const client = await createTestUser(bed.db);
    const older = await createSession(bed.db, client.id, new Date(Date.now() - 60_000), {
      userAgent: ANDROID_CHROME,
      ip: '203.0.113.9',
    });
    const current = await createSession(bed.db, client.id, new Date());
    await createSession(bed.db, client.id, new Date(Date.now() - 2 * 86_400_000));
    const list = await withSession(client, current).account.sessions();
    expect(list).toEqual([
      { device: 'Unknown device', ip: null, createdAt: expect.any(Date), expiresAt: current.expiresAt, current: true },
      {
        device: 'Chrome on Android',
        ip: '203.0.113.9',
        createdAt: expect.any(Date),
        expiresAt: older.expiresAt,
        current: false,
      },
    ]);
    for (const s of [older, current]) {
      expect(JSON.stringify(list)).not.toContain(s.id.slice(0, 8));
      expect(JSON.stringify(list)).not.toContain(s.token.slice(0, 8));
    }
  });

  it('keeps the browser and network a session started from at sign-up', async () => {
    const req = { ip: '198.51.100.4', userAgent: WINDOWS_FIREFOX, requestId: 'test-device' };
    const { user } = await callerFor(bed.db, null, { req }).auth.signUp({
      fullName: 'Dev Ice',
      email: 'dev.ice@example.test',
      phoneCountry: 'US',
      phone: '(415) 555-0142',
      password: 'quiet-harbour-lantern-7',
    });
    const row = await bed.db
      .selectFrom('sessions')
      .select(['user_agent', 'ip'])
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ user_agent: WINDOWS_FIREFOX, ip: '198.51.100.4' });
  });

  it('“log out everywhere else” ends the other sessions but keeps the current one', async () => {
    const client = await createTestUser(bed.db);
    const stranger = await createTestUser(bed.db);
    const current = await createSession(bed.db, client.id, new Date());
    const phone = await createSession(bed.db, client.id, new Date());
    const laptop = await createSession(bed.db, client.id, new Date());
    const theirs = await createSession(bed.db, stranger.id, new Date());
    expect(await withSession(client, current).account.logOutOthers()).toEqual({ ended: 2 });
    const now = new Date();
    expect(await validateSessionToken(bed.db, current.token, now)).not.toBeNull();
    expect(await validateSessionToken(bed.db, phone.token, now)).toBeNull();
    expect(await validateSessionToken(bed.db, laptop.token, now)).toBeNull();
    expect(await validateSessionToken(bed.db, theirs.token, now)).not.toBeNull();
    expect(await withSession(client, current).account.sessions()).toEqual([expect.objectContaining({ current: true })]);
  });
});
