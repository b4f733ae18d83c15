// The statistics rollups against the figures computed from scratch: kept current by checkouts,
// payments, deliveries, refunds, cancellations, sign-ups, role changes and the subscription job as
// they happen (across UTC day boundaries, with the app's clock injected relative to now), rebuilt
// after rows are loaded behind the app's back, and not losing a count when orders race each other
// or a rebuild.
import { randomBytes } from 'node:crypto';
import { orderClient } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser } from '../../testing/index.ts';
import { orderWorld } from '../../testing/orders.ts';
import { rollupContents, statsFromScratch } from '../../testing/stats.ts';
import { cancelUnpaidOrders } from '../orders/actions.ts';
import { runSubscriptionReminders } from '../subscriptions/reminders.ts';
import { rebuildStats, staleRollups } from './rebuild.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

let t: TestDatabase;
let w: ReturnType<typeof orderWorld>;
let admin: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  w = orderWorld(t.db);
  admin = await createTestUser(t.db, { role: 'admin', now: new Date(Date.now() - 400 * DAY_MS) });
});
afterAll(() => t.drop());
beforeEach(() => w.setNow(null));

/** The page's figures for a range, from the rollups, next to the same figures from scratch. */
async function bothWays(from: string, to: string) {
  const now = w.now();
  const { currency: _currency, ...rolled } = await w.as(admin).admin.stats.overview({ from, to });
  return { rolled, scratch: await statsFromScratch(t.db, { from, to }, now) };
}

/** The rollups as the upkeep left them equal what a rebuild computes from the same rows. */
async function expectUpkeepToMatchRebuild() {
  const kept = await rollupContents(t.db);
  const r = await rebuildStats(t.db, w.now());
  expect(r.rebuilt).toBe(true);
  expect(kept).toEqual(await rollupContents(t.db));
}

describe('statistics rollups kept by the app', () => {
  it('follow a week of orders across UTC midnights, payments, deliveries, refunds and cancellations', async () => {
    // Day 0 is four days ago (UTC); everything happens at explicit times around its midnights.
    const day0 = Date.parse(`${iso(Date.now() - 4 * DAY_MS)}T00:00:00Z`);
    const at = (day: number, hours: number, minutes = 0) =>
      new Date(day0 + day * DAY_MS + hours * HOUR_MS + minutes * 60_000);
    const days = Array.from({ length: 5 }, (_, i) => iso(day0 + i * DAY_MS));
    const sub30 = await w.offer({ price: 1500, mode: 'automatic', duration: 30 });
    const licence = await w.offer({ price: 4000, mode: 'manual', duration: null });
    const monthly = await w.offer({ price: 990, mode: 'manual', duration: 30 });
    await w.stock(sub30.id, ['A-1', 'A-2', 'A-3', 'A-4', 'A-5']);

    // A client signs up at 23:50 on day 0; another account is later made an employee, leaving the clients.
    w.setNow(at(0, 23, 50));
    const { user: newcomer } = await w.as(null).auth.signUp({
      fullName: 'Nia Newcomer',
      email: `nia.${randomBytes(3).toString('hex')}@example.test`,
      phoneCountry: 'FR',
      phone: '06 12 34 56 78',
      password: 'blue-Lantern-42',
    });
    const client = await createTestUser(t.db, { now: at(0, 9) });
    const other = await createTestUser(t.db, { now: at(1, 0, 5) });
    const buyer = await createTestUser(t.db, { now: at(-60, 12) });

    // Order 1: placed 23:40 day 0, paid 00:20 day 1 (the payment counts on day 1), stock delivers at once.
    w.setNow(at(0, 23, 40));
    const first = await w.placeOrder(client, [{ offerId: sub30.id, quantity: 2 }, { offerId: licence.id }]);
    w.setNow(at(0, 23, 55));
    await w.toReview(first, client);
    w.setNow(at(1, 0, 20));
    await w.claim(admin, first);
    await w.as(admin).desk.approve({ number: first });
    const firstItems = (await w.as(client).orders.get({ number: first })).items;
    const typed = firstItems.find((i) => i.title === licence.title);
    if (!typed) throw new Error('licence line missing');
    w.setNow(at(1, 1, 47));
    await w.as(admin).desk.deliver({ number: first, items: [{ itemId: typed.id, details: 'LIC-1' }] });

    // Order 2: 23:30 in New York on day 1 is 04:30 UTC on day 2; rejected once, then paid and delivered.
    w.setNow(new Date(`${days[2]}T04:30:00Z`));
    const second = await w.placeOrder(other, [{ offerId: monthly.id, quantity: 3 }]);
    await w.toReview(second, other);
    await w.claim(admin, second);
    await w.as(admin).desk.reject({ number: second, reason: 'The amount on the receipt is wrong' });
    w.setNow(at(2, 6));
    await w.toReview(second, other);
    await w.as(admin).desk.approve({ number: second });
    const line = (await w.as(other).orders.get({ number: second })).items[0];
    if (!line) throw new Error('monthly line missing');
    w.setNow(at(2, 6, 33));
    await w.as(admin).desk.deliver({ number: second, items: [{ itemId: line.id, details: 'invite' }] });

    // Order 3: paid on day 2, refunded on day 3 (its revenue, lines and subscription time go).
    const third = await w.placeOrder(buyer, [{ offerId: sub30.id }, { offerId: monthly.id }]);
    await w.toReview(third, buyer);
    await w.claim(admin, third);
    await w.as(admin).desk.approve({ number: third });
    w.setNow(at(3, 12));
    await w.as(admin).admin.orders.refund({ number: third, reason: 'Bought by mistake' });

    // Order 4 cancelled by its client; order 5 left unpaid and cancelled by the job two days later.
    const fourth = await w.placeOrder(client, [{ offerId: licence.id }]);
    await w.as(client).orders.cancel({ number: fourth });
    w.setNow(at(3, 13));
    await w.placeOrder(other, [{ offerId: monthly.id }]);
    w.setNow(at(5, 14));
    expect(await cancelUnpaidOrders(t.db, { hours: 48 }, w.deps())).toBe(1);
    // Order 6 is still waiting for its payment.
    w.setNow(at(4, 8));
    await w.placeOrder(client, [{ offerId: sub30.id }]);
    // The employee promotion takes an account created on day 1 out of the new clients.
    await w.as(admin).admin.users.setRole({ userId: other.id, role: 'employee' });

    for (const [from, to] of [
      [days[0], days[4]],
      [days[1], days[1]],
      [days[2], days[3]],
      [iso(day0 - 40 * DAY_MS), days[4]],
    ] as Array<[string, string]>) {
      const { rolled, scratch } = await bothWays(from, to);
      expect(rolled, `${from}..${to}`).toEqual(scratch);
    }
    const week = await bothWays(days[0] as string, days[4] as string);
    // What an admin reads for the week, in figures a person can check against the story above.
    expect(week.rolled.revenuePerDay.map((d) => d.orders)).toEqual([0, 1, 1, 0, 0]);
    expect(week.rolled.paidOrders).toBe(2);
    expect(week.rolled.totalRevenueCents).toBe(2 * 1500 + 4000 + 3 * 990);
    expect(week.rolled.ordersByStatus).toEqual([
      { status: 'awaiting_payment', count: 1 },
      { status: 'payment_review', count: 0 },
      { status: 'paid', count: 0 },
      { status: 'delivered', count: 2 },
      { status: 'cancelled', count: 2 },
      { status: 'refunded', count: 1 },
    ]);
    expect(week.rolled.topOffers.map((o) => o.offerId)).toEqual([licence.id, sub30.id, monthly.id]);
    expect(week.rolled.newClientsPerDay.map((d) => d.count)).toEqual([2, 0, 0, 0, 0]);
    expect(newcomer.role).toBe('client');
    // Order 1 took 87 minutes from payment to delivery, order 2 took 33.
    expect(week.rolled.avgDeliveryMinutes).toBe(60);
    await expectUpkeepToMatchRebuild();

    // Weeks later the subscriptions have ended and the job marks them expired: none active any more.
    const before = (await bothWays(days[0] as string, days[4] as string)).rolled.activeSubscriptions;
    expect(before).toBe(2);
    w.setNow(new Date(Date.now() + 100 * DAY_MS));
    await runSubscriptionReminders(t.db, { config: w.config, now: w.now() });
    const later = await bothWays(days[0] as string, days[4] as string);
    expect(later.rolled).toEqual(later.scratch);
    expect(later.rolled.activeSubscriptions).toBe(0);
    await expectUpkeepToMatchRebuild();
    w.setNow(null);
  });

  it('are rebuilt when rows were loaded behind their back, and found current afterwards', async () => {
    const offer = await w.offer({ price: 700 });
    const client = await createTestUser(t.db);
    // A bulk load: an account, orders, lines and a subscription written straight into the tables.
    await t.db
      .insertInto('users')
      .values({
        email: `bulk-${randomBytes(4).toString('hex')}@example.test`,
        full_name: 'Bulk Client',
        phone: '+14155550123',
        password_hash: 'not-a-real-hash',
        created_at: new Date(Date.now() - 2 * DAY_MS),
      })
      .execute();
    const paidAt = new Date(Date.now() - 3 * DAY_MS);
    const r = await t.db
      .insertInto('orders')
      .values({
        user_id: client.id,
        ...(await orderClient(t.db, client.id)),
        status: 'delivered',
        subtotal_cents: 2100,
        total_cents: 2100,
        idempotency_key: randomBytes(8).toString('hex'),
        created_at: new Date(paidAt.getTime() - HOUR_MS),
        paid_at: paidAt,
        delivered_at: new Date(paidAt.getTime() + 90_500),
      })
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('order_items')
      .values({
        order_id: Number(r.insertId),
        offer_id: offer.id,
        title: offer.title,
        service_name: 'Testly',
        unit_price_cents: 700,
        quantity: 3,
        delivery_mode: 'manual',
      })
      .execute();
    await t.db
      .insertInto('subscriptions')
      .values({
        user_id: client.id,
        offer_id: offer.id,
        starts_at: paidAt,
        ends_at: new Date(Date.now() + 20 * DAY_MS),
        status: 'active',
      })
      .execute();
    const range = { from: iso(Date.now() - 10 * DAY_MS), to: iso(Date.now()) };

    expect((await staleRollups(t.db)).sort()).toEqual(['orders', 'subscriptions', 'users']);
    const behind = await bothWays(range.from, range.to);
    expect(behind.rolled).not.toEqual(behind.scratch);

    // What the server does at start.
    const rebuilt = await rebuildStats(t.db, new Date(), { onlyIfStale: true });
    expect(rebuilt).toMatchObject({ rebuilt: true, stale: ['orders', 'users', 'subscriptions'] });
    expect(await staleRollups(t.db)).toEqual([]);
    const after = await bothWays(range.from, range.to);
    expect(after.rolled).toEqual(after.scratch);
    expect(after.rolled.topOffers).toContainEqual({
      offerId: offer.id,
      title: offer.title,
      revenueCents: 2100,
      units: 3,
    });
    // A second start finds nothing to do.
    expect((await rebuildStats(t.db, new Date(), { onlyIfStale: true })).rebuilt).toBe(false);
  });

  it('name the true top five when an offer that sells a little every month beats the monthly best sellers', async () => {
    // Six whole months, each with ten offers selling 10.00 once; one steady offer sells 9.00 every
    // month, never in a month's top ten but first over the half year (54.00).
    const months = Array.from({ length: 6 }, (_, i) => {
      const d = new Date(Date.now());
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 20 + i, 10));
    });
    const client = await createTestUser(t.db);
    const steady = await w.offer({ price: 900 });
    const clientColumns = await orderClient(t.db, client.id);
    const sell = async (offer: { id: number; title: string }, cents: number, at: Date) => {
      const r = await t.db
        .insertInto('orders')
        .values({
          user_id: client.id,
          ...clientColumns,
          status: 'paid',
          subtotal_cents: cents,
          total_cents: cents,
          idempotency_key: randomBytes(8).toString('hex'),
          created_at: at,
          paid_at: at,
        })
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('order_items')
        .values({
          order_id: Number(r.insertId),
          offer_id: offer.id,
          title: offer.title,
          service_name: 'Testly',
          unit_price_cents: cents,
          quantity: 1,
          delivery_mode: 'manual',
        })
        .execute();
    };
    for (const month of months) {
      for (let k = 0; k < 10; k += 1) await sell(await w.offer({ price: 1000 }), 1000, month);
      await sell(steady, 900, month);
    }
    await rebuildStats(t.db, new Date());
    const first = months[0] as Date;
    const last = months.at(-1) as Date;
    const from = iso(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1));
    const to = iso(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 0));
    const { rolled, scratch } = await bothWays(from, to);
    expect(rolled.topOffers).toEqual(scratch.topOffers);
    expect(rolled.topOffers[0]).toEqual({ offerId: steady.id, title: steady.title, revenueCents: 5400, units: 6 });
    // Loose days around the months too: the range starts and ends mid-month.
    const ragged = await bothWays(iso(first.getTime() - 5 * DAY_MS), iso(last.getTime() + 3 * DAY_MS));
    expect(ragged.rolled.topOffers).toEqual(ragged.scratch.topOffers);
  });
});

describe('statistics rollups under concurrency', () => {
  it('count every order when checkouts, payments and cancellations race, and while a rebuild runs', async () => {
    const offers = [await w.offer({ price: 1200 }), await w.offer({ price: 350 })];
    const clients = await Promise.all(Array.from({ length: 8 }, () => createTestUser(t.db)));
    const place = (c: SessionUser, i: number) =>
      w.placeOrder(c, [{ offerId: (offers[i % 2] as { id: number }).id, quantity: 1 + (i % 3) }]);
    // Eight checkouts at once, all counted on today's shared rows.
    const numbers = await Promise.all(clients.map((c, i) => place(c, i)));
    await Promise.all(numbers.map((n, i) => w.toReview(n, clients[i] as SessionUser)));
    for (const number of numbers) await w.claim(admin, number);
    // Approvals, cancellations and new checkouts at once, with a rebuild in the middle of them.
    await Promise.all([
      ...numbers.slice(0, 5).map((number) => w.as(admin).desk.approve({ number })),
      ...numbers.slice(5).map((number) => w.as(admin).desk.cancel({ number, reason: 'Duplicate order' })),
      ...clients.map((c, i) => place(c, i + 1)),
      rebuildStats(t.db, new Date()),
    ]);
    const today = iso(Date.now());
    const { rolled, scratch } = await bothWays(iso(Date.now() - DAY_MS), today);
    expect(rolled).toEqual(scratch);
    const count = (status: string) => rolled.ordersByStatus.find((s) => s.status === status)?.count;
    expect(count('paid')).toBeGreaterThanOrEqual(5);
    expect(count('cancelled')).toBeGreaterThanOrEqual(3);
    await expectUpkeepToMatchRebuild();
  });
});
