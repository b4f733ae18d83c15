// The outbox worker claims rows with a lease instead of holding a transaction open while it talks
// to SMTP. A claimed row is `sending`, owned by `lease_owner` until `next_attempt_at` (the lease's
// end), after which any process may take it again; a sent row keeps the owner that sent it. `next_attempt_at` is NULL once a row is sent or failed,
// so the due index holds only work and a claim walks it in due order, locking just the rows it takes.
// `message_id` keeps a re-sent email recognisable; `secrets` lists what to blank out once sent.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE email_outbox
    MODIFY status ENUM('pending','sending','sent','failed') NOT NULL DEFAULT 'pending',
    MODIFY next_attempt_at DATETIME(3) NULL DEFAULT NULL,
    ADD COLUMN lease_owner VARCHAR(100) NULL AFTER next_attempt_at,
    ADD COLUMN message_id VARCHAR(64) NULL AFTER lease_owner,
    ADD COLUMN secrets TEXT NULL AFTER text`.execute(db);
  await sql`UPDATE email_outbox SET next_attempt_at = NULL WHERE status IN ('sent','failed')`.execute(db);
  await sql`DROP INDEX email_outbox_due_idx ON email_outbox`.execute(db);
  await sql`CREATE INDEX email_outbox_next_idx ON email_outbox (next_attempt_at)`.execute(db);
  await sql`CREATE INDEX email_outbox_sent_idx ON email_outbox (status, sent_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX email_outbox_sent_idx ON email_outbox`.execute(db);
  await sql`DROP INDEX email_outbox_next_idx ON email_outbox`.execute(db);
  await sql`CREATE INDEX email_outbox_due_idx ON email_outbox (status, next_attempt_at)`.execute(db);
  await sql`UPDATE email_outbox SET status = 'pending' WHERE status = 'sending'`.execute(db);
  await sql`UPDATE email_outbox SET next_attempt_at = created_at WHERE next_attempt_at IS NULL`.execute(db);
  await sql`ALTER TABLE email_outbox
    DROP COLUMN secrets,
    DROP COLUMN message_id,
    DROP COLUMN lease_owner,
    MODIFY next_attempt_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    MODIFY status ENUM('pending','sent','failed') NOT NULL DEFAULT 'pending'`.execute(db);
}
