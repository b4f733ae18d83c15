// A client's orders are listed newest first by (created_at, id): "my orders" and the admin's customer
// page. The index the order search needed, (user_id, created_at, status), sorts by status before the
// id InnoDB appends, so those lists sorted every order of the client in memory (418 for a frequent
// buyer at scale). With the id named before the status, the index is in list order again and still
// holds the status the search filters on.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE orders DROP INDEX orders_user_created_idx,
    ADD INDEX orders_user_created_idx (user_id, created_at, id, status)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE orders DROP INDEX orders_user_created_idx,
    ADD INDEX orders_user_created_idx (user_id, created_at, status)`.execute(db);
}
