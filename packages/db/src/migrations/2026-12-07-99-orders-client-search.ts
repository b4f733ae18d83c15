// Staff find orders by the client's email or name prefix. Through the users table a prefix shared by
// thousands of clients ("ada", 2,400 clients at 200k) could only be searched for its first 200 clients
// each way, and still read ~1,000 index entries and joined every order of the queue to its client.
// Each order now carries its client's current email and name (kept so by every write of either:
// orders/client-copy.ts), and two indexes per way walk one three-letter bucket in order-id order —
// whole history, or one status — so the newest (or, at the desk, oldest) page of matches is read
// straight off the index, however many clients share the prefix. Searches that match few clients
// still go through the users table (desk-queries.ts), where they read less.
//
// Writers must name both columns: after the backfill they have no default, so an insert that forgets
// them fails instead of hiding its order from every search.
import { type Kysely, sql } from 'kysely';

const BATCH = 50_000;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE orders ADD COLUMN client_email VARCHAR(254) NOT NULL DEFAULT '',
    ADD COLUMN client_name VARCHAR(100) NOT NULL DEFAULT '',
    ADD COLUMN client_email3 CHAR(3) AS (LEFT(client_email, 3)) VIRTUAL,
    ADD COLUMN client_name3 CHAR(3) AS (LEFT(client_name, 3)) VIRTUAL`.execute(db);
  const { rows } = await sql<{ top: number | null }>`SELECT MAX(id) AS top FROM orders`.execute(db);
  const top = Number(rows[0]?.top ?? 0);
  // In batches of ids, so no statement holds the table for long.
  for (let from = 1; from <= top; from += BATCH) {
    await sql`UPDATE orders o JOIN users u ON u.id = o.user_id
      SET o.client_email = u.email, o.client_name = u.full_name
      WHERE o.id BETWEEN ${from} AND ${from + BATCH - 1}`.execute(db);
  }
  await sql`ALTER TABLE orders ALTER COLUMN client_email DROP DEFAULT,
    ALTER COLUMN client_name DROP DEFAULT,
    ADD INDEX orders_client_email_idx (client_email3, id, client_email),
    ADD INDEX orders_client_name_idx (client_name3, id, client_name),
    ADD INDEX orders_status_client_email_idx (status, client_email3, id, client_email),
    ADD INDEX orders_status_client_name_idx (status, client_name3, id, client_name)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE orders DROP INDEX orders_client_email_idx, DROP INDEX orders_client_name_idx,
    DROP INDEX orders_status_client_email_idx, DROP INDEX orders_status_client_name_idx,
    DROP COLUMN client_email3, DROP COLUMN client_name3,
    DROP COLUMN client_email, DROP COLUMN client_name`.execute(db);
}
