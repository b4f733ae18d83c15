// The admin overview lists offers whose stock fell under their threshold (offers.low_stock_alerted,
// set by the low-stock alert): an index finds those few among 100k offers instead of reading them all.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX offers_low_stock_idx ON offers (low_stock_alerted)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX offers_low_stock_idx ON offers`.execute(db);
}
