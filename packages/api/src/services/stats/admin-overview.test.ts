// The admin overview against orders on known days (written straight into the tables, then the rollups
// rebuilt from them, as the server does at start) and a pinned clock: 10 March 2026, 12:00 UTC. Then an
// order placed and paid through the API on a later day, which the rollups' upkeep must show at once.
import { randomBytes } from 'node:crypto';
import { orderClient } from '@damso/db';
import { PERMISSIONS, type PermissionTable } from '@damso/validators';
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, createTestUser, refusalOf, testConfig } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';
import { rebuildStats } from './rebuild.ts';

type Status = 'awaiting_payment' | 'payment_review' | 'paid' | 'delivered' | 'cancelled' | 'refunded';

const bed = orderTestBed({ admin: true, client: true });
let cheap: { id: number; title: string };
let pricey: { id: number; title: string };

const NOW = new Date('2026-03-10T12:00:00Z');

async function order(opts: {
  status: Status;
  created: string;
  paid?: string;
  offer?: { id: number; title: string };
  cents: number;
}) {
  const offer = opts.offer ?? cheap;
  const r = await bed.db
    .insertInto('orders')
    .values({
      user_id: bed.client.id,
      ...(await orderClient(bed.db, bed.client.id)),
      number: `DS-T${randomBytes(4).toString('hex')}`,
      status: opts.status,
      subtotal_cents: opts.cents,
      total_cents: opts.cents,
      idempotency_key: randomBytes(12).toString('hex'),
      created_at: new Date(opts.created),
      paid_at: opts.paid ? new Date(opts.paid) : null,
      delivered_at: opts.status === 'delivered' && opts.paid ? new Date(opts.paid) : null,
    })
    .executeTakeFirstOrThrow();
  await bed.db
    .insertInto('order_items')
    .values({
      order_id: Number(r.insertId),
      offer_id: offer.id,
      title: offer.title,
      service_name: 'Testly',
      unit_price_cents: opts.cents,
      quantity: 1,
      delivery_mode: 'manual',
    })
    .execute();
}

beforeAll(async () => {
  cheap = await bed.w.offer({ price: 1000 });
  pricey = await bed.w.offer({ price: 5000 });

  // Today, 10 March, before noon: 10.00 and 25.00 paid, a refund (never counted), one awaiting payment.
  await order({ status: 'delivered', created: '2026-03-10T08:00:00Z', paid: '2026-03-10T09:00:00Z', cents: 1000 });
  await order({ status: 'paid', created: '2026-03-10T10:30:00Z', paid: '2026-03-10T11:00:00Z', cents: 2500 });
  await order({ status: 'refunded', created: '2026-03-10T09:30:00Z', paid: '2026-03-10T10:00:00Z', cents: 9900 });
  await order({ status: 'awaiting_payment', created: '2026-03-10T11:30:00Z', cents: 1000 });
  // Yesterday: 15.00 paid before noon counts against today; 40.00 paid (and placed) after noon does not.
  await order({ status: 'delivered', created: '2026-03-09T09:00:00Z', paid: '2026-03-09T10:00:00Z', cents: 1500 });
  await order({ status: 'delivered', created: '2026-03-09T14:00:00Z', paid: '2026-03-09T15:00:00Z', cents: 4000 });
  await order({ status: 'payment_review', created: '2026-03-09T11:00:00Z', cents: 1000 });
  // Earlier this month: the pricey plan's 50.00 makes it this month's best seller.
  await order({
    status: 'delivered',
    created: '2026-03-02T09:00:00Z',
    paid: '2026-03-02T10:00:00Z',
    offer: pricey,
    cents: 5000,
  });
  // February: 20.00 and 3.00 by 10 February at noon; 7.00 later that day and 80.00 on the 20th after it.
  await order({ status: 'delivered', created: '2026-02-05T09:00:00Z', paid: '2026-02-05T10:00:00Z', cents: 2000 });
  await order({ status: 'delivered', created: '2026-02-10T10:00:00Z', paid: '2026-02-10T11:00:00Z', cents: 300 });
  await order({ status: 'delivered', created: '2026-02-10T12:30:00Z', paid: '2026-02-10T13:00:00Z', cents: 700 });
  await order({ status: 'delivered', created: '2026-02-20T09:00:00Z', paid: '2026-02-20T10:00:00Z', cents: 8000 });
  await rebuildStats(bed.db, NOW);
  bed.w.setNow(NOW);
});

describe('admin.overview figures', () => {
  it('compares today so far with yesterday until the same time, from paid and placed orders', async () => {
    const o = await bed.w.as(bed.admin).admin.overview();
    expect(o.currency).toBe('USD');
    expect(o.today).toEqual({
      current: { revenueCents: 3500, paidOrders: 2, placedOrders: 4 },
      previous: { revenueCents: 1500, paidOrders: 1, placedOrders: 2 },
    });
    expect(o.periods.today.previousTo).toEqual(new Date('2026-03-09T12:00:00Z'));
  });

  it('compares the month so far with last month until the same day and time', async () => {
    const o = await bed.w.as(bed.admin).admin.overview();
    expect(o.month).toEqual({
      current: { revenueCents: 14_000, paidOrders: 5, placedOrders: 8 },
      previous: { revenueCents: 2300, paidOrders: 2, placedOrders: 2 },
    });
    expect(o.periods.month.previousFrom).toEqual(new Date('2026-02-01T00:00:00Z'));
    expect(o.periods.month.previousTo).toEqual(new Date('2026-02-10T12:00:00Z'));
  });

  it('takes all of a shorter previous month on the days it does not have', async () => {
    const late = callerFor(bed.db, bed.admin, { config: bed.w.config, clock: () => new Date('2026-03-31T10:00:00Z') });
    const o = await late.admin.overview();
    expect(o.periods.month.previousTo).toEqual(new Date('2026-03-01T00:00:00Z'));
    expect(o.month.previous).toEqual({ revenueCents: 11_000, paidOrders: 4, placedOrders: 4 });
    // Nothing yet on the 31st, or on the 30th before 10:00.
    expect(o.today).toEqual({
      current: { revenueCents: 0, paidOrders: 0, placedOrders: 0 },
      previous: { revenueCents: 0, paidOrders: 0, placedOrders: 0 },
    });
  });

  it('ranks this month’s offers by revenue and lists the newest orders', async () => {
    const o = await bed.w.as(bed.admin).admin.overview();
    // February's sales are last month's; the refunded 99.00 is no sale.
    expect(o.topOffers).toEqual([
      { offerId: cheap.id, title: cheap.title, revenueCents: 9000, units: 4 },
      { offerId: pricey.id, title: pricey.title, revenueCents: 5000, units: 1 },
    ]);
    expect(o.recentOrders?.map((r) => r.totalCents)).toEqual([8000, 700, 300, 2000, 5000]);
    expect(o.recentOrders?.[0]?.clientEmail).toBe(bed.client.email);
  });
});

describe('admin.overview to-dos', () => {
  it('counts payments to verify, orders to deliver, low stock, reported comments and failed emails', async () => {
    const low = await bed.w.offer({ mode: 'automatic', threshold: 3 });
    await bed.w.stock(low.id, ['LOW-1']);
    // Flagged once, then restocked past its threshold without a sale since: no longer low.
    const refilled = await bed.w.offer({ mode: 'automatic', threshold: 3 });
    await bed.w.stock(refilled.id, ['R-1', 'R-2', 'R-3', 'R-4']);
    await bed.db.updateTable('offers').set({ low_stock_alerted: 1 }).where('id', 'in', [low.id, refilled.id]).execute();
    const comment = (report_count: number, hidden: boolean) => ({
      offer_id: cheap.id,
      user_id: bed.client.id,
      body: 'A comment for moderation.',
      report_count,
      hidden_at: hidden ? NOW : null,
    });
    await bed.db
      .insertInto('comments')
      .values([comment(2, false), comment(1, true), comment(0, false)])
      .execute();
    const email = (status: 'failed' | 'sent') => ({
      to_address: 'someone@example.test',
      template: 'test',
      subject: 'Hello',
      html: '<p>Hello</p>',
      text: 'Hello',
      status,
    });
    await bed.db
      .insertInto('email_outbox')
      .values([email('failed'), email('failed'), email('sent')])
      .execute();

    const o = await bed.w.as(bed.admin).admin.overview();
    expect(o.todos).toEqual([
      { id: 'payment_review', count: 1, link: '/desk/queue/payment_review' },
      { id: 'paid', count: 1, link: '/desk/queue/paid' },
      {
        id: 'low_stock',
        count: 1,
        link: '/admin/offers?stock=low',
        offers: [{ id: low.id, title: low.title, available: 1, threshold: 3, link: `/admin/offers/${low.id}` }],
      },
      { id: 'comments', count: 1, link: '/admin/comments?tab=reported' },
      { id: 'failed_emails', count: 2, link: '/admin/outbox?status=failed' },
    ]);
  });
});

describe('admin.overview permissions', () => {
  it('is refused to employees and clients', async () => {
    const employee = await createTestUser(bed.db, { role: 'employee' });
    expect((await refusalOf(bed.w.as(employee).admin.overview()))?.code).toBe('FORBIDDEN');
    expect((await refusalOf(bed.w.as(bed.client).admin.overview()))?.code).toBe('FORBIDDEN');
  });

  it('shows a viewer only the to-dos and orders of the pages their role opens', async () => {
    // A shop that lets employees read statistics: they get the figures and the desk's to-dos only.
    const permissions: PermissionTable = { ...PERMISSIONS, 'admin:stats': ['employee', 'admin'] };
    const employee = await createTestUser(bed.db, { role: 'employee' });
    const caller = callerFor(bed.db, employee, { config: { ...testConfig(), permissions }, clock: () => NOW });
    const o = await caller.admin.overview();
    expect(o.today.current.revenueCents).toBe(3500);
    expect(o.todos.map((d) => d.id)).toEqual(['payment_review', 'paid']);
    expect(o.recentOrders).toBeNull();
  });
});

describe('admin.overview after a sale through the shop', () => {
  it('shows an order paid today at once, and its payment as a to-do until then', async () => {
    bed.w.setNow(new Date('2026-05-15T09:00:00Z'));
    const before = await bed.w.as(bed.admin).admin.overview();
    expect(before.today.current).toEqual({ revenueCents: 0, paidOrders: 0, placedOrders: 0 });
    const reviewing = before.todos.find((d) => d.id === 'payment_review')?.count ?? 0;

    const buyer = await createTestUser(bed.db);
    const number = await bed.w.placeOrder(buyer, [{ offerId: pricey.id }]);
    await bed.w.toReview(number, buyer);
    const waiting = await bed.w.as(bed.admin).admin.overview();
    expect(waiting.todos.find((d) => d.id === 'payment_review')?.count).toBe(reviewing + 1);
    expect(waiting.today.current).toEqual({ revenueCents: 0, paidOrders: 0, placedOrders: 1 });
    expect(waiting.recentOrders?.[0]?.number).toBe(number);

    await bed.w.claim(bed.admin, number);
    await bed.w.as(bed.admin).desk.approve({ number });
    const after = await bed.w.as(bed.admin).admin.overview();
    expect(after.today.current).toEqual({ revenueCents: 5000, paidOrders: 1, placedOrders: 1 });
    expect(after.month.current.revenueCents).toBe(5000);
    expect(after.todos.find((d) => d.id === 'payment_review')?.count).toBe(reviewing);
    expect(after.topOffers).toEqual([{ offerId: pricey.id, title: pricey.title, revenueCents: 5000, units: 1 }]);
  });
});
