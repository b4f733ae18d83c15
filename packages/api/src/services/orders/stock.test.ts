import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser } from '../../testing/index.ts';
import { orderWorld } from '../../testing/orders.ts';

let t: TestDatabase;
let w: ReturnType<typeof orderWorld>;
let admin: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  w = orderWorld(t.db);
  admin = await createTestUser(t.db, { role: 'admin' });
});
afterAll(() => t.drop());

const codes = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);

describe('automatic delivery from stock', () => {
  it('50 parallel approvals for an offer with 10 codes deliver exactly 10 distinct codes and flag 40 out of stock', async () => {
    const offer = await w.offer({ mode: 'automatic', duration: null });
    await w.stock(offer.id, codes('RACE', 10));
    const employees = await Promise.all(Array.from({ length: 5 }, () => createTestUser(t.db, { role: 'employee' })));
    const orders: Array<{ number: string; client: SessionUser }> = [];
    for (let i = 0; i < 50; i += 1) {
      const client = await createTestUser(t.db);
      const number = await w.placeOrder(client, [{ offerId: offer.id }]);
      await w.toReview(number, client);
      orders.push({ number, client });
    }
    const results = await Promise.all(
      orders.map((o, i) => w.as(employees[i % employees.length] ?? admin).desk.approve({ number: o.number })),
    );
    expect(results.filter((r) => r.status === 'delivered')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'paid' && r.outOfStock)).toHaveLength(40);

    const revealed: string[] = [];
    for (const o of orders) {
      const detail = await w.as(o.client).orders.get({ number: o.number });
      const item = detail.items[0];
      if (!item?.deliveredAt) continue;
      const r = await w.as(o.client).orders.revealDelivery({ number: o.number, itemId: item.id });
      revealed.push(r.details ?? '');
    }
    expect(revealed).toHaveLength(10);
    expect(new Set(revealed)).toEqual(new Set(codes('RACE', 10)));
    const left = await t.db
      .selectFrom('offer_stock_codes')
      .select(['status', 'order_item_id'])
      .where('offer_id', '=', offer.id)
      .execute();
    expect(left.every((c) => c.status === 'delivered' && c.order_item_id !== null)).toBe(true);
    expect(new Set(left.map((c) => c.order_item_id)).size).toBe(10);

    const counts = await w.as(admin).desk.counts();
    expect(counts.outOfStock).toBe(40);
    const queue = await w.as(admin).desk.queue({ queue: 'paid', pageSize: 100 });
    expect(queue.orders.filter((o) => o.outOfStock)).toHaveLength(40);
  }, 60_000);

  it('a paid order waiting for stock is delivered when staff retry after new codes arrive, or by hand', async () => {
    const offer = await w.offer({ mode: 'automatic', duration: null });
    const client = await createTestUser(t.db);
    const first = await w.placeOrder(client, [{ offerId: offer.id, quantity: 2 }]);
    await w.toReview(first, client);
    expect(await w.as(admin).desk.approve({ number: first })).toMatchObject({ status: 'paid', outOfStock: true });
    // One code is not enough for a quantity of two: nothing is taken.
    await w.stock(offer.id, ['ONLY-ONE']);
    expect(await w.as(admin).desk.retryStock({ number: first })).toMatchObject({ status: 'paid', outOfStock: true });
    await w.stock(offer.id, ['SECOND']);
    expect(await w.as(admin).desk.retryStock({ number: first })).toMatchObject({
      status: 'delivered',
      outOfStock: false,
    });
    const item = (await w.as(client).orders.get({ number: first })).items[0];
    expect((await w.as(client).orders.revealDelivery({ number: first, itemId: item?.id ?? 0 })).details).toBe(
      'ONLY-ONE\nSECOND',
    );

    const second = await w.placeOrder(client, [{ offerId: offer.id }]);
    await w.toReview(second, client);
    await w.as(admin).desk.approve({ number: second });
    const secondItem = (await w.as(admin).desk.get({ number: second })).items[0]?.id ?? 0;
    await w.as(admin).desk.deliver({ number: second, items: [{ itemId: secondItem, details: 'TYPED-BY-HAND' }] });
    expect((await w.as(client).orders.get({ number: second })).status).toBe('delivered');
  });

  it('emails the admins once per fall under the threshold', async () => {
    const offer = await w.offer({ mode: 'automatic', threshold: 3, duration: null });
    await w.stock(offer.id, codes('LOW', 5));
    const client = await createTestUser(t.db);
    const sell = async (times: number) => {
      for (let i = 0; i < times; i += 1) {
        const number = await w.placeOrder(client, [{ offerId: offer.id }]);
        await w.toReview(number, client);
        await w.as(admin).desk.approve({ number });
      }
    };
    const alerts = async () =>
      (
        await t.db
          .selectFrom('email_outbox')
          .select('subject')
          .where('template', '=', 'low-stock')
          .where('subject', 'like', `%${offer.title}`)
          .execute()
      ).map((a) => a.subject);
    await sell(4);
    expect(await alerts()).toEqual([`Low stock: ${offer.title}`]);
    // Restocked to 4: the sale leaving 3 re-arms the alert, the one leaving 2 sends it again.
    await w.stock(offer.id, codes('MORE', 3));
    await sell(1);
    expect(await alerts()).toHaveLength(1);
    await sell(1);
    expect(await alerts()).toEqual([`Low stock: ${offer.title}`, `Low stock: ${offer.title}`]);
  });

  it('a refund revokes the delivered codes for good and cancels the subscription', async () => {
    const offer = await w.offer({ mode: 'automatic', duration: 30 });
    await w.stock(offer.id, ['REFUND-A', 'REFUND-B']);
    const client = await createTestUser(t.db);
    const number = await w.placeOrder(client, [{ offerId: offer.id }]);
    await w.toReview(number, client);
    await w.as(admin).desk.approve({ number });
    await expect(w.as(admin).admin.orders.refund({ number, reason: 'no' })).rejects.toThrow();
    await w.as(admin).admin.orders.refund({ number, reason: 'Client was charged twice' });
    const code = await t.db
      .selectFrom('offer_stock_codes')
      .select('status')
      .where('offer_id', '=', offer.id)
      .orderBy('id')
      .execute();
    expect(code.map((c) => c.status)).toEqual(['revoked', 'available']);
    const sub = await t.db.selectFrom('subscriptions').select('status').where('user_id', '=', client.id).execute();
    expect(sub.map((s) => s.status)).toEqual(['cancelled']);
    // The next buyer gets the other code, never the revoked one.
    const buyer = await createTestUser(t.db);
    const next = await w.placeOrder(buyer, [{ offerId: offer.id }]);
    await w.toReview(next, buyer);
    await w.as(admin).desk.approve({ number: next });
    const item = (await w.as(buyer).orders.get({ number: next })).items[0];
    expect((await w.as(buyer).orders.revealDelivery({ number: next, itemId: item?.id ?? 0 })).details).toBe('REFUND-B');
    expect((await w.as(client).orders.get({ number })).status).toBe('refunded');
  });
});
