// Subscription time per order: a refund removes exactly the refunded order's period, later periods
// move up, a paid renewal survives a refund of the first order, and reminders follow the new end.
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestUser } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';
import { formatUtc } from '../orders/refund.ts';
import { runSubscriptionReminders } from './reminders.ts';

const DAY = 86_400_000;
const bed = orderTestBed({ admin: true });
beforeEach(() => bed.w.setNow(null));

/** A client and a 30-day automatic offer; `buy` orders and delivers it at the given time. */
async function world() {
  const client = await createTestUser(bed.db);
  const offer = await bed.w.offer({ mode: 'automatic', duration: 30 });
  const start = new Date();
  const day = (n: number) => new Date(start.getTime() + n * DAY);
  const buy = async (at: Date) => {
    bed.w.setNow(at);
    await bed.w.stock(offer.id, [`KEY-${Math.random().toString(36).slice(2, 12)}`]);
    const number = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
    await bed.w.toReview(number, client);
    await bed.w.claim(bed.admin, number);
    expect((await bed.w.as(bed.admin).desk.approve({ number })).status).toBe('delivered');
    return number;
  };
  const refund = async (number: string, at: Date) => {
    bed.w.setNow(at);
    return (await bed.w.as(bed.admin).admin.orders.refund({ number, reason: 'Refund requested' })).revoked;
  };
  const subscriptions = async (at: Date) => {
    bed.w.setNow(at);
    return (await bed.w.as(client).subscriptions.list()).map((s) => ({
      id: s.id,
      status: s.status,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      totalDays: s.totalDays,
    }));
  };
  return { client, offer, day, buy, refund, subscriptions, utc: formatUtc };
}

describe('refunds and subscription time', () => {
  it('refunding a renewal removes exactly its 30 days and leaves the first order alone', async () => {
    const { client, offer, day, buy, refund, subscriptions, utc } = await world();
    const first = await buy(day(0));
    const renewal = await buy(day(1));
    const [before] = await subscriptions(day(2));
    expect(before?.endsAt).toEqual(day(60));

    expect(await refund(renewal, day(2))).toBe(
      `Refunded: 1 licence key revoked, 30 days removed from ${offer.title} (now ends ${utc(day(30))}).`,
    );
    expect(await subscriptions(day(2))).toEqual([
      { id: before?.id, status: 'active', startsAt: day(0), endsAt: day(30), totalDays: 30 },
    ]);
    const item = (await bed.w.as(client).orders.get({ number: first })).items[0];
    expect((await bed.w.as(client).orders.revealDelivery({ number: first, itemId: item?.id ?? 0 })).details).toMatch(
      /^KEY-/,
    );
  });

  it('refunding the first order keeps a paid renewal: the subscription runs on with exactly its time', async () => {
    const { offer, day, buy, refund, subscriptions, utc } = await world();
    const first = await buy(day(0));
    const renewal = await buy(day(1));
    const [before] = await subscriptions(day(2));

    // The renewal moves up into the refunded time, but not to before it was paid for (day 1).
    expect(await refund(first, day(2))).toBe(
      `Refunded: 1 licence key revoked, 29 days removed from ${offer.title} (now ends ${utc(day(31))}).`,
    );
    expect(await subscriptions(day(2))).toEqual([
      { id: before?.id, status: 'active', startsAt: day(1), endsAt: day(31), totalDays: 30 },
    ]);

    // Refunding everything ends it.
    expect(await refund(renewal, day(3))).toBe(`Refunded: 1 licence key revoked, ${offer.title} subscription ended.`);
    expect((await subscriptions(day(3))).map((s) => s.status)).toEqual(['cancelled']);
  });

  it('a refund in the middle moves the later periods up by exactly its length', async () => {
    const { day, buy, refund, subscriptions } = await world();
    await buy(day(0));
    const middle = await buy(day(1));
    const last = await buy(day(2));
    expect((await subscriptions(day(3)))[0]?.endsAt).toEqual(day(90));
    await refund(middle, day(3));
    const [sub] = await subscriptions(day(3));
    expect(sub).toMatchObject({ status: 'active', startsAt: day(0), endsAt: day(60), totalDays: 60 });
    const periods = await bed.db
      .selectFrom('subscription_periods as p')
      .innerJoin('order_items as i', 'i.id', 'p.order_item_id')
      .innerJoin('orders as o', 'o.id', 'i.order_id')
      .select(['o.number', 'p.starts_at', 'p.ends_at', 'p.state'])
      .where('p.subscription_id', '=', sub?.id ?? 0)
      .orderBy('p.id')
      .execute();
    expect(periods.slice(1)).toEqual([
      { number: middle, starts_at: day(30), ends_at: day(60), state: 'refunded' },
      { number: last, starts_at: day(30), ends_at: day(60), state: 'active' },
    ]);
  });

  it('a renewal bought after the subscription lapsed is not pulled into the past by refunding the first order', async () => {
    const { offer, day, buy, refund, subscriptions, utc } = await world();
    const first = await buy(day(0));
    await buy(day(40));
    expect(await refund(first, day(41))).toBe(
      `Refunded: 1 licence key revoked, no days left to remove from ${offer.title} (still ends ${utc(day(70))}).`,
    );
    expect(await subscriptions(day(41))).toMatchObject([
      { status: 'active', startsAt: day(40), endsAt: day(70), totalDays: 30 },
    ]);
  });

  it('a renewal delivered after the first order was refunded starts afresh with exactly its own time', async () => {
    const { client, offer, day, buy, refund, subscriptions } = await world();
    const first = await buy(day(0));
    // The renewal is paid while the offer has no stock, so it waits for delivery.
    bed.w.setNow(day(1));
    const renewal = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
    await bed.w.toReview(renewal, client);
    await bed.w.claim(bed.admin, renewal);
    expect(await bed.w.as(bed.admin).desk.approve({ number: renewal })).toMatchObject({
      status: 'paid',
      outOfStock: true,
    });
    await refund(first, day(2));
    const [ended] = await subscriptions(day(2));
    expect(ended?.status).toBe('cancelled');

    await bed.w.stock(offer.id, ['LATE-STOCK-CODE']);
    bed.w.setNow(day(3));
    expect((await bed.w.as(bed.admin).desk.retryStock({ number: renewal })).status).toBe('delivered');
    expect(await subscriptions(day(3))).toEqual([
      expect.objectContaining({ status: 'active', startsAt: day(3), endsAt: day(33), totalDays: 30 }),
      { ...ended, status: 'cancelled' },
    ]);
  });

  it('a subscription from before per-order periods is shortened exactly too', async () => {
    const { client, day, buy, refund, subscriptions } = await world();
    await buy(day(0));
    // As the seed and the rows older than the periods table: a subscription with no periods.
    const [sub] = await subscriptions(day(0));
    await bed.db
      .deleteFrom('subscription_periods')
      .where('subscription_id', '=', sub?.id ?? 0)
      .execute();
    const renewal = await buy(day(1));
    await refund(renewal, day(2));
    expect(await subscriptions(day(2))).toMatchObject([{ id: sub?.id, endsAt: day(30) }]);
    expect((await bed.w.as(client).subscriptions.list()).length).toBe(1);
  });

  it('reminders after a refund go by the new end', async () => {
    const { client, day, buy, refund } = await world();
    await buy(day(0));
    const renewal = await buy(day(1));
    const run = (at: Date) => runSubscriptionReminders(bed.db, { config: bed.w.config, now: at });
    const reminders = () =>
      bed.db
        .selectFrom('email_outbox')
        .select('text')
        .where('to_address', '=', client.email)
        .where('template', 'like', 'subscription%')
        .orderBy('id')
        .execute();
    // 7 days before the first order's end, the renewal still holds the end 37 days away.
    await run(day(23));
    expect(await reminders()).toEqual([]);
    await refund(renewal, day(23));
    await run(day(23));
    await run(day(27));
    await run(day(53));
    const sent = (await reminders()).map((m) => m.text);
    const on = formatUtc(day(30));
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain(`ends in 7 days, on ${on}`);
    expect(sent[1]).toContain(`ends in 3 days, on ${on}`);
  });
});
