// Staff notes on a customer, shown on the admin's customer page. Read newest first per user, so the
// index leads with (user_id, created_at); a note outlives its author (author_id set to NULL).
// Sessions also keep the browser and network they started from, so a user's list of sessions can say
// which device each one is (the list never shows a session's id).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE user_notes (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      user_id BIGINT UNSIGNED NOT NULL,
      author_id BIGINT UNSIGNED NULL,
      body VARCHAR(2000) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY user_notes_user_created_idx (user_id, created_at),
      CONSTRAINT user_notes_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
      CONSTRAINT user_notes_author_fk FOREIGN KEY (author_id) REFERENCES users(id) ON DELETE SET NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  await sql`ALTER TABLE sessions ADD COLUMN user_agent VARCHAR(255) NULL, ADD COLUMN ip VARCHAR(45) NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sessions DROP COLUMN user_agent, DROP COLUMN ip`.execute(db);
  await sql`DROP TABLE user_notes`.execute(db);
}
