// The low-stock alert in the app: the admins' bell rings once per fall under the threshold, like the
// email, with a link to the page where codes are added; the overview lists the offer until restocked.
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';

const bed = orderTestBed({ admin: true, employee: true });

describe('low-stock notifications', () => {
  it('ring each admin once per fall under the threshold, linking to the offer’s stock', async () => {
    const offer = await bed.w.offer({ mode: 'automatic', threshold: 2, duration: null });
    await bed.w.stock(offer.id, ['N-1', 'N-2', 'N-3']);
    const client = await createTestUser(bed.db);
    const sell = async () => {
      const number = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
      await bed.w.toReview(number, client);
      await bed.w.claim(bed.employee, number);
      await bed.w.as(bed.employee).desk.approve({ number });
    };
    const bell = async (user: SessionUser) =>
      (await bed.w.as(user).notifications.list()).items.filter((n) => n.kind === 'low_stock');

    await sell(); // 2 left: not under 2
    expect(await bell(bed.admin)).toEqual([]);
    await sell(); // 1 left
    const rung = await bell(bed.admin);
    expect(rung.map((n) => ({ title: n.title, link: n.link }))).toEqual([
      { title: `Low stock: 1 code left for “${offer.title}”`, link: `/admin/offers/${offer.id}` },
    ]);
    expect(await bell(bed.employee)).toEqual([]);
    const listed = await bed.w.as(bed.admin).admin.overview();
    expect(listed.todos.find((d) => d.id === 'low_stock')?.count).toBe(1);
    const lowList = async () => (await bed.w.as(bed.admin).admin.offers.list({ stock: 'low' })).items.map((o) => o.id);
    expect(await lowList()).toEqual([offer.id]);

    await sell(); // 0 left: the same fall, no second notice
    expect(await bell(bed.admin)).toHaveLength(1);

    // New codes end the shortage (and its to-do); the next fall rings again.
    await bed.w.as(bed.admin).admin.offers.addStockCodes({ offerId: offer.id, text: 'M-1\nM-2\nM-3' });
    const restocked = await bed.w.as(bed.admin).admin.overview();
    expect(restocked.todos.find((d) => d.id === 'low_stock')?.count).toBe(0);
    expect(await lowList()).toEqual([]);
    await sell();
    await sell();
    expect(await bell(bed.admin)).toHaveLength(2);
  });
});
