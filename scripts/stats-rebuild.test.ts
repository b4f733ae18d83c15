// npm run stats:rebuild against a test database: orders written behind the app's back show on the
// statistics once it has run, --if-stale does nothing when they are current, and --database names
// another database on the same server.
import { randomBytes } from 'node:crypto';
import { orderClient } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsOverview } from '../packages/api/src/services/stats/overview.ts';
import { testIo } from './lib/test-io.ts';
import { statsRebuild } from './stats-rebuild.ts';

let t: TestDatabase;
let other: TestDatabase;
beforeAll(async () => {
  [t, other] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await t.drop();
  await other.drop();
});

const today = () => new Date().toISOString().slice(0, 10);

/** A paid order of 12.34 for one line, inserted straight into the tables as a bulk load would. */
async function loadPaidOrder(target: TestDatabase) {
  const user = await target.db
    .insertInto('users')
    .values({
      email: `bulk-${randomBytes(4).toString('hex')}@example.test`,
      full_name: 'Bulk Client',
      phone: '+14155550123',
      password_hash: 'not-a-real-hash',
    })
    .executeTakeFirstOrThrow();
  const category = await target.db
    .insertInto('categories')
    .values({ slug: `c-${randomBytes(3).toString('hex')}`, name: `Category ${randomBytes(3).toString('hex')}` })
    .executeTakeFirstOrThrow();
  const offer = await target.db
    .insertInto('offers')
    .values({
      slug: `plan-${randomBytes(3).toString('hex')}`,
      title: 'Bulk plan',
      service_name: 'Testly',
      category_id: Number(category.insertId),
      description: 'A plan.',
      price_cents: 1234,
      delivery_mode: 'manual',
    })
    .executeTakeFirstOrThrow();
  const now = new Date();
  const order = await target.db
    .insertInto('orders')
    .values({
      user_id: Number(user.insertId),
      ...(await orderClient(target.db, Number(user.insertId))),
      status: 'paid',
      subtotal_cents: 1234,
      total_cents: 1234,
      idempotency_key: randomBytes(8).toString('hex'),
      created_at: now,
      paid_at: now,
    })
    .executeTakeFirstOrThrow();
  await target.db
    .insertInto('order_items')
    .values({
      order_id: Number(order.insertId),
      offer_id: Number(offer.insertId),
      title: 'Bulk plan',
      service_name: 'Testly',
      unit_price_cents: 1234,
      quantity: 1,
      delivery_mode: 'manual',
    })
    .execute();
}

const revenueToday = async (target: TestDatabase) =>
  (await statsOverview(target.db, { from: today(), to: today() }, new Date())).totalRevenueCents;

describe('npm run stats:rebuild', () => {
  it('brings orders loaded behind the app onto the statistics, and then finds nothing to do', async () => {
    await loadPaidOrder(t);
    expect(await revenueToday(t)).toBe(0);

    const first = testIo({ DATABASE_URL: t.url });
    expect(await statsRebuild(['--if-stale'], first.io)).toBe(0);
    expect(first.output()).toMatch(/Rebuilt in .* \(they were behind the orders, users\)/);
    expect(await revenueToday(t)).toBe(1234);

    const again = testIo({ DATABASE_URL: t.url });
    expect(await statsRebuild(['--if-stale'], again.io)).toBe(0);
    expect(again.output()).toContain('The rollups are current: nothing to do.');
  });

  it('rebuilds the database named by --database, and refuses a bad name', async () => {
    await loadPaidOrder(other);
    const run = testIo({ DATABASE_URL: t.url });
    expect(await statsRebuild(['--database', other.name], run.io)).toBe(0);
    expect(run.output()).toContain(`Rebuilding the statistics rollups of ${other.name}`);
    expect(await revenueToday(other)).toBe(1234);

    const bad = testIo({ DATABASE_URL: t.url });
    expect(await statsRebuild(['--database', 'no way'], bad.io)).toBe(1);
    expect(bad.output()).toContain('--database must be letters, digits and _');
  });
});
