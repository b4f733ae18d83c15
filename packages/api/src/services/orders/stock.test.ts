import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';

const bed = orderTestBed({ admin: true });

const codes = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);

describe('automatic delivery from stock', () => {
  it('50 parallel approvals for an offer with 10 codes deliver exactly 10 distinct codes and flag 40 out of stock', async () => {
    const offer = await bed.w.offer({ mode: 'automatic', duration: null });
    await bed.w.stock(offer.id, codes('RACE', 10));
    const employees = await Promise.all(Array.from({ length: 5 }, () => createTestUser(bed.db, { role: 'employee' })));
    const orders: Array<{ number: string; client: SessionUser }> = [];
    for (let i = 0; i < 50; i += 1) {
      const client = await createTestUser(bed.db);
      const number = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
      await bed.w.toReview(number, client);
      orders.push({ number, client });
    }
    const staffOf = (i: number) => employees[i % employees.length] ?? bed.admin;
    for (const [i, o] of orders.entries()) await bed.w.claim(staffOf(i), o.number);
    const results = await Promise.all(orders.map((o, i) => bed.w.as(staffOf(i)).desk.approve({ number: o.number })));
    expect(results.filter((r) => r.status === 'delivered')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'paid' && r.outOfStock)).toHaveLength(40);

    const revealed: string[] = [];
    for (const o of orders) {
      const detail = await bed.w.as(o.client).orders.get({ number: o.number });
      const item = detail.items[0];
      if (!item?.deliveredAt) continue;
      const r = await bed.w.as(o.client).orders.revealDelivery({ number: o.number, itemId: item.id });
      revealed.push(r.details ?? '');
    }
    expect(revealed).toHaveLength(10);
    expect(new Set(revealed)).toEqual(new Set(codes('RACE', 10)));
    const left = await bed.db
      .selectFrom('offer_stock_codes')
      .select(['status', 'order_item_id'])
      .where('offer_id', '=', offer.id)
      .execute();
    expect(left.every((c) => c.status === 'delivered' && c.order_item_id !== null)).toBe(true);
    expect(new Set(left.map((c) => c.order_item_id)).size).toBe(10);

    const counts = await bed.w.as(bed.admin).desk.counts();
    expect(counts.outOfStock).toBe(40);
    const queue = await bed.w.as(bed.admin).desk.queue({ queue: 'paid', pageSize: 100 });
    expect(queue.orders.filter((o) => o.outOfStock)).toHaveLength(40);
  });

  it('a paid order waiting for stock is delivered when staff retry after new codes arrive, or by hand', async () => {
    const offer = await bed.w.offer({ mode: 'automatic', duration: null });
    const client = await createTestUser(bed.db);
    const first = await bed.w.placeOrder(client, [{ offerId: offer.id, quantity: 2 }]);
    await bed.w.toReview(first, client);
    await bed.w.claim(bed.admin, first);
    expect(await bed.w.as(bed.admin).desk.approve({ number: first })).toMatchObject({
      status: 'paid',
      outOfStock: true,
    });
    // One code is not enough for a quantity of two: nothing is taken.
    await bed.w.stock(offer.id, ['ONLY-ONE']);
    expect(await bed.w.as(bed.admin).desk.retryStock({ number: first })).toMatchObject({
      status: 'paid',
      outOfStock: true,
    });
    await bed.w.stock(offer.id, ['SECOND']);
    expect(await bed.w.as(bed.admin).desk.retryStock({ number: first })).toMatchObject({
      status: 'delivered',
      outOfStock: false,
    });
    const item = (await bed.w.as(client).orders.get({ number: first })).items[0];
    expect((await bed.w.as(client).orders.revealDelivery({ number: first, itemId: item?.id ?? 0 })).details).toBe(
      'ONLY-ONE\nSECOND',
    );

    const second = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
    await bed.w.toReview(second, client);
    await bed.w.claim(bed.admin, second);
    await bed.w.as(bed.admin).desk.approve({ number: second });
    const secondItem = (await bed.w.as(bed.admin).desk.get({ number: second })).items[0]?.id ?? 0;
    await bed.w
      .as(bed.admin)
      .desk.deliver({ number: second, items: [{ itemId: secondItem, details: 'TYPED-BY-HAND' }] });
    expect((await bed.w.as(client).orders.get({ number: second })).status).toBe('delivered');
  });

  it('emails the admins once per fall under the threshold', async () => {
    const offer = await bed.w.offer({ mode: 'automatic', threshold: 3, duration: null });
    await bed.w.stock(offer.id, codes('LOW', 5));
    const client = await createTestUser(bed.db);
    const sell = async (times: number) => {
      for (let i = 0; i < times; i += 1) {
        const number = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
        await bed.w.toReview(number, client);
        await bed.w.claim(bed.admin, number);
        await bed.w.as(bed.admin).desk.approve({ number });
      }
    };
    const alerts = async () =>
      (
        await bed.db
          .selectFrom('email_outbox')
          .select('subject')
          .where('template', '=', 'low-stock')
          .where('subject', 'like', `%${offer.title}`)
          .execute()
      ).map((a) => a.subject);
    await sell(4);
    expect(await alerts()).toEqual([`Low stock: ${offer.title}`]);
    // Restocked to 4: the sale leaving 3 re-arms the alert, the one leaving 2 sends it again.
    await bed.w.stock(offer.id, codes('MORE', 3));
    await sell(1);
    expect(await alerts()).toHaveLength(1);
    await sell(1);
    expect(await alerts()).toEqual([`Low stock: ${offer.title}`, `Low stock: ${offer.title}`]);
  });

  it('a refund revokes the delivered codes for good and cancels the subscription', async () => {
    const offer = await bed.w.offer({ mode: 'automatic', duration: 30 });
    await bed.w.stock(offer.id, ['REFUND-A', 'REFUND-B']);
    const client = await createTestUser(bed.db);
    const number = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
    await bed.w.toReview(number, client);
    await bed.w.claim(bed.admin, number);
    await bed.w.as(bed.admin).desk.approve({ number });
    await expect(bed.w.as(bed.admin).admin.orders.refund({ number, reason: 'no' })).rejects.toThrow();
    await bed.w.as(bed.admin).admin.orders.refund({ number, reason: 'Client was charged twice' });
    const code = await bed.db
      .selectFrom('offer_stock_codes')
      .select('status')
      .where('offer_id', '=', offer.id)
      .orderBy('id')
      .execute();
    expect(code.map((c) => c.status)).toEqual(['revoked', 'available']);
    const sub = await bed.db.selectFrom('subscriptions').select('status').where('user_id', '=', client.id).execute();
    expect(sub.map((s) => s.status)).toEqual(['cancelled']);
    // The next buyer gets the other code, never the revoked one.
    const buyer = await createTestUser(bed.db);
    const next = await bed.w.placeOrder(buyer, [{ offerId: offer.id }]);
    await bed.w.toReview(next, buyer);
    await bed.w.claim(bed.admin, next);
    await bed.w.as(bed.admin).desk.approve({ number: next });
    const item = (await bed.w.as(buyer).orders.get({ number: next })).items[0];
    expect((await bed.w.as(buyer).orders.revealDelivery({ number: next, itemId: item?.id ?? 0 })).details).toBe(
      'REFUND-B',
    );
    expect((await bed.w.as(client).orders.get({ number })).status).toBe('refunded');
  });
});
