// Comments and ratings for each kind of user, and what other people see afterwards. Every test posts
// on offers of its own, as people of its own; the moderation queues list every offer's comments, so
// the tests that read them run in a database of their own.
import { type Database, orderClient } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { COMMENT_RATE } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AppContext, SessionUser } from '../../context.ts';
import { movableClock } from '../../testing/accounts.ts';
import { callerFor, createTestUser } from '../../testing/index.ts';
import { orderWorld } from '../../testing/orders.ts';

const DAY = 86_400_000;
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

async function ownDatabase(): Promise<Database> {
  const own = await createTestDatabase();
  onTestFinished(() => own.drop());
  return own.db;
}

async function order(db: Database, user: SessionUser, offer: number, status: 'delivered' | 'paid') {
  const o = await db
    .insertInto('orders')
    .values({
      user_id: user.id,
      ...(await orderClient(db, user.id)),
      status,
      subtotal_cents: 100,
      total_cents: 100,
      idempotency_key: `k-${Math.random()}`,
    })
    .executeTakeFirstOrThrow();
  await db
    .insertInto('order_items')
    .values({
      order_id: Number(o.insertId),
      offer_id: offer,
      title: 'x',
      service_name: 'x',
      unit_price_cents: 100,
      quantity: 1,
      delivery_mode: 'manual',
    })
    .execute();
}

/**
 * Two offers and the people around them: a buyer whose order of the first offer was delivered, a
 * browser whose order of it is only paid, an unverified user, an employee and an admin.
 */
async function scene(db: Database = t.db) {
  const w = orderWorld(db);
  const offerId = (await w.offer()).id;
  const otherOfferId = (await w.offer()).id;
  const [buyer, browser, unverified, employee, admin] = [
    await createTestUser(db),
    await createTestUser(db),
    await createTestUser(db, { verified: false }),
    await createTestUser(db, { role: 'employee' }),
    await createTestUser(db, { role: 'admin' }),
  ];
  await order(db, buyer, offerId, 'delivered');
  await order(db, browser, offerId, 'paid');
  const as = (user: SessionUser | null, overrides: Partial<AppContext> = {}) => callerFor(db, user, overrides);
  const rating = async (id: number) => {
    const o = await db.selectFrom('offers').select(['slug']).where('id', '=', id).executeTakeFirstOrThrow();
    const page = await as(null).catalog.offer({ slug: o.slug });
    return { average: page.ratingAverage, count: page.ratingCount };
  };
  return { db, offerId, otherOfferId, buyer, browser, unverified, employee, admin, as, rating };
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? `${error.code}: ${error.message}` : 'NOT_A_TRPC_ERROR';
  }
}

describe('who may comment and rate', () => {
  it('refuses visitors and unverified users', async () => {
    const { as, offerId, unverified } = await scene();
    expect(await codeOf(as(null).comments.create({ offerId, body: 'Hello there', rating: null }))).toBe(
      'UNAUTHORIZED: Please log in first.',
    );
    expect(await codeOf(as(unverified).comments.create({ offerId, body: 'Hello there', rating: null }))).toBe(
      'FORBIDDEN: Please verify your email address first.',
    );
    const list = await as(unverified).comments.list({ offerId });
    expect(list.viewer.canComment).toBe(false);
  });

  it('lets a verified client comment without a rating, but not rate without a delivered order', async () => {
    const { as, offerId, browser, rating } = await scene();
    await as(browser).comments.create({ offerId, body: 'Does it work on smart TVs?', rating: null });
    expect(await codeOf(as(browser).comments.create({ offerId, body: 'Five stars!', rating: 5 }))).toBe(
      'FORBIDDEN: Only clients who received this offer can rate it.',
    );
    const list = await as(browser).comments.list({ offerId });
    expect(list.viewer).toMatchObject({ canComment: true, canRate: false });
    expect(list.items[0]).toMatchObject({
      body: 'Does it work on smart TVs?',
      verifiedPurchase: false,
      mine: true,
      rating: null,
    });
    expect(await rating(offerId)).toEqual({ average: null, count: 0 });
  });

  it('lets a client with a delivered order rate once, with a verified purchase badge', async () => {
    const { as, offerId, otherOfferId, buyer, rating } = await scene();
    expect((await as(buyer).comments.list({ offerId })).viewer.canRate).toBe(true);
    await as(buyer).comments.create({ offerId, body: 'Crisp picture, instant delivery.', rating: 4 });
    const first = (await as(null).comments.list({ offerId })).items[0];
    expect(first).toMatchObject({
      body: 'Crisp picture, instant delivery.',
      rating: 4,
      verifiedPurchase: true,
      mine: false,
      hidden: false,
    });
    // First name and the initial of the last: the full name is not published.
    expect(first?.author).toBe(`Test ${buyer.fullName.split(' ').at(-1)?.[0]}.`);
    expect(JSON.stringify(first)).not.toContain(buyer.email);
    expect(await rating(offerId)).toEqual({ average: 4, count: 1 });
    expect(await codeOf(as(buyer).comments.create({ offerId, body: 'Again!', rating: 5 }))).toBe(
      'CONFLICT: You already rated this offer. Edit that comment to change your rating.',
    );
    expect(
      await codeOf(as(buyer).comments.create({ offerId: otherOfferId, body: 'Never bought it', rating: 3 })),
    ).toMatch(/^FORBIDDEN/);
  });

  it('checks body length and rating range field by field', async () => {
    const { as, offerId, buyer } = await scene();
    for (const [input, field, message] of [
      [{ body: 'x', rating: null }, 'body', 'Write at least 2 characters'],
      [{ body: 'y'.repeat(2001), rating: null }, 'body', 'Comments are at most 2000 characters'],
      [{ body: 'Fine text', rating: 6 }, 'rating', 'Ratings go from 1 to 5'],
    ] as const) {
      try {
        await as(buyer).comments.create({ offerId, ...input });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(TRPCError);
        const issues = ((error as TRPCError).cause as unknown as { issues: Array<{ path: string[]; message: string }> })
          .issues;
        expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([[field, message]]);
      }
    }
  });

  it('keeps comment text as plain text, markup included', async () => {
    const { as, otherOfferId, browser } = await scene();
    const body = '<img src=x onerror=alert(1)> see https://example.com';
    await as(browser).comments.create({ offerId: otherOfferId, body, rating: null });
    expect((await as(null).comments.list({ offerId: otherOfferId })).items[0]?.body).toBe(body);
  });

  it('refuses comments on an inactive offer', async () => {
    const { db, as, otherOfferId, browser } = await scene();
    await db.updateTable('offers').set({ is_active: 0 }).where('id', '=', otherOfferId).execute();
    expect(
      await codeOf(as(browser).comments.create({ offerId: otherOfferId, body: 'Still there?', rating: null })),
    ).toBe('NOT_FOUND: This offer is not available.');
  });

  it('rate-limits a flood of comments from one account, by the app’s clock', async () => {
    const { db, as, otherOfferId } = await scene();
    const spammer = await createTestUser(db);
    // The app's clock runs far ahead of the database's (as under faketime): the limit must count anyway.
    const clock = movableClock(new Date(Date.now() + 400 * DAY));
    const post = (body: string) =>
      as(spammer, { clock: clock.now }).comments.create({ offerId: otherOfferId, body, rating: null });
    for (let i = 0; i < COMMENT_RATE.max; i += 1) await post(`Message ${i}`);
    expect(await codeOf(post('One more'))).toMatch(/^TOO_MANY_REQUESTS/);
    clock.advance(COMMENT_RATE.windowMs);
    expect(await codeOf(post('Later, calmer'))).toBeNull();
  });
});

describe('editing, replies and moderation', () => {
  it('lets authors edit and delete only their own comments, updating the average', async () => {
    const { as, offerId, buyer, browser, rating } = await scene();
    const { id } = await as(buyer).comments.create({ offerId, body: 'Crisp picture, instant delivery.', rating: 4 });
    expect(await codeOf(as(browser).comments.update({ id, body: 'Hacked', rating: 1 }))).toBe(
      'FORBIDDEN: You can only change your own comments.',
    );
    expect(await codeOf(as(browser).comments.delete({ id }))).toMatch(/^FORBIDDEN/);
    await as(buyer).comments.update({ id, body: 'Crisp picture. Edited: still great.', rating: 2 });
    expect(await rating(offerId)).toEqual({ average: 2, count: 1 });
    const edited = (await as(null).comments.list({ offerId })).items.find((c) => c.id === id);
    expect(edited).toMatchObject({ body: 'Crisp picture. Edited: still great.', rating: 2, edited: true });
  });

  it('lets staff reply, marked as staff, and refuses clients', async () => {
    const { as, offerId, browser, employee } = await scene();
    const question = await as(browser).comments.create({ offerId, body: 'Does it work on smart TVs?', rating: null });
    expect(await codeOf(as(browser).comments.reply({ parentId: question.id, body: 'I am staff' }))).toBe(
      'FORBIDDEN: Only staff can do this.',
    );
    await as(employee).comments.reply({ parentId: question.id, body: 'Yes, on every smart TV with the app.' });
    const thread = (await as(null).comments.list({ offerId })).items.find((c) => c.id === question.id);
    expect(thread?.replies.map((r) => [r.body, r.isStaff])).toEqual([['Yes, on every smart TV with the app.', true]]);
  });

  it('hides a comment from clients, shows it to staff with a marker, and drops its rating from the average', async () => {
    const { db, as, offerId, buyer, browser, employee, admin, rating } = await scene(await ownDatabase());
    const rated = await as(buyer).comments.create({ offerId, body: 'Crisp picture, instant delivery.', rating: 4 });
    expect(await codeOf(as(employee).admin.comments.setHidden({ id: rated.id, hidden: true }))).toMatch(/^FORBIDDEN/);
    await as(admin).admin.comments.setHidden({ id: rated.id, hidden: true });
    for (const viewer of [null, browser, buyer]) {
      const ids = (await as(viewer).comments.list({ offerId })).items.map((c) => c.id);
      expect(ids).not.toContain(rated.id);
    }
    const staffView = (await as(employee).comments.list({ offerId })).items.find((c) => c.id === rated.id);
    expect(staffView?.hidden).toBe(true);
    expect(await rating(offerId)).toEqual({ average: null, count: 0 });
    const queue = await as(admin).admin.comments.queue({ tab: 'hidden' });
    expect(queue.items.map((c) => c.id)).toEqual([rated.id]);
    await as(admin).admin.comments.setHidden({ id: rated.id, hidden: false });
    expect(await rating(offerId)).toEqual({ average: 4, count: 1 });
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'comment')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['comment.hide', 'comment.unhide']);
  });

  it('lists reported comments for moderation and lets an admin delete any comment', async () => {
    const { as, offerId, buyer, browser, admin } = await scene(await ownDatabase());
    const target = await as(browser).comments.create({ offerId, body: 'Does it work on smart TVs?', rating: null });
    expect(await codeOf(as(browser).comments.report({ id: target.id }))).toBe(
      'BAD_REQUEST: You cannot report your own comment.',
    );
    await as(buyer).comments.report({ id: target.id });
    await as(buyer).comments.report({ id: target.id });
    // A report changes the row but not the words: readers must not see it as edited.
    expect((await as(null).comments.list({ offerId })).items.find((c) => c.id === target.id)?.edited).toBe(false);
    const reported = await as(admin).admin.comments.queue({ tab: 'reported' });
    expect(reported.items.map((c) => [c.id, c.reportCount])).toEqual([[target.id, 1]]);
    await as(admin).admin.comments.delete({ id: target.id });
    expect((await as(null).comments.list({ offerId })).items.map((c) => c.id)).not.toContain(target.id);
    const newest = await as(admin).admin.comments.queue({ tab: 'newest' });
    expect(newest.items.some((c) => c.id === target.id)).toBe(false);
  });
});

describe('characters as people count them', () => {
  it('refuses a one-emoji comment with the field message instead of a database error', async () => {
    const { as, otherOfferId, buyer } = await scene();
    try {
      await as(buyer).comments.create({ offerId: otherOfferId, body: '👍', rating: null });
      expect.unreachable();
    } catch (error) {
      expect((error as TRPCError).code).toBe('BAD_REQUEST');
      expect(((error as TRPCError).cause as unknown as { issues: Array<{ message: string }> }).issues[0]?.message).toBe(
        'Write at least 2 characters',
      );
    }
    await as(buyer).comments.create({ offerId: otherOfferId, body: '👍👍', rating: null });
  });
});
