// When the author last changed a comment's text or rating. updated_at also moves on reports and
// moderation, so it cannot tell readers that the words they see were edited.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE comments ADD COLUMN edited_at DATETIME(3) NULL AFTER hidden_by`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE comments DROP COLUMN edited_at`.execute(db);
}
