// The admin's order list and CSV filtered by the day an order was placed, with no status: an index on
// created_at walks exactly the range, newest first, instead of the primary key back to the range.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX orders_created_idx ON orders (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX orders_created_idx ON orders`.execute(db);
}
