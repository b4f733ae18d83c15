import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';

const bed = orderTestBed({ admin: true });
let client: SessionUser;
let other: SessionUser;
const mine: string[] = [];
beforeAll(async () => {
  client = await createTestUser(bed.db);
  other = await createTestUser(bed.db);
  const offer = await bed.w.offer();
  const start = Date.now() - 60 * 60_000;
  for (let i = 0; i < 5; i += 1) {
    // Two orders share a timestamp so the cursor must break the tie by id.
    bed.w.setNow(new Date(start + Math.min(i, 3) * 60_000));
    mine.push(await bed.w.placeOrder(client, [{ offerId: offer.id, quantity: i + 1 }]));
  }
  await bed.w.placeOrder(other, [{ offerId: offer.id }]);
  bed.w.setNow(null);
});

describe('order lists', () => {
  it('pages through my orders newest first without skipping or repeating, with their items', async () => {
    const caller = bed.w.as(client).orders;
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await caller.list({ limit: 2, cursor });
      seen.push(...page.orders.map((o) => o.number));
      for (const o of page.orders) expect(o.items).toHaveLength(1);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...mine].reverse());
    await expect(caller.list({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('lets the admin filter all orders by status and find one by number or client email', async () => {
    const orders = bed.w.as(bed.admin).admin.orders;
    const all = await orders.list({});
    expect(all.total).toBe(6);
    await bed.w.toReview(mine[0] ?? '', client);
    const review = await orders.list({ status: 'payment_review' });
    expect(review.orders.map((o) => o.number)).toEqual([mine[0]]);
    expect((await orders.list({ q: (mine[2] ?? '').toLowerCase() })).orders.map((o) => o.number)).toEqual([mine[2]]);
    const byEmail = await orders.list({ q: other.email.slice(0, 8) });
    expect(byEmail.orders.map((o) => o.clientEmail)).toEqual([other.email]);
    expect((await orders.list({ q: '%' })).total).toBe(0);
    const paged = await orders.list({ pageSize: 4, page: 2 });
    expect(paged).toMatchObject({ total: 6, pageCount: 2 });
    expect(paged.orders).toHaveLength(2);
  });

  it('pages a desk queue oldest first with Next and Previous, and finds orders by client name', async () => {
    const desk = bed.w.as(bed.admin).desk;
    const waiting = (await bed.w.as(bed.admin).admin.orders.list({ status: 'awaiting_payment' })).orders.map(
      (o) => o.number,
    );
    const seen: string[] = [];
    const pages: { cursor?: string; numbers: string[] }[] = [];
    let cursor: string | undefined;
    do {
      const page = await desk.queue({ queue: 'awaiting_payment', pageSize: 2, cursor });
      expect(page.total).toBe(waiting.length);
      pages.push({ ...(cursor ? { cursor } : {}), numbers: page.orders.map((o) => o.number) });
      seen.push(...page.orders.map((o) => o.number));
      cursor = page.nextCursor ?? undefined;
      if (cursor) {
        // "Previous" from the next page comes back to this one.
        const next = await desk.queue({ queue: 'awaiting_payment', pageSize: 2, cursor });
        const back = await desk.queue({ queue: 'awaiting_payment', pageSize: 2, cursor: next.prevCursor ?? '' });
        expect(back.orders.map((o) => o.number)).toEqual(page.orders.map((o) => o.number));
      }
    } while (cursor);
    expect(seen).toEqual([...waiting].reverse());
    expect(pages.length).toBe(Math.ceil(waiting.length / 2));

    const byName = await desk.queue({ queue: 'awaiting_payment', q: other.fullName.toLowerCase() });
    expect(byName.orders.map((o) => o.clientName)).toEqual([other.fullName]);
    const none = await desk.queue({ queue: 'awaiting_payment', q: 'nobody-by-this-name' });
    expect(none).toMatchObject({ total: 0, orders: [] });
    await expect(desk.queue({ queue: 'paid', q: 'x'.repeat(101) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('shows the items an order was placed with, also for an order written without their summary', async () => {
    const buyer = await createTestUser(bed.db);
    const first = await bed.w.offer();
    const second = await bed.w.offer();
    const number = await bed.w.placeOrder(buyer, [
      { offerId: first.id, quantity: 2 },
      { offerId: second.id, quantity: 1 },
    ]);
    const placed = [
      { title: first.title, quantity: 2 },
      { title: second.title, quantity: 1 },
    ];
    const listed = async () => (await bed.w.as(buyer).orders.list({})).orders.find((o) => o.number === number)?.items;
    expect(await listed()).toEqual(placed);
    // An order from before checkout wrote the summary, or written by a script: read from its items.
    await bed.db.updateTable('orders').set({ items_summary: null }).where('number', '=', number).execute();
    expect(await listed()).toEqual(placed);
    const desk = await bed.w.as(bed.admin).admin.orders.list({ q: number });
    expect(desk.orders.map((o) => o.items)).toEqual([placed]);
  });
});
