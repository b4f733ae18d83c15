// The read replica's lag as the shop sees it: each app process with DATABASE_REPLICA_URL writes the
// time to this one row on the primary about once a second, and reads it back from the replica; the
// replica is as stale as now minus the time it holds. Seconds_Behind_Master cannot stand in for it:
// it is NULL while the replica's SQL thread is stopped, however far behind it falls, and managed
// replicas often refuse SHOW REPLICA STATUS to the app's user.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE replica_heartbeat (
      id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
      beat_at DATETIME(3) NOT NULL,
      CONSTRAINT replica_heartbeat_one_ck CHECK (id = 1)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE replica_heartbeat`.execute(db);
}
