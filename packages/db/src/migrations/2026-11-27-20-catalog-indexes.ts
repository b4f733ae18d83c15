// Indexes for the catalog's comment pages and moderation queue: the offer page lists top-level
// comments newest first, and the queue's "hidden" tab filters on hidden_at alone.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX comments_offer_thread_idx ON comments (offer_id, parent_id, created_at)`.execute(db);
  await sql`CREATE INDEX comments_hidden_idx ON comments (hidden_at, created_at)`.execute(db);
  await sql`CREATE INDEX offers_updated_idx ON offers (updated_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX offers_updated_idx ON offers`.execute(db);
  await sql`DROP INDEX comments_hidden_idx ON comments`.execute(db);
  await sql`DROP INDEX comments_offer_thread_idx ON comments`.execute(db);
}
