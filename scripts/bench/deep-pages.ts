// Deep pages as a user reaches them: by "Next", i.e. with the cursor the page before handed out. The
// cursors are found once per run from the scale database, exactly where clicking "Next" would lead.
import { type CatalogKeyRow, encodeCatalogCursor } from '@damso/api';
import type { Database } from '@damso/db';
import { sql } from 'kysely';

/** A page and the cursor "Next" reaches it with; page 1 (no cursor) on a database too small for it. */
export interface DeepPage {
  page: number;
  cursor?: string;
}

export interface DeepPages {
  /** Catalog pages (12 offers a page). */
  catalog: { newest500: DeepPage; rating500: DeepPage; stre30: DeepPage };
  /** Page 400 of the admin order list (delivered orders) and of the user list (25 a page). */
  deliveredOrders400: DeepPage;
  users400: DeepPage;
}

const CATALOG_PAGE = 12;
const ADMIN_PAGE = 25;

/** The row just before page `page` of a walk, as the cursor "Next" on the page before it carries. */
async function catalogCursor(
  db: Database,
  sort: 'newest' | 'rating' | 'popular',
  order: string,
  page: number,
  where = '',
): Promise<DeepPage> {
  const { rows } =
    await sql<CatalogKeyRow>`SELECT o.id, o.sold_count, o.price_cents, o.created_at, o.rating_avg, o.rating_count
    FROM offers o WHERE o.is_active = 1 ${sql.raw(where)} ORDER BY ${sql.raw(order)}
    LIMIT 1 OFFSET ${(page - 1) * CATALOG_PAGE - 1}`.execute(db);
  const row = rows[0];
  return row ? { page, cursor: encodeCatalogCursor(sort, 'after', row) } : { page: 1 };
}

export async function deepPages(db: Database): Promise<DeepPages> {
  const order = await db
    .selectFrom('orders')
    .select('id')
    .where('status', '=', 'delivered')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(399 * ADMIN_PAGE - 1)
    .limit(1)
    .executeTakeFirst();
  const user = await db
    .selectFrom('users')
    .select('id')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(399 * ADMIN_PAGE - 1)
    .limit(1)
    .executeTakeFirst();
  const page400 = (row: { id: number } | undefined): DeepPage =>
    row ? { page: 400, cursor: `a.${row.id}` } : { page: 1 };
  return {
    catalog: {
      newest500: await catalogCursor(db, 'newest', 'o.created_at DESC, o.id DESC', 500),
      rating500: await catalogCursor(db, 'rating', 'o.rating_avg DESC, o.rating_count DESC, o.id DESC', 500),
      stre30: await catalogCursor(
        db,
        'popular',
        'o.sold_count DESC, o.id DESC',
        30,
        "AND o.search_text LIKE '% stre%'",
      ),
    },
    deliveredOrders400: page400(order),
    users400: page400(user),
  };
}
