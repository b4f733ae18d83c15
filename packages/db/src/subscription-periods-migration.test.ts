// The subscription-periods migration on rows written before it: one period per subscription from its
// current dates with its order item, and the secrets earlier refunds left readable erased.
import { type Kysely, sql } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { migrateTo, migrationBefore } from './migrate.ts';
import { createTestDatabase } from './testing.ts';

const NAME = '2026-12-01-20-subscription-periods';
const DAY = 86_400_000;

describe(`migration ${NAME}`, () => {
  it('gives each existing subscription one period and erases what refunds left readable', async () => {
    const t = await createTestDatabase({ migrate: false });
    onTestFinished(() => t.drop());
    const db = t.db as unknown as Kysely<unknown>;
    const previous = migrationBefore(NAME);
    expect((await migrateTo(db, previous)).at(-1)).toBe(`Up ${previous}`);

    const now = new Date();
    const at = (days: number) => new Date(now.getTime() + days * DAY);
    const id = async (q: { execute: (db: Kysely<unknown>) => Promise<{ insertId?: bigint }> }) =>
      Number((await q.execute(db)).insertId);
    const user = await id(
      sql`INSERT INTO users (email, full_name, phone, password_hash) VALUES ('m@example.test', 'M', '+14155550101', 'x')`,
    );
    const category = await id(sql`INSERT INTO categories (slug, name) VALUES ('m', 'M')`);
    const offer = await id(
      sql`INSERT INTO offers (slug, title, service_name, category_id, description, duration_days, price_cents, delivery_mode)
          VALUES ('m', 'Plan', 'Svc', ${category}, 'd', 30, 100, 'automatic')`,
    );
    const order = async (status: string) =>
      id(
        sql`INSERT INTO orders (number, user_id, status, subtotal_cents, total_cents, idempotency_key)
            VALUES (${`M-${status}`}, ${user}, ${status}, 100, 100, ${status})`,
      );
    const item = async (orderId: number) =>
      id(
        sql`INSERT INTO order_items (order_id, offer_id, title, service_name, unit_price_cents, quantity, duration_days,
              delivery_mode, delivery_ciphertext, delivered_at)
            VALUES (${orderId}, ${offer}, 'Plan', 'Svc', 100, 1, 30, 'automatic', ${Buffer.from('secret')}, ${at(-40)})`,
      );
    const kept = await item(await order('delivered'));
    const refundedOrder = await order('refunded');
    const refunded = await item(refundedOrder);
    await sql`INSERT INTO order_events (order_id, from_status, to_status, created_at)
              VALUES (${refundedOrder}, 'delivered', 'refunded', ${at(-2)})`.execute(db);
    await sql`INSERT INTO offer_stock_codes (offer_id, code_ciphertext, code_hash, status, order_item_id)
              VALUES (${offer}, ${Buffer.from('k1')}, 'h1', 'delivered', ${kept}),
                     (${offer}, ${Buffer.from('k2')}, 'h2', 'revoked', ${refunded})`.execute(db);
    const live = await id(
      sql`INSERT INTO subscriptions (user_id, offer_id, order_item_id, starts_at, ends_at, status, created_at)
          VALUES (${user}, ${offer}, ${kept}, ${at(-40)}, ${at(20)}, 'active', ${at(-40)})`,
    );
    const cancelled = await id(
      sql`INSERT INTO subscriptions (user_id, offer_id, order_item_id, starts_at, ends_at, status, created_at)
          VALUES (${user}, ${offer}, ${refunded}, ${at(-40)}, ${at(-10)}, 'cancelled', ${at(-40)})`,
    );

    expect(await migrateTo(db, NAME)).toEqual([`Up ${NAME}`]);

    const periods = await sql<{
      subscription_id: number;
      order_item_id: number | null;
      starts_at: Date;
      ends_at: Date | null;
      delivered_at: Date;
      state: string;
    }>`SELECT subscription_id, order_item_id, starts_at, ends_at, delivered_at, state
       FROM subscription_periods ORDER BY subscription_id`.execute(db);
    expect(periods.rows).toEqual([
      {
        subscription_id: live,
        order_item_id: kept,
        starts_at: at(-40),
        ends_at: at(20),
        delivered_at: at(-40),
        state: 'active',
      },
      {
        subscription_id: cancelled,
        order_item_id: refunded,
        starts_at: at(-40),
        ends_at: at(-10),
        delivered_at: at(-40),
        state: 'refunded',
      },
    ]);
    const items = await sql<{ id: number; delivery_ciphertext: Buffer | null; revoked_at: Date | null }>`
      SELECT id, delivery_ciphertext, revoked_at FROM order_items ORDER BY id`.execute(db);
    expect(items.rows).toEqual([
      { id: kept, delivery_ciphertext: Buffer.from('secret'), revoked_at: null },
      { id: refunded, delivery_ciphertext: null, revoked_at: at(-2) },
    ]);
    const codes = await sql<{ status: string; code_ciphertext: Buffer }>`
      SELECT status, code_ciphertext FROM offer_stock_codes ORDER BY id`.execute(db);
    expect(codes.rows.map((c) => [c.status, c.code_ciphertext.toString()])).toEqual([
      ['delivered', 'k1'],
      ['revoked', ''],
    ]);

    expect(await migrateTo(db, previous)).toEqual([`Down ${NAME}`]);
  });
});
