// Admin statistics against orders, users and subscriptions written into a real database (then the
// rollups rebuilt from them). The sales are history in March 2025, queried with explicit ranges, so
// nothing the helpers create "now" (and no clock moved forward) lands in them; what is compared with
// now (active subscriptions) is relative to now.
import { randomBytes } from 'node:crypto';
import { orderClient } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser } from '../../testing/index.ts';
import { orderWorld } from '../../testing/orders.ts';
import { rebuildStats } from './rebuild.ts';

type Status = 'awaiting_payment' | 'payment_review' | 'paid' | 'delivered' | 'cancelled' | 'refunded';

let t: TestDatabase;
let admin: SessionUser;
let client: SessionUser;
let world: ReturnType<typeof orderWorld>;
let cheap: { id: number; title: string };
let pricey: { id: number; title: string };

async function order(opts: {
  status: Status;
  created: string;
  paid?: string;
  delivered?: string;
  items: Array<{ offer: { id: number; title: string }; price: number; quantity?: number }>;
}) {
  const total = opts.items.reduce((s, i) => s + i.price * (i.quantity ?? 1), 0);
  const r = await t.db
    .insertInto('orders')
    .values({
      user_id: client.id,
      ...(await orderClient(t.db, client.id)),
      status: opts.status,
      subtotal_cents: total,
      total_cents: total,
      idempotency_key: randomBytes(12).toString('hex'),
      created_at: new Date(opts.created),
      paid_at: opts.paid ? new Date(opts.paid) : null,
      delivered_at: opts.delivered ? new Date(opts.delivered) : null,
    })
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('order_items')
    .values(
      opts.items.map((i) => ({
        order_id: Number(r.insertId),
        offer_id: i.offer.id,
        title: i.offer.title,
        service_name: 'Testly',
        unit_price_cents: i.price,
        quantity: i.quantity ?? 1,
        delivery_mode: 'manual' as const,
      })),
    )
    .execute();
}

async function clientCreatedAt(at: string) {
  const u = await createTestUser(t.db);
  await t.db
    .updateTable('users')
    .set({ created_at: new Date(at) })
    .where('id', '=', u.id)
    .execute();
}

async function rejection(p: Promise<unknown>) {
  try {
    await p;
    return null;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, message: error.message };
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { role: 'admin' });
  client = await createTestUser(t.db);
  world = orderWorld(t.db);
  cheap = await world.offer({ price: 500 });
  pricey = await world.offer({ price: 3000 });

  // Paid late on 1 March (UTC), delivered 90 minutes later.
  await order({
    status: 'delivered',
    created: '2025-03-01T20:00:00Z',
    paid: '2025-03-01T23:30:00Z',
    delivered: '2025-03-02T01:00:00Z',
    items: [{ offer: cheap, price: 500, quantity: 7 }],
  });
  // Paid on 2 March, delivered 30 minutes later: the average is (90 + 30) / 2 = 60 minutes.
  await order({
    status: 'delivered',
    created: '2025-03-02T09:00:00Z',
    paid: '2025-03-02T10:00:00Z',
    delivered: '2025-03-02T10:30:00Z',
    items: [{ offer: pricey, price: 3000 }],
  });
  // Paid, not yet delivered: revenue, but no delivery time.
  await order({
    status: 'paid',
    created: '2025-03-02T11:00:00Z',
    paid: '2025-03-02T12:00:00Z',
    items: [{ offer: cheap, price: 500 }],
  });
  // Refunded after payment: no revenue.
  await order({
    status: 'refunded',
    created: '2025-03-02T13:00:00Z',
    paid: '2025-03-02T13:30:00Z',
    items: [{ offer: pricey, price: 3000, quantity: 5 }],
  });
  // Cancelled before payment, and one still waiting.
  await order({ status: 'cancelled', created: '2025-03-03T08:00:00Z', items: [{ offer: pricey, price: 3000 }] });
  await order({ status: 'awaiting_payment', created: '2025-03-03T09:00:00Z', items: [{ offer: cheap, price: 500 }] });
  // Paid in April: outside a March range, inside a March–April one.
  await order({
    status: 'paid',
    created: '2025-04-01T00:10:00Z',
    paid: '2025-04-01T00:20:00Z',
    items: [{ offer: cheap, price: 500, quantity: 2 }],
  });

  await clientCreatedAt('2025-03-02T05:00:00Z');
  await clientCreatedAt('2025-03-02T18:00:00Z');
  await clientCreatedAt('2025-03-05T23:59:59Z');
  await clientCreatedAt('2025-03-06T00:00:00Z');

  const now = Date.now();
  const future = new Date(now + 30 * 86_400_000);
  const past = new Date(now - 86_400_000);
  const sub = (status: 'active' | 'expiring' | 'expired' | 'cancelled', ends: Date | null) => ({
    user_id: client.id,
    offer_id: cheap.id,
    starts_at: new Date(now - 60 * 86_400_000),
    status,
    ends_at: ends,
  });
  await t.db
    .insertInto('subscriptions')
    .values([
      sub('active', future),
      sub('expiring', future),
      sub('active', null),
      sub('expired', past),
      sub('cancelled', future),
      // Still marked active but its end has passed (the nightly job has not run yet): not active now.
      sub('active', past),
    ])
    .execute();
  // All of the above was written straight into the tables, as a restore or bulk load would: the
  // statistics rollups are rebuilt from it, as the server does at start.
  await rebuildStats(t.db, new Date());
});
afterAll(() => t.drop());

describe('admin.stats.overview', () => {
  it('counts revenue of paid and delivered orders by UTC payment day, not refunded or unpaid ones', async () => {
    const s = await world.as(admin).admin.stats.overview({ from: '2025-03-01', to: '2025-03-05' });
    expect(s.currency).toBe('USD');
    expect(s.revenuePerDay).toEqual([
      { day: '2025-03-01', revenueCents: 3500, orders: 1 },
      { day: '2025-03-02', revenueCents: 3500, orders: 2 },
      { day: '2025-03-03', revenueCents: 0, orders: 0 },
      { day: '2025-03-04', revenueCents: 0, orders: 0 },
      { day: '2025-03-05', revenueCents: 0, orders: 0 },
    ]);
    expect(s.totalRevenueCents).toBe(7000);
    expect(s.paidOrders).toBe(3);
    expect(s.revenuePerMonth).toEqual([{ month: '2025-03', revenueCents: 7000, orders: 3 }]);
  });

  it('splits revenue by month over a longer range', async () => {
    const s = await world.as(admin).admin.stats.overview({ from: '2025-03-01', to: '2025-04-30' });
    expect(s.revenuePerDay).toHaveLength(61);
    expect(s.revenuePerMonth).toEqual([
      { month: '2025-03', revenueCents: 7000, orders: 3 },
      { month: '2025-04', revenueCents: 1000, orders: 1 },
    ]);
  });

  it('counts orders created in the range by status', async () => {
    const s = await world.as(admin).admin.stats.overview({ from: '2025-03-01', to: '2025-03-31' });
    expect(Object.fromEntries(s.ordersByStatus.map((r) => [r.status, r.count]))).toEqual({
      awaiting_payment: 1,
      payment_review: 0,
      paid: 1,
      delivered: 2,
      cancelled: 1,
      refunded: 1,
    });
  });

  it('ranks offers by paid revenue, leaving refunded sales out', async () => {
    const s = await world.as(admin).admin.stats.overview({ from: '2025-03-01', to: '2025-03-31' });
    // Counting the refunded 5 × 30.00 would put the pricey plan first; without it the cheap plan leads.
    expect(s.topOffers).toEqual([
      { offerId: cheap.id, title: cheap.title, revenueCents: 4000, units: 8 },
      { offerId: pricey.id, title: pricey.title, revenueCents: 3000, units: 1 },
    ]);
  });

  it('averages the minutes from payment to delivery', async () => {
    const s = await world.as(admin).admin.stats.overview({ from: '2025-03-01', to: '2025-03-31' });
    expect(s.avgDeliveryMinutes).toBe(60);
    expect(s.deliveredOrders).toBe(2);
    const quiet = await world.as(admin).admin.stats.overview({ from: '2025-03-10', to: '2025-03-20' });
    expect(quiet.avgDeliveryMinutes).toBeNull();
  });

  it('counts new clients per UTC day and active subscriptions now', async () => {
    const s = await world.as(admin).admin.stats.overview({ from: '2025-03-01', to: '2025-03-05' });
    expect(s.newClientsPerDay.map((d) => d.count)).toEqual([0, 2, 0, 0, 1]);
    expect(s.newClients).toBe(3);
    expect(s.activeSubscriptions).toBe(3);
  });

  it('rejects ranges that are backwards, too long or not dates, naming the field', async () => {
    const caller = world.as(admin).admin.stats;
    const backwards = await rejection(caller.overview({ from: '2025-03-05', to: '2025-03-01' }));
    expect(backwards?.code).toBe('BAD_REQUEST');
    expect(backwards?.message).toContain('The end date must be on or after the start date');
    expect(backwards?.message).toContain('"to"');

    const long = await rejection(caller.overview({ from: '2025-01-01', to: '2026-01-02' }));
    expect(long?.message).toContain('Choose a range of at most 366 days');
    // 366 days exactly is allowed.
    await expect(caller.overview({ from: '2024-01-01', to: '2024-12-31' })).resolves.toBeTruthy();

    const bad = await rejection(caller.overview({ from: '2025-02-30', to: '2025-03-01' }));
    expect(bad?.message).toContain('Enter a real start date');
    const shape = await rejection(caller.overview({ from: '1/3/2025', to: '2025-03-01' }));
    expect(shape?.message).toContain('Enter the start date as YYYY-MM-DD');
  });
});

describe('admin.stats.revenueCsv', () => {
  it('returns one row per day after a header, in major units', async () => {
    const r = await world.as(admin).admin.stats.revenueCsv({ from: '2025-03-01', to: '2025-03-03' });
    expect(r.filename).toBe('revenue-2025-03-01-to-2025-03-03.csv');
    expect(r.csv.split('\r\n')).toEqual([
      'date,paid_orders,revenue,currency',
      '2025-03-01,1,35.00,USD',
      '2025-03-02,2,35.00,USD',
      '2025-03-03,0,0.00,USD',
      '',
    ]);
  });

  it('is refused to staff who are not admins', async () => {
    const employee = await createTestUser(t.db, { role: 'employee' });
    const r = await rejection(world.as(employee).admin.stats.revenueCsv({ from: '2025-03-01', to: '2025-03-03' }));
    expect(r?.code).toBe('FORBIDDEN');
  });
});

describe('admin.stats.defaultRange', () => {
  it('is the last 30 days, today included, by the server’s clock in UTC', async () => {
    // 23:30 on 1 March in New York is already 2 March in UTC; February 2026 has 28 days.
    const evening = new Date('2026-03-01T23:30:00-05:00');
    expect(await callerFor(t.db, admin, { clock: () => evening }).admin.stats.defaultRange()).toEqual({
      from: '2026-02-01',
      to: '2026-03-02',
    });
    // Another clock, another range: the wall clock plays no part. February 2028 has 29 days.
    const leap = new Date('2028-03-01T00:00:00Z');
    const caller = callerFor(t.db, admin, { clock: () => leap }).admin.stats;
    const range = await caller.defaultRange();
    expect(range).toEqual({ from: '2028-02-01', to: '2028-03-01' });
    // The page opens on it, so overview accepts it as it is.
    expect((await caller.overview(range)).revenuePerDay).toHaveLength(30);
  });

  it('is refused to staff who are not admins', async () => {
    const employee = await createTestUser(t.db, { role: 'employee' });
    expect((await rejection(world.as(employee).admin.stats.defaultRange()))?.code).toBe('FORBIDDEN');
  });
});
