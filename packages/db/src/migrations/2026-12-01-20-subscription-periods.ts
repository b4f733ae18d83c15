// Subscription time per order: one period per delivered order item, so a refund removes exactly what
// that order gave. subscriptions.ends_at stays what the rest of the app reads and is recomputed from
// the periods. Refunded items keep the fact and time of delivery and revocation, never the secret:
// the migration erases what earlier refunds left readable (one-way: `down` cannot bring it back).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE subscription_periods (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      subscription_id BIGINT UNSIGNED NOT NULL,
      order_item_id BIGINT UNSIGNED NULL,
      starts_at DATETIME(3) NOT NULL,
      ends_at DATETIME(3) NULL,
      delivered_at DATETIME(3) NOT NULL,
      state ENUM('active','refunded') NOT NULL DEFAULT 'active',
      refunded_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY subscription_periods_item_uq (order_item_id),
      KEY subscription_periods_sub_idx (subscription_id, id),
      CONSTRAINT subscription_periods_sub_fk FOREIGN KEY (subscription_id) REFERENCES subscriptions(id) ON DELETE CASCADE,
      CONSTRAINT subscription_periods_item_fk FOREIGN KEY (order_item_id) REFERENCES order_items(id) ON DELETE SET NULL,
      CONSTRAINT subscription_periods_range_ck CHECK (ends_at IS NULL OR ends_at > starts_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  // One period per existing subscription from its current dates. Renewals before this migration were
  // folded into the first order's row, so that history is one period; only the lowest subscription
  // of an item (there should be one) keeps the item link the unique key allows.
  await sql`
    INSERT INTO subscription_periods
      (subscription_id, order_item_id, starts_at, ends_at, delivered_at, state, refunded_at, created_at)
    SELECT s.id,
      CASE WHEN s.id = (SELECT MIN(x.id) FROM subscriptions x WHERE x.order_item_id = s.order_item_id)
        THEN s.order_item_id END,
      s.starts_at, s.ends_at, s.starts_at,
      IF(s.status = 'cancelled', 'refunded', 'active'),
      IF(s.status = 'cancelled', s.updated_at, NULL),
      s.created_at
    FROM subscriptions s
    ORDER BY s.id`.execute(db);

  await sql`ALTER TABLE order_items ADD COLUMN revoked_at DATETIME(3) NULL AFTER delivered_by`.execute(db);
  await sql`ALTER TABLE order_events ADD COLUMN detail VARCHAR(500) NULL AFTER note`.execute(db);
  await sql`
    UPDATE order_items i
    JOIN orders o ON o.id = i.order_id
    SET i.delivery_ciphertext = NULL,
      i.revoked_at = COALESCE(
        (SELECT MAX(e.created_at) FROM order_events e WHERE e.order_id = o.id AND e.to_status = 'refunded'),
        o.updated_at)
    WHERE o.status = 'refunded' AND i.delivered_at IS NOT NULL`.execute(db);
  await sql`UPDATE offer_stock_codes SET code_ciphertext = '' WHERE status = 'revoked'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE order_events DROP COLUMN detail`.execute(db);
  await sql`ALTER TABLE order_items DROP COLUMN revoked_at`.execute(db);
  await sql`DROP TABLE subscription_periods`.execute(db);
}
