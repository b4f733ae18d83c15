// The demo data tells one story: its order happened step by step in the past, and the counts the shop
// shows (sold, ratings, offers per category) are those of the seeded rows, whatever day it is seeded on.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword } from '@damso/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing.ts';
import { seedDemoData } from './index.ts';

let t: TestDatabase;
let uploadDir: string;
// The injected clock: a day a while back, so "not after now" is checked against the seed's now, not the wall's.
const now = new Date(Date.now() - 40 * 86_400_000);

beforeAll(async () => {
  [t, uploadDir] = await Promise.all([createTestDatabase(), mkdtemp(path.join(tmpdir(), 'damso-seed-'))]);
  expect((await seedDemoData(t.db, { uploadDir, hashPassword, now })).seeded).toBe(true);
});
afterAll(async () => {
  await t?.drop();
  await rm(uploadDir, { recursive: true, force: true });
});

describe('demo data', () => {
  it('has orders whose events follow one another in time, none after now', async () => {
    const orders = await t.db
      .selectFrom('orders')
      .select(['id', 'number', 'status', 'created_at', 'paid_at', 'delivered_at', 'updated_at'])
      .execute();
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) {
      const events = await t.db
        .selectFrom('order_events')
        .select(['from_status', 'to_status', 'created_at'])
        .where('order_id', '=', order.id)
        .orderBy('id')
        .execute();
      // Each step starts where the one before ended, from the order's creation to its current status.
      expect(events[0]?.from_status).toBeNull();
      expect(events[0]?.created_at).toEqual(order.created_at);
      for (const [i, e] of events.entries()) {
        if (i > 0) {
          expect(e.from_status).toBe(events[i - 1]?.to_status);
          expect(e.created_at.getTime()).toBeGreaterThan(events[i - 1]?.created_at.getTime() ?? Infinity);
        }
        expect(e.created_at.getTime()).toBeLessThanOrEqual(now.getTime());
      }
      expect(events.at(-1)?.to_status).toBe(order.status);
      const at = (status: string) => events.find((e) => e.to_status === status)?.created_at;
      if (order.paid_at) expect(order.paid_at).toEqual(at('paid'));
      if (order.delivered_at) expect(order.delivered_at).toEqual(at('delivered'));
      expect(order.updated_at.getTime()).toBeLessThanOrEqual(now.getTime());
      // A payment verified means a receipt was sent first, and the receipt's file is there to open.
      if (at('payment_review')) {
        const receipt = await t.db
          .selectFrom('payment_receipts')
          .select(['storage_key', 'created_at'])
          .where('order_id', '=', order.id)
          .executeTakeFirstOrThrow();
        expect(receipt.created_at).toEqual(at('payment_review'));
        expect(existsSync(path.join(uploadDir, 'receipts', receipt.storage_key))).toBe(true);
      }
      const items = await t.db
        .selectFrom('order_items')
        .select(['delivered_at'])
        .where('order_id', '=', order.id)
        .execute();
      for (const item of items) {
        if (item.delivered_at) expect(item.delivered_at.getTime()).toBeLessThanOrEqual(now.getTime());
      }
    }
  });

  it('counts as sold what its orders delivered, offer by offer', async () => {
    const delivered = await t.db
      .selectFrom('order_items')
      .select(['offer_id', (eb) => eb.fn.sum<number>('quantity').as('q')])
      .where('delivered_at', 'is not', null)
      .groupBy('offer_id')
      .execute();
    const expected = new Map(delivered.map((r) => [r.offer_id, Number(r.q)]));
    const offers = await t.db.selectFrom('offers').select(['id', 'title', 'sold_count']).execute();
    expect(offers.map((o) => [o.title, o.sold_count])).toEqual(offers.map((o) => [o.title, expected.get(o.id) ?? 0]));
    expect([...expected.values()].some((q) => q > 0)).toBe(true);
  });

  it('shows ratings that average the seeded rated comments, each by a client who received the offer', async () => {
    const comments = await t.db
      .selectFrom('comments')
      .select(['offer_id', 'user_id', 'rating', 'hidden_at', 'created_at'])
      .execute();
    const offers = await t.db.selectFrom('offers').select(['id', 'title', 'rating_count', 'rating_avg']).execute();
    const rated = (offerId: number) =>
      comments.filter((c) => c.offer_id === offerId && c.rating !== null && c.hidden_at === null);
    expect(offers.map((o) => [o.title, o.rating_count, Number(o.rating_avg ?? 0)])).toEqual(
      offers.map((o) => {
        const ratings = rated(o.id).map((c) => c.rating as number);
        const average = ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : 0;
        return [o.title, ratings.length, Number(average.toFixed(4))];
      }),
    );
    expect(offers.some((o) => o.rating_count > 0)).toBe(true);
    for (const c of comments) {
      expect(c.created_at.getTime()).toBeLessThanOrEqual(now.getTime());
      if (c.rating === null) continue;
      // Rated after the delivery that allowed it (the app's rule for a rating).
      const delivery = await t.db
        .selectFrom('order_items as i')
        .innerJoin('orders as o', 'o.id', 'i.order_id')
        .select('i.delivered_at')
        .where('o.user_id', '=', c.user_id)
        .where('o.status', '=', 'delivered')
        .where('i.offer_id', '=', c.offer_id)
        .executeTakeFirstOrThrow();
      expect(delivery.delivered_at?.getTime()).toBeLessThan(c.created_at.getTime());
    }
  });

  it('starts each subscription at its delivery and counts each category’s shown offers', async () => {
    const subs = await t.db
      .selectFrom('subscriptions as s')
      .innerJoin('order_items as i', 'i.id', 's.order_item_id')
      .select(['s.starts_at', 'i.delivered_at'])
      .execute();
    for (const s of subs) expect(s.starts_at).toEqual(s.delivered_at);
    const categories = await t.db.selectFrom('categories').select(['id', 'active_offer_count']).execute();
    for (const c of categories) {
      const { n } = await t.db
        .selectFrom('offers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('category_id', '=', c.id)
        .where('is_active', '=', 1)
        .executeTakeFirstOrThrow();
      expect(c.active_offer_count).toBe(Number(n));
    }
  });
});
