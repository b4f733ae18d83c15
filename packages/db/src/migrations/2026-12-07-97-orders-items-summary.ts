// Every order list shows each order's items ("2 × Netflix Premium"). Built per row from order_items
// (a JSON aggregate over an index range and its rows), they were a third of a list's database time
// at 1M orders; the items never change once an order is placed, so checkout writes them on the order
// as the list shows them (itemsSummary). Orders placed before this, or written without it, are read
// the old way (listedOrders), so a NULL here is never wrong, only slower; the backfill below, in
// batches of ids so no statement holds the table for long, makes those rare.
import { type Kysely, sql } from 'kysely';

const BATCH = 20_000;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE orders ADD COLUMN items_summary JSON NULL`.execute(db);
  const { rows } = await sql<{ top: number | null }>`SELECT MAX(id) AS top FROM orders`.execute(db);
  const top = Number(rows[0]?.top ?? 0);
  for (let from = 1; from <= top; from += BATCH) {
    await sql`UPDATE orders o SET o.items_summary = (
        SELECT JSON_ARRAYAGG(JSON_OBJECT('title', i.title, 'quantity', i.quantity))
        FROM order_items i WHERE i.order_id = o.id)
      WHERE o.id BETWEEN ${from} AND ${from + BATCH - 1}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE orders DROP COLUMN items_summary`.execute(db);
}
