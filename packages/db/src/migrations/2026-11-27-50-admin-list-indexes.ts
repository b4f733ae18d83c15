// Admin lists: users searched by name prefix, the audit log filtered by entity type newest first,
// and the outbox filtered by status newest first. Each filter walks its index instead of sorting.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX users_full_name_idx ON users (full_name)`.execute(db);
  await sql`CREATE INDEX audit_log_type_created_idx ON audit_log (entity_type, created_at)`.execute(db);
  await sql`CREATE INDEX email_outbox_status_created_idx ON email_outbox (status, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX email_outbox_status_created_idx ON email_outbox`.execute(db);
  await sql`DROP INDEX audit_log_type_created_idx ON audit_log`.execute(db);
  await sql`DROP INDEX users_full_name_idx ON users`.execute(db);
}
