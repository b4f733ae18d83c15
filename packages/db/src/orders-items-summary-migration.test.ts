// The items-summary migration on orders placed before it: each gets the summary checkout now writes
// (same JSON, items in the order they were bought), and an order without items keeps none.
import { type Kysely, sql } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { migrateTo, migrationBefore } from './migrate.ts';
import { itemsSummary } from './order-items-summary.ts';
import { createTestDatabase } from './testing.ts';

const NAME = '2026-12-07-97-orders-items-summary';

describe(`migration ${NAME}`, () => {
  it('writes the summary of every order placed before it', async () => {
    const t = await createTestDatabase({ migrate: false });
    onTestFinished(() => t.drop());
    const db = t.db as unknown as Kysely<unknown>;
    const previous = migrationBefore(NAME);
    expect((await migrateTo(db, previous)).at(-1)).toBe(`Up ${previous}`);

    const id = async (q: { execute: (db: Kysely<unknown>) => Promise<{ insertId?: bigint }> }) =>
      Number((await q.execute(db)).insertId);
    const user = await id(
      sql`INSERT INTO users (email, full_name, phone, password_hash) VALUES ('s@example.test', 'S', '+14155550102', 'x')`,
    );
    const category = await id(sql`INSERT INTO categories (slug, name) VALUES ('s', 'S')`);
    const offer = await id(
      sql`INSERT INTO offers (slug, title, service_name, category_id, description, duration_days, price_cents, delivery_mode)
          VALUES ('s', 'Plan', 'Svc', ${category}, 'd', 30, 100, 'automatic')`,
    );
    const order = (key: string) =>
      id(
        sql`INSERT INTO orders (number, user_id, status, subtotal_cents, total_cents, idempotency_key)
            VALUES (${key}, ${user}, 'paid', 100, 100, ${key})`,
      );
    const bought = [
      { title: 'Tunely "Family" — 12 months', quantity: 2 },
      { title: 'Écran Basic', quantity: 1 },
    ];
    const withItems = await order('S-1');
    for (const item of bought) {
      await sql`INSERT INTO order_items (order_id, offer_id, title, service_name, unit_price_cents, quantity, delivery_mode)
                VALUES (${withItems}, ${offer}, ${item.title}, 'Svc', 100, ${item.quantity}, 'automatic')`.execute(db);
    }
    const empty = await order('S-2');

    expect(await migrateTo(db, NAME)).toEqual([`Up ${NAME}`]);
    const { rows } = await sql<{ id: number; items_summary: unknown }>`
      SELECT id, items_summary FROM orders ORDER BY id`.execute(db);
    // JSON comes back as text or, where the server marks the column as JSON, already parsed.
    const parsed = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    const summaries = new Map(rows.map((r) => [r.id, parsed(r.items_summary)]));
    expect(summaries.get(withItems)).toEqual(JSON.parse(itemsSummary(bought)));
    expect(summaries.get(empty)).toBeNull();
  });
});
