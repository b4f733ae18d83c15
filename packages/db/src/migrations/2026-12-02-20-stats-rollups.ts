// Daily rollups behind the admin statistics, so a year of figures reads a few thousand small rows
// instead of aggregating every order. They are derived data: the order services keep them current in
// the transactions that change orders, and `npm run stats:rebuild` (also run at server start when
// they are found behind the orders) recomputes them from scratch. Counters are signed so a rollup
// that is behind (a bulk load not yet rebuilt) can never make a checkout or refund fail on underflow.
import { type Kysely, sql } from 'kysely';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Orders by the UTC day they were created and their current status. max_order_id only grows: the
  // start-up check compares it with the orders table to find orders that were loaded behind its back.
  await sql`
    CREATE TABLE stats_order_days (
      day DATE NOT NULL,
      status ENUM('awaiting_payment','payment_review','paid','delivered','cancelled','refunded') NOT NULL,
      orders INT NOT NULL DEFAULT 0,
      max_order_id BIGINT UNSIGNED NOT NULL DEFAULT 0,
      PRIMARY KEY (day, status)
    ) ${sql.raw(TABLE)}`.execute(db);
  // Paid and delivered orders by the UTC day of payment: revenue, and payment-to-delivery seconds of
  // the delivered ones.
  await sql`
    CREATE TABLE stats_revenue_days (
      day DATE NOT NULL,
      currency CHAR(3) NOT NULL,
      paid_orders INT NOT NULL DEFAULT 0,
      revenue_cents BIGINT NOT NULL DEFAULT 0,
      delivered_orders INT NOT NULL DEFAULT 0,
      delivery_seconds BIGINT NOT NULL DEFAULT 0,
      PRIMARY KEY (day, currency)
    ) ${sql.raw(TABLE)}`.execute(db);
  // Lines of paid and delivered orders per offer, by payment day and by payment month. The rank
  // indexes give each day's and month's best sellers in order, which bounds the top offers of a range.
  await sql`
    CREATE TABLE stats_offer_days (
      offer_id BIGINT UNSIGNED NOT NULL,
      day DATE NOT NULL,
      revenue_cents BIGINT NOT NULL DEFAULT 0,
      units INT NOT NULL DEFAULT 0,
      PRIMARY KEY (offer_id, day),
      KEY stats_offer_days_rank_idx (day, revenue_cents)
    ) ${sql.raw(TABLE)}`.execute(db);
  await sql`
    CREATE TABLE stats_offer_months (
      offer_id BIGINT UNSIGNED NOT NULL,
      month DATE NOT NULL,
      revenue_cents BIGINT NOT NULL DEFAULT 0,
      units INT NOT NULL DEFAULT 0,
      PRIMARY KEY (offer_id, month),
      KEY stats_offer_months_rank_idx (month, revenue_cents)
    ) ${sql.raw(TABLE)}`.execute(db);
  // The same lines split by the title they were sold under: an offer renamed mid-range shows its
  // greatest title, as the query over order_items did. A rebuild sums the days from it.
  await sql`
    CREATE TABLE stats_offer_titles (
      offer_id BIGINT UNSIGNED NOT NULL,
      day DATE NOT NULL,
      title VARCHAR(160) NOT NULL,
      items INT NOT NULL DEFAULT 0,
      revenue_cents BIGINT NOT NULL DEFAULT 0,
      units INT NOT NULL DEFAULT 0,
      PRIMARY KEY (offer_id, day, title)
    ) ${sql.raw(TABLE)}`.execute(db);
  // Accounts by the UTC day they were created: the clients among them, and the greatest user id
  // (every account counts there, so the start-up check sees accounts loaded behind its back).
  await sql`
    CREATE TABLE stats_client_days (
      day DATE NOT NULL PRIMARY KEY,
      clients INT NOT NULL DEFAULT 0,
      max_user_id BIGINT UNSIGNED NOT NULL DEFAULT 0
    ) ${sql.raw(TABLE)}`.execute(db);
  // Subscriptions by the UTC day they end (9999-12-31 for none): how many are active or expiring, so
  // "active now" adds up the days after today instead of counting every live subscription.
  await sql`
    CREATE TABLE stats_subscription_days (
      day DATE NOT NULL PRIMARY KEY,
      active INT NOT NULL DEFAULT 0,
      max_subscription_id BIGINT UNSIGNED NOT NULL DEFAULT 0
    ) ${sql.raw(TABLE)}`.execute(db);
  // One row: writers share-lock it before touching the rollups, a rebuild locks it exclusively.
  await sql`
    CREATE TABLE stats_state (
      id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
      rebuilt_at DATETIME(3) NULL,
      CONSTRAINT stats_state_one_ck CHECK (id = 1)
    ) ${sql.raw(TABLE)}`.execute(db);
  await sql`INSERT INTO stats_state (id) VALUES (1)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'stats_state',
    'stats_subscription_days',
    'stats_client_days',
    'stats_offer_titles',
    'stats_offer_months',
    'stats_offer_days',
    'stats_revenue_days',
    'stats_order_days',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
