// Searching orders by client (the desk's and the admin's search) reads every order of the matched
// clients along (user_id, created_at), then keeps those of the queue's status and days. With the
// status in the index entry that check needs no row: 2,000 index entries instead of 2,000 row reads
// for a two-letter name at 1M orders. The index still serves a client's own list, newest first.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE orders DROP INDEX orders_user_created_idx,
    ADD INDEX orders_user_created_idx (user_id, created_at, status)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE orders DROP INDEX orders_user_created_idx,
    ADD INDEX orders_user_created_idx (user_id, created_at)`.execute(db);
}
