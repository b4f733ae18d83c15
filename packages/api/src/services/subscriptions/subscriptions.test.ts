// Subscriptions through the real order flow: status at each boundary from an injected clock, the
// client's own list only, renewal through the cart extending from the current end, and refunds.
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';
import { subscriptionStatus } from './subscriptions.ts';

const DAY = 86_400_000;
const bed = orderTestBed({ admin: true });
// Each test starts on the real time; those that move the clock pin it themselves.
beforeEach(() => bed.w.setNow(null));

/** Buys the offer the way a client does; an automatic offer is delivered when payment is approved. */
async function buy(client: SessionUser, offerId: number) {
  await bed.w.stock(offerId, [`CODE-${offerId}-${Math.random().toString(36).slice(2, 10)}`]);
  const number = await bed.w.placeOrder(client, [{ offerId }]);
  await bed.w.toReview(number, client);
  await bed.w.claim(bed.admin, number);
  expect((await bed.w.as(bed.admin).desk.approve({ number })).status).toBe('delivered');
  return number;
}

const at = async (client: SessionUser, when: Date) => {
  bed.w.setNow(when);
  return bed.w.as(client).subscriptions.list();
};

describe('subscriptions.list', () => {
  it('shows status and days left right at each boundary of the clock', async () => {
    const client = await createTestUser(bed.db);
    const offer = await bed.w.offer({ mode: 'automatic', duration: 30 });
    const start = new Date();
    bed.w.setNow(start);
    await buy(client, offer.id);
    const end = start.getTime() + 30 * DAY;
    const seen = async (ms: number) => {
      const [s] = await at(client, new Date(ms));
      return { status: s?.status, daysLeft: s?.daysLeft, totalDays: s?.totalDays };
    };
    expect(await seen(start.getTime())).toEqual({ status: 'active', daysLeft: 30, totalDays: 30 });
    expect(await seen(end - 3 * DAY - 1)).toEqual({ status: 'active', daysLeft: 4, totalDays: 30 });
    expect(await seen(end - 3 * DAY)).toEqual({ status: 'expiring', daysLeft: 3, totalDays: 30 });
    expect(await seen(end - 1)).toEqual({ status: 'expiring', daysLeft: 1, totalDays: 30 });
    expect(await seen(end)).toEqual({ status: 'expired', daysLeft: 0, totalDays: 30 });
    const [row] = await at(client, new Date(end));
    expect(row?.offer).toMatchObject({ id: offer.id, title: offer.title, serviceName: 'Testly', isActive: true });
  });

  it('keeps cancelled as cancelled and lifetime as active whatever the clock says', () => {
    const now = new Date();
    expect(subscriptionStatus('cancelled', new Date(now.getTime() + 30 * DAY), now)).toBe('cancelled');
    expect(subscriptionStatus('active', null, now)).toBe('active');
    expect(subscriptionStatus('expired', null, now)).toBe('active');
    // A stored status that lags behind the clock is corrected on read.
    expect(subscriptionStatus('active', new Date(now.getTime() - 1), now)).toBe('expired');
  });

  it('lists only the caller’s own subscriptions', async () => {
    const owner = await createTestUser(bed.db);
    const other = await createTestUser(bed.db);
    const offer = await bed.w.offer({ mode: 'automatic', duration: 30 });
    await buy(owner, offer.id);
    const mine = await bed.w.as(owner).subscriptions.list();
    expect(mine.map((s) => s.offer.id)).toEqual([offer.id]);
    expect(await bed.w.as(other).subscriptions.list()).toEqual([]);
  });

  it('renew puts the offer in the cart, and buying it extends the subscription from its current end', async () => {
    const client = await createTestUser(bed.db);
    const offer = await bed.w.offer({ mode: 'automatic', duration: 30 });
    const start = new Date();
    bed.w.setNow(start);
    await buy(client, offer.id);
    const [before] = await at(client, new Date(start.getTime() + 28 * DAY));
    expect(before?.status).toBe('expiring');

    // "Renew" is the cart's add mutation with the offer shown on the card.
    const cart = await bed.w.as(client).cart.add({ offerId: before?.offer.id ?? 0, quantity: 1 });
    expect(cart.items.map((i) => ({ offerId: i.offerId, quantity: i.quantity }))).toEqual([
      { offerId: offer.id, quantity: 1 },
    ]);
    const { number } = await bed.w.as(client).orders.checkout({ idempotencyKey: 'renew-flow-000000000001' });
    await bed.w.stock(offer.id, ['RENEW-CODE-0001']);
    await bed.w.toReview(number, client);
    await bed.w.claim(bed.admin, number);
    await bed.w.as(bed.admin).desk.approve({ number });

    const after = await at(client, new Date(start.getTime() + 28 * DAY));
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(before?.id);
    expect(after[0]?.endsAt?.getTime()).toBe(start.getTime() + 60 * DAY);
    expect(after[0]).toMatchObject({ status: 'active', daysLeft: 32, totalDays: 60 });
  });

  it('renewing a recently expired subscription restarts the same one from the day of renewal', async () => {
    const client = await createTestUser(bed.db);
    const offer = await bed.w.offer({ mode: 'automatic', duration: 30 });
    const start = new Date();
    bed.w.setNow(start);
    await buy(client, offer.id);
    const renewedAt = new Date(start.getTime() + 40 * DAY);
    const [expired] = await at(client, renewedAt);
    expect(expired?.status).toBe('expired');
    await buy(client, offer.id);
    const after = await at(client, renewedAt);
    expect(after.map((s) => ({ id: s.id, status: s.status, daysLeft: s.daysLeft }))).toEqual([
      { id: expired?.id, status: 'active', daysLeft: 30 },
    ]);
  });

  it('a refunded order shows its subscription as cancelled', async () => {
    const client = await createTestUser(bed.db);
    const offer = await bed.w.offer({ mode: 'automatic', duration: 30 });
    const number = await buy(client, offer.id);
    await bed.w.as(bed.admin).admin.orders.refund({ number, reason: 'Client was charged twice' });
    expect((await bed.w.as(client).subscriptions.list()).map((s) => s.status)).toEqual(['cancelled']);
  });
});
