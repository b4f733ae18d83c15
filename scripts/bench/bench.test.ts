// The benchmark's machinery against a tiny scale database: the real server and the bare handler
// both answer, logins work, the captured checkout replays into real orders, EXPLAIN comes back, and
// the run leaves the database as it found it. No timing is asserted: figures come from npm run bench.
import { randomBytes } from 'node:crypto';
import { DEMO_PASSWORD } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { loadEnv } from '@damso/server/env';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsOverview } from '../../packages/api/src/services/stats/overview.ts';
import { staleRollups } from '../../packages/api/src/services/stats/rebuild.ts';
import { statsFromScratch } from '../../packages/api/src/testing/stats.ts';
import { testIo } from '../lib/test-io.ts';
import { seedScale, startOfDay } from '../seed-scale.ts';
import { SqlCapture } from './capture.ts';
import { mutation } from './cases.ts';
import { bench } from './index.ts';
import { replay } from './replay.ts';

const key = randomBytes(32).toString('hex');
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  const { io, output } = testIo({ DATABASE_URL: t.url, ENCRYPTION_KEY: key });
  const code = await seedScale(
    ['--scale', '0.001', '--database', t.name, '--now', startOfDay(new Date()).toISOString(), '--no-images'],
    io,
  );
  if (code !== 0) throw new Error(output());
});
afterAll(() => t.drop());

// Starts the app and the bare handler and loads each for a second: minutes on a busy 2-core machine.
describe('npm run bench', { timeout: 300_000 }, () => {
  it('measures a page and a checkout on the app and on the bare handler, then cleans up', async () => {
    const orders = () =>
      t.db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
    const before = Number((await orders()).n);
    const report = await bench(
      t.url,
      key,
      {
        only: ['home', 'checkout'],
        durationS: 1,
        connections: 2,
        bare: true,
        cache: true,
        lighthouse: false,
        database: t.name,
        out: '',
      },
      () => {},
    );
    expect(report.cases.map((c) => c.name)).toEqual(['home', 'checkout (after cart.add)']);
    for (const c of report.cases) {
      expect(c.app.requests, c.name).toBeGreaterThan(0);
      expect(c.app.errors, c.name).toBe(0);
      expect(c.bare?.requests, c.name).toBeGreaterThan(0);
      expect(c.bare?.errors, c.name).toBe(0);
      expect(c.app.p95, c.name).toBeGreaterThanOrEqual(c.app.p50);
    }
    const home = report.cases[0];
    expect(home?.explain.map((e) => e.sql).join('\n')).toContain('from `categories`');
    // Every order the checkouts made, by the app and by the bare replay, is gone again, and out of the
    // statistics rollups too.
    expect(Number((await orders()).n)).toBe(before);
    expect(await staleRollups(t.db)).toEqual([]);
    const range = { from: iso(Date.now() - 2 * 86_400_000), to: iso(Date.now()) };
    const at = new Date();
    expect(await statsOverview(t.db, range, at)).toEqual(await statsFromScratch(t.db, range, at));
  });

  it('measures the shop while admins load the statistics, apart from the statistics themselves', async () => {
    const report = await bench(
      t.url,
      key,
      {
        only: ['stats'],
        durationS: 1,
        connections: 2,
        bare: true,
        cache: true,
        lighthouse: false,
        database: t.name,
        out: '',
      },
      () => {},
    );
    expect(report.cases.map((c) => c.name)).toEqual([
      'statistics, 12 months',
      'statistics, 12 months, one at a time',
      'offer page, 2 admins loading 12-month statistics',
    ]);
    for (const c of report.cases) {
      expect(c.app.requests, c.name).toBeGreaterThan(0);
      expect(c.app.errors, c.name).toBe(0);
    }
    const shop = report.cases[2];
    // Only the offer page is timed; the admins' requests are load, and there is no bare twin of it.
    expect(shop?.explain.map((e) => e.sql).join('\n')).toContain('from `offers`');
    expect(shop?.bare).toBeNull();
  });

  it('replays a captured checkout on a bare pool as new, complete orders', async () => {
    const capture = new SqlCapture(
      loadEnv({ DATABASE_URL: t.url, ENCRYPTION_KEY: key, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://bench.test' }),
    );
    try {
      const origin = { origin: 'http://bench.test' };
      const client = await t.db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('role', '=', 'client')
        .where('email_verified_at', 'is not', null)
        .where('status', '=', 'active')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const offer = await t.db
        .selectFrom('offers')
        .select('id')
        .where('is_active', '=', 1)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      // A client whose cart holds only what the test puts there (the scale data leaves some carts filled).
      await t.db
        .deleteFrom('cart_items')
        .where('cart_id', 'in', (eb) => eb.selectFrom('carts').select('id').where('user_id', '=', client.id))
        .execute();
      const login = await capture.request(
        mutation('auth.logIn', { email: client.email, password: DEMO_PASSWORD }),
        origin,
      );
      expect(login.status, login.body).toBe(200);
      const headers = { ...origin, cookie: login.cookie ?? '' };
      const add = await capture.request(mutation('cart.add', { offerId: offer.id, quantity: 1 }), headers);
      const checkout = await capture.request(
        mutation('orders.checkout', { idempotencyKey: 'replay-test-captured' }),
        headers,
      );
      expect([add.status, checkout.status], checkout.body).toEqual([200, 200]);

      const mine = () =>
        t.db
          .selectFrom('orders')
          .select(['id', 'number', 'idempotency_key'])
          .where('user_id', '=', client.id)
          .orderBy('id')
          .execute();
      const before = await mine();
      for (const n of [1, 2]) {
        await replay(capture.pool, { steps: add.steps }, null);
        await replay(
          capture.pool,
          { steps: checkout.steps, requestKey: 'replay-test-captured' },
          `replay-test-bare-${n}`,
        );
      }
      const made = (await mine()).slice(before.length);
      expect(made.map((o) => o.idempotency_key)).toEqual(['replay-test-bare-1', 'replay-test-bare-2']);
      for (const order of made) {
        expect(order.number).toBe(`DS-${String(order.id).padStart(6, '0')}`);
        const items = await t.db
          .selectFrom('order_items')
          .select('offer_id')
          .where('order_id', '=', order.id)
          .execute();
        expect(items).toEqual([{ offer_id: offer.id }]);
        const events = await t.db
          .selectFrom('order_events')
          .select('to_status')
          .where('order_id', '=', order.id)
          .execute();
        expect(events).toEqual([{ to_status: 'awaiting_payment' }]);
      }
      // Each replayed checkout emptied the cart line its cart.add made, as the app's does.
      const left = await t.db
        .selectFrom('cart_items as ci')
        .innerJoin('carts as c', 'c.id', 'ci.cart_id')
        .select('ci.id')
        .where('c.user_id', '=', client.id)
        .execute();
      expect(left).toEqual([]);
    } finally {
      await capture.close();
    }
  });
});
