// The catalog at 100k offers: every sort reads its order from an index instead of sorting, and every
// page is a walk of that index from a cursor, so page 1 and page 500 cost the same.
// - rating_avg: the sort key of "best rated", computed by the database from rating_sum/rating_count
//   whenever they change (the comment transactions), so no writer can forget it. 0 = not rated yet.
// - search_text: title and service name folded to " word word … " (letters and digits, lower case),
//   so "every word starts like this" is a LIKE on index entries. It rides at the end of the sort
//   indexes: a search for a common word walks the sort order and stops when the page is full.
// - FULLTEXT on title and service name finds the few offers of a rare word. It replaces the index that
//   also held the description: templated descriptions made "stre" match 40% of the catalog, and
//   InnoDB's full-text cost grows with every offer a word matches.
// - Sort indexes per sort key, plain, by category and by duration, each ending with the filter
//   columns so a filter is checked inside the index. Backward scans give the descending sorts.
// - categories.active_offer_count: the shop's category counts, kept by the offer services in the
//   transaction that changes an offer (seeds and bulk loads recount, see recountCategoryOffers).
// - comments: the offer page counts and lists the visible top-level comments along one index, without
//   reading each of a popular offer's thousands of comments to check that it is not hidden.
// - orders: the desk's "paid, out of stock" count reads a few index entries, not every paid order.
// - users: the admin list walks one index per filter by date, the unfiltered one holding the email,
//   name, role and status so a search checks them there; a narrow prefix search reads
//   (prefix, created_at, role, status) entries only, never the rows of every match.
import { type Kysely, sql } from 'kysely';

const SORT_KEYS = {
  sold: 'sold_count',
  price: 'price_cents',
  created: 'created_at',
  rating: 'rating_avg, rating_count',
} as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // utf8mb4_unicode_ci makes LIKE case- and accent-insensitive like the full-text index.
  await sql`ALTER TABLE offers
    ADD COLUMN rating_avg DECIMAL(5,4) AS (COALESCE(rating_sum / NULLIF(rating_count, 0), 0)) STORED,
    ADD COLUMN search_text VARCHAR(255) AS
      (LOWER(CONCAT(' ', REGEXP_REPLACE(CONCAT(title, ' ', service_name), '[^\\\\p{L}\\\\p{N}]+', ' '), ' '))) STORED`.execute(
    db,
  );
  const indexes: string[] = [];
  for (const [name, key] of Object.entries(SORT_KEYS)) {
    const index = (prefix: string, rest: string) =>
      [...new Set(`${prefix}, ${key}, id, ${rest}`.split(', '))].join(', ');
    indexes.push(
      `ADD INDEX offers_${name}_idx (${index('is_active', 'category_id, duration_days, price_cents, search_text')})`,
      `ADD INDEX offers_cat_${name}_idx (${index('category_id, is_active', 'duration_days, price_cents, search_text')})`,
      `ADD INDEX offers_dur_${name}_idx (${index('is_active, duration_days', 'category_id, price_cents')})`,
    );
  }
  await sql
    .raw(`ALTER TABLE offers ${indexes.join(', ')},
      ADD INDEX offers_cat_dur_idx (category_id, is_active, duration_days, price_cents),
      ADD INDEX offers_featured_sold_idx (is_featured, is_active, sold_count, id)`)
    .execute(db);
  await sql`ALTER TABLE offers
    DROP INDEX offers_category_idx,
    DROP INDEX offers_active_price_idx,
    DROP INDEX offers_active_created_idx,
    DROP INDEX offers_active_sold_idx,
    DROP INDEX offers_featured_idx`.execute(db);
  await sql`ALTER TABLE offers ADD FULLTEXT INDEX offers_title_ft (title, service_name)`.execute(db);
  await sql`ALTER TABLE offers DROP INDEX offers_search_ft`.execute(db);

  await sql`CREATE INDEX comments_offer_visible_idx ON comments (offer_id, parent_id, hidden_at, created_at)`.execute(
    db,
  );
  await sql`CREATE INDEX orders_status_stock_idx ON orders (status, out_of_stock)`.execute(db);
  await sql`ALTER TABLE users
    ADD INDEX users_created_cover_idx (created_at, id, email, full_name, role, status),
    DROP INDEX users_created_idx,
    ADD INDEX users_role_created_idx (role, created_at),
    ADD INDEX users_status_created_idx (status, created_at),
    ADD INDEX users_email_created_idx (email, created_at, role, status),
    ADD INDEX users_name_created_idx (full_name, created_at, role, status),
    DROP INDEX users_full_name_idx`.execute(db);

  // Signed: a count that drifted (rows written behind the services) must not make a deactivation fail.
  await sql`ALTER TABLE categories ADD COLUMN active_offer_count INT NOT NULL DEFAULT 0`.execute(db);
  await sql`UPDATE categories c SET c.active_offer_count =
    (SELECT COUNT(*) FROM offers o WHERE o.category_id = c.id AND o.is_active = 1)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE categories DROP COLUMN active_offer_count`.execute(db);
  await sql`ALTER TABLE users
    ADD INDEX users_created_idx (created_at),
    DROP INDEX users_created_cover_idx,
    ADD INDEX users_full_name_idx (full_name),
    DROP INDEX users_name_created_idx,
    DROP INDEX users_email_created_idx,
    DROP INDEX users_status_created_idx,
    DROP INDEX users_role_created_idx`.execute(db);
  await sql`DROP INDEX orders_status_stock_idx ON orders`.execute(db);
  await sql`DROP INDEX comments_offer_visible_idx ON comments`.execute(db);
  await sql`ALTER TABLE offers ADD FULLTEXT INDEX offers_search_ft (title, service_name, description)`.execute(db);
  await sql`ALTER TABLE offers DROP INDEX offers_title_ft`.execute(db);
  await sql`ALTER TABLE offers
    ADD INDEX offers_category_idx (category_id, is_active, price_cents),
    ADD INDEX offers_active_price_idx (is_active, price_cents),
    ADD INDEX offers_active_created_idx (is_active, created_at),
    ADD INDEX offers_active_sold_idx (is_active, sold_count),
    ADD INDEX offers_featured_idx (is_featured, is_active)`.execute(db);
  const drops = Object.keys(SORT_KEYS).flatMap((name) => [
    `DROP INDEX offers_${name}_idx`,
    `DROP INDEX offers_cat_${name}_idx`,
    `DROP INDEX offers_dur_${name}_idx`,
  ]);
  await sql
    .raw(`ALTER TABLE offers ${drops.join(', ')}, DROP INDEX offers_cat_dur_idx, DROP INDEX offers_featured_sold_idx`)
    .execute(db);
  await sql`ALTER TABLE offers DROP COLUMN search_text, DROP COLUMN rating_avg`.execute(db);
}
