// Web push: the browsers a user opted in from, and the pushes waiting to go to them. A push is queued in
// the same transaction as the change it tells of (like the email outbox), so it is never sent for a
// change that rolled back, and a worker sends it after the commit: a slow push service never holds an
// order's row locks. The endpoint is a URL chosen by the browser's push service: ASCII, at most 1000
// characters, so its unique key fits InnoDB's 3072-byte limit.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE push_subscriptions (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      user_id BIGINT UNSIGNED NOT NULL,
      endpoint VARCHAR(1000) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      p256dh VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      auth VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY push_subscriptions_endpoint_uq (endpoint),
      KEY push_subscriptions_user_idx (user_id),
      CONSTRAINT push_subscriptions_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  await sql`
    CREATE TABLE push_outbox (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      user_id BIGINT UNSIGNED NOT NULL,
      title VARCHAR(200) NOT NULL,
      body VARCHAR(500) NOT NULL,
      url VARCHAR(200) NOT NULL,
      attempts SMALLINT UNSIGNED NOT NULL DEFAULT 0,
      next_attempt_at DATETIME(3) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY push_outbox_due_idx (next_attempt_at),
      CONSTRAINT push_outbox_user_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE push_outbox`.execute(db);
  await sql`DROP TABLE push_subscriptions`.execute(db);
}
