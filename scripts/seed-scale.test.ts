// npm run seed:scale at a tiny scale into test databases: the rows hang together as the app would
// have left them, and the same seed and day give the same rows.
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { defaultStatsRange } from '@damso/validators';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { statsOverview } from '../packages/api/src/services/stats/overview.ts';
import { staleRollups } from '../packages/api/src/services/stats/rebuild.ts';
import { statsFromScratch } from '../packages/api/src/testing/stats.ts';
import { orphanedForeignKeys } from './lib/scale/verify.ts';
import { testIo } from './lib/test-io.ts';
import { seedScale, startOfDay } from './seed-scale.ts';

const key = randomBytes(32).toString('hex');
const now = startOfDay(new Date()).toISOString();
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const t of databases) await t.drop();
});

async function load(extra: string[] = [], t?: TestDatabase) {
  const target = t ?? (await createTestDatabase());
  if (!t) databases.push(target);
  const { io, output } = testIo({ DATABASE_URL: target.url, ENCRYPTION_KEY: key });
  const code = await seedScale(
    ['--scale', '0.001', '--database', target.name, '--now', now, '--no-images', ...extra],
    io,
  );
  return { t: target, code, out: output() };
}

/** A fingerprint of the rows people see (ciphertexts and password hashes are random by design). */
async function checksum(t: TestDatabase): Promise<string> {
  const parts = await Promise.all(
    [
      sql`SELECT COUNT(*) AS n, SUM(CRC32(CONCAT_WS('|', id, email, full_name, role, status, created_at))) AS c FROM users`,
      sql`SELECT COUNT(*) AS n, SUM(CRC32(CONCAT_WS('|', id, slug, price_cents, sold_count, rating_sum, created_at))) AS c FROM offers`,
      sql`SELECT COUNT(*) AS n, SUM(CRC32(CONCAT_WS('|', id, number, user_id, status, total_cents, created_at, paid_at))) AS c FROM orders`,
      sql`SELECT COUNT(*) AS n, SUM(CRC32(CONCAT_WS('|', id, order_id, offer_id, quantity, delivered_at))) AS c FROM order_items`,
      sql`SELECT COUNT(*) AS n, SUM(CRC32(CONCAT_WS('|', id, offer_id, user_id, rating, body, hidden_at))) AS c FROM comments`,
    ].map(async (q) => JSON.stringify((await q.execute(t.db)).rows)),
  );
  return parts.join(';');
}

describe('npm run seed:scale', { timeout: 300_000 }, () => {
  it('loads every kind of row, consistent with the app’s own rules', async () => {
    const { t, code, out } = await load();
    expect(code, out).toBe(0);
    expect(out).toContain('Loaded');
    const count = async (
      table:
        | 'users'
        | 'offers'
        | 'orders'
        | 'order_items'
        | 'order_events'
        | 'subscriptions'
        | 'comments'
        | 'order_messages'
        | 'offer_stock_codes',
    ) =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('users')).toBe(200);
    expect(await count('offers')).toBe(100);
    expect(await count('orders')).toBe(1000);
    for (const table of [
      'order_items',
      'order_events',
      'subscriptions',
      'comments',
      'order_messages',
      'offer_stock_codes',
    ] as const) {
      expect(await count(table), table).toBeGreaterThan(0);
    }
    expect((await orphanedForeignKeys(t.db, t.name)).filter((o) => o.rows > 0)).toEqual([]);

    const lonely = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM orders o
      WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)
         OR NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id)`.execute(t.db);
    expect(Number(lonely.rows[0]?.n)).toBe(0);
    // The timeline starts with the order and ends in the order's status; paid and delivered times match it.
    const timelines = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM orders o
      JOIN order_events first ON first.id = (SELECT MIN(id) FROM order_events WHERE order_id = o.id)
      JOIN order_events last ON last.id = (SELECT MAX(id) FROM order_events WHERE order_id = o.id)
      WHERE first.from_status IS NOT NULL OR first.to_status <> 'awaiting_payment' OR last.to_status <> o.status
         OR (o.paid_at IS NOT NULL) <> (o.status IN ('paid', 'delivered', 'refunded'))
         OR (o.delivered_at IS NOT NULL) <> (o.status IN ('delivered', 'refunded'))
         OR o.subtotal_cents <> (SELECT SUM(unit_price_cents * quantity) FROM order_items WHERE order_id = o.id)`.execute(
      t.db,
    );
    expect(Number(timelines.rows[0]?.n)).toBe(0);
    const statuses = await t.db.selectFrom('orders').select('status').distinct().execute();
    expect(statuses.map((s) => s.status)).toEqual(expect.arrayContaining(['delivered', 'cancelled']));
    // Offers carry the tallies the app keeps: sales from delivered items, ratings from visible comments.
    const drift = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM offers o
      WHERE o.sold_count <> (SELECT COALESCE(SUM(quantity), 0) FROM order_items WHERE offer_id = o.id AND delivered_at IS NOT NULL)
         OR o.rating_count <> (SELECT COUNT(rating) FROM comments WHERE offer_id = o.id AND hidden_at IS NULL)`.execute(
      t.db,
    );
    expect(Number(drift.rows[0]?.n)).toBe(0);
    // The shop's category counts were recounted after the load.
    const miscounted = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM categories c
      WHERE c.active_offer_count <> (SELECT COUNT(*) FROM offers o WHERE o.category_id = c.id AND o.is_active = 1)`.execute(
      t.db,
    );
    expect(Number(miscounted.rows[0]?.n)).toBe(0);
    // Subscription time is kept per delivered item, and a subscription ends where its last live period does.
    const periods = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM order_items i
      WHERE i.delivered_at IS NOT NULL AND i.duration_days IS NOT NULL
        AND (SELECT COUNT(*) FROM subscription_periods p WHERE p.order_item_id = i.id) <> 1`.execute(t.db);
    expect(Number(periods.rows[0]?.n)).toBe(0);
    const ends = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM subscriptions s
      WHERE s.status <> 'cancelled'
        AND s.ends_at <> (SELECT MAX(ends_at) FROM subscription_periods WHERE subscription_id = s.id AND state = 'active')`.execute(
      t.db,
    );
    expect(Number(ends.rows[0]?.n)).toBe(0);
    const demo = await t.db
      .selectFrom('users')
      .select(['email', 'role'])
      .where('email', 'like', '%@damso.test')
      .orderBy('id')
      .execute();
    expect(demo).toEqual([
      { email: 'admin@damso.test', role: 'admin' },
      { email: 'employee@damso.test', role: 'employee' },
      { email: 'client@damso.test', role: 'client' },
    ]);
    // The statistics rollups were summed at the end: none is behind, and a year of figures on the
    // admin page equals the count from scratch.
    expect(await staleRollups(t.db)).toEqual([]);
    const year = defaultStatsRange(new Date(), 365);
    const at = new Date();
    expect(await statsOverview(t.db, year, at)).toEqual(await statsFromScratch(t.db, year, at));
  });

  it('gives the same rows for the same seed and day, other rows for another seed', async () => {
    const first = await load();
    const again = await load();
    const other = await load(['--seed', '2']);
    expect([first.code, again.code, other.code]).toEqual([0, 0, 0]);
    expect(await checksum(again.t)).toBe(await checksum(first.t));
    expect(await checksum(other.t)).not.toBe(await checksum(first.t));
  });

  it('refuses a database that holds data unless told to reset it', async () => {
    const first = await load();
    expect(first.code).toBe(0);
    const refused = await load([], first.t);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('already holds data. Add --reset');
    const reset = await load(['--reset'], first.t);
    expect(reset.code, reset.out).toBe(0);
  });

  it('says what is wrong with a bad option', async () => {
    const { io, output } = testIo({ DATABASE_URL: 'mysql://root@127.0.0.1:1/x', ENCRYPTION_KEY: key });
    expect(await seedScale(['--scale', 'lots'], io)).toBe(1);
    expect(output()).toContain('--scale must be a number above 0');
  });
});
