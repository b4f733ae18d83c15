// Versions of what app processes keep in memory (today the catalog's answers, see
// packages/api/src/services/catalog/cache.ts). A transaction that changes what the catalog shows adds 1
// to one of 16 shard rows, picked at random, so busy writers rarely wait for each other; a reader sums
// the shards. The sum grows with every commit whatever their order, which a timestamp or an
// auto-increment id would not guarantee (a long transaction can commit after a later one).
import { type Kysely, sql } from 'kysely';

export const CACHE_VERSION_SHARDS = 16;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE cache_versions (
      name VARCHAR(40) NOT NULL,
      shard TINYINT UNSIGNED NOT NULL,
      version BIGINT UNSIGNED NOT NULL DEFAULT 0,
      PRIMARY KEY (name, shard)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  const shards = Array.from({ length: CACHE_VERSION_SHARDS }, (_, shard) => sql`('catalog', ${shard})`);
  await sql`INSERT INTO cache_versions (name, shard) VALUES ${sql.join(shards)}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE cache_versions`.execute(db);
}
