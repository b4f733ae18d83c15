// Every order list counts, per row, the messages its viewer has not read: the other side's messages
// (is_staff) after the last one read. With is_staff in the index entry the count reads no message row.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX order_messages_unread_idx ON order_messages (order_id, is_staff, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX order_messages_unread_idx ON order_messages`.execute(db);
}
