// An offer's comments, read by every offer page, are cached like the catalog (see
// packages/api/src/services/catalog/cache.ts): their version's 16 shard rows are made here.
//
// A signed-in client's view of them asks two things of the rating rule: did they receive
// this offer in a delivered order, and did they rate it already. Measured at scale for the busiest
// clients and the most sold offers:
// - their comments on that offer with a rating: along (user_id) alone MariaDB intersected it with the
//   offer's comments and read all of them (2,062 for a popular offer, 0.67 ms); along
//   (user_id, offer_id, rating) it reads the one or two that answer (0.01 ms);
// - their delivered orders holding the offer: each of ~250 delivered orders looked up its items, then
//   read each item's row for its offer; with the offer in the order's index the rows are not read
//   (1.5 → 0.7 ms for a client who never bought the offer).
import { type Kysely, sql } from 'kysely';
import { CACHE_VERSION_SHARDS } from './2026-12-07-20-cache-versions.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Each in one statement: the foreign keys on user_id and order_id always have an index to use.
  await sql`ALTER TABLE comments ADD INDEX comments_user_offer_idx (user_id, offer_id, rating),
    DROP INDEX comments_user_idx`.execute(db);
  await sql`ALTER TABLE order_items DROP INDEX order_items_order_idx,
    ADD INDEX order_items_order_idx (order_id, offer_id)`.execute(db);
  const shards = Array.from({ length: CACHE_VERSION_SHARDS }, (_, shard) => sql`('comments', ${shard})`);
  await sql`INSERT IGNORE INTO cache_versions (name, shard) VALUES ${sql.join(shards)}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM cache_versions WHERE name = 'comments'`.execute(db);
  await sql`ALTER TABLE order_items DROP INDEX order_items_order_idx,
    ADD INDEX order_items_order_idx (order_id)`.execute(db);
  await sql`ALTER TABLE comments ADD INDEX comments_user_idx (user_id),
    DROP INDEX comments_user_offer_idx`.execute(db);
}
