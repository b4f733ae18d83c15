// The bell lists a user's newest notifications on every poll: (user_id, id) serves that ORDER BY id
// DESC LIMIT 20 straight from the index instead of sorting all of the user's rows.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX notifications_user_recent_idx ON notifications (user_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX notifications_user_recent_idx ON notifications`.execute(db);
}
