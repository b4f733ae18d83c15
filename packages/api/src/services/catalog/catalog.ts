// Read side of the catalog: what the shop's pages query. Explicit column lists so nothing private leaks.
import type { Database } from '@damso/db';
import { type CatalogSearchInput, can } from '@damso/validators';
import { type CompiledQuery, sql } from 'kysely';
import type { Actor } from '../shared/actor.ts';
import { NotFound } from '../shared/errors.ts';
import type { CatalogReader } from './cache.ts';
import {
  CARD_COLUMNS,
  type CardRow,
  findPage,
  parseSearchInput,
  type SearchOptions,
  type SearchPage,
} from './search.ts';
import { looseStems, searchWords, type TextMatch } from './search-plan.ts';

type TextMatchInput = TextMatch | null;

export interface OfferCard {
  id: number;
  slug: string;
  title: string;
  serviceName: string;
  categoryName: string;
  categorySlug: string;
  durationDays: number | null;
  priceCents: number;
  compareAtCents: number | null;
  currency: string;
  imageKey: string | null;
  ratingAverage: number | null;
  ratingCount: number;
}

type CardSource = Omit<OfferCard, 'ratingAverage'> & { ratingSum: number };

const cardOf = (r: CardRow) => toCard({ ...r, priceCents: r.price_cents, ratingCount: r.rating_count });

function toCard(row: CardSource): OfferCard {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    serviceName: row.serviceName,
    categoryName: row.categoryName,
    categorySlug: row.categorySlug,
    durationDays: row.durationDays,
    priceCents: row.priceCents,
    compareAtCents: row.compareAtCents,
    currency: row.currency,
    imageKey: row.imageKey,
    ratingCount: row.ratingCount,
    ratingAverage: row.ratingCount > 0 ? Math.round((row.ratingSum / row.ratingCount) * 10) / 10 : null,
  };
}

/** The shop's categories with their active offers, counted as offers change (no scan of the offers). */
export async function listCategories(db: Database) {
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'slug', 'name', 'active_offer_count as offerCount'])
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows;
}

/**
 * The home page's featured offers, best sellers first. The ids come from the featured index alone;
 * joined to the categories at once, MariaDB would buffer the join and sort every featured offer.
 */
export async function featuredOffers(db: Database, limit = 8): Promise<OfferCard[]> {
  const { rows } = await sql<CardRow>`SELECT ${CARD_COLUMNS} FROM (
      SELECT id FROM offers FORCE INDEX (offers_featured_sold_idx)
      WHERE is_featured = 1 AND is_active = 1 ORDER BY sold_count DESC, id DESC LIMIT ${limit}) p
    JOIN offers o ON o.id = p.id JOIN categories c ON c.id = o.category_id
    ORDER BY o.sold_count DESC, o.id DESC`.execute(db);
  return rows.map(cardOf);
}

export interface CatalogPage {
  items: OfferCard[];
  /** Exact, or "at least" when totalCapped; null when a broad search was not counted. */
  total: number | null;
  totalCapped: boolean;
  page: number;
  pageSize: number;
  /** Known when the total is exact. */
  pageCount: number | null;
  nextCursor: string | null;
  prevCursor: string | null;
  /** Nothing matched every word: these are close matches. */
  loose: boolean;
}

// Cursors of a close-match page carry a mark, so "Next" stays on the close matches.
const LOOSE = '~';

export async function searchOffers(
  db: Database,
  raw: CatalogSearchInput,
  options: SearchOptions = {},
): Promise<CatalogPage> {
  const input = parseSearchInput(raw);
  const categories = await db.selectFrom('categories').select(['id', 'slug', 'active_offer_count']).execute();
  const words = searchWords(input.q);
  const run = (text: TextMatchInput, cursor: string | undefined) =>
    findPage(db, { ...input, cursor }, categories, text, options);
  const asLoose = input.cursor?.startsWith(LOOSE) ?? false;
  let loose = asLoose;
  let found: SearchPage;
  if (words.length === 0) {
    found = await run(null, input.cursor);
  } else if (asLoose) {
    found = await run({ words: looseStems(words), all: false }, input.cursor?.slice(LOOSE.length));
  } else {
    found = await run({ words, all: true }, input.cursor);
    const nothing = found.rows.length === 0 && found.total === 0;
    const stems = looseStems(words);
    if (nothing && !input.cursor && stems.length > 0) {
      // Nothing matched every word as typed: shortened words, any of them.
      found = await run({ words: stems, all: false }, undefined);
      loose = true;
    }
  }
  const mark = (cursor: string | null) => (cursor && loose ? `${LOOSE}${cursor}` : cursor);
  return {
    items: found.rows.map(cardOf),
    total: found.total,
    totalCapped: found.totalCapped,
    page: input.page,
    pageSize: input.pageSize,
    pageCount: found.total !== null && !found.totalCapped ? Math.max(1, Math.ceil(found.total / input.pageSize)) : null,
    nextCursor: mark(found.nextCursor),
    prevCursor: mark(found.prevCursor),
    loose,
  };
}

type Placement = { category_id: number; is_active: number } | null;

/**
 * Keeps categories.active_offer_count in step with one offer's change (created: before is null,
 * deleted: after is null), inside the transaction that changes it. One statement, so two admins
 * moving offers between the same two categories lock them in the same order.
 */
export async function shiftCategoryCounts(db: Database, before: Placement, after: Placement): Promise<void> {
  const delta = new Map<number, number>();
  if (before?.is_active) delta.set(before.category_id, (delta.get(before.category_id) ?? 0) - 1);
  if (after?.is_active) delta.set(after.category_id, (delta.get(after.category_id) ?? 0) + 1);
  const changes = [...delta].filter(([, d]) => d !== 0);
  if (changes.length === 0) return;
  await db
    .updateTable('categories')
    .set({
      active_offer_count: sql`active_offer_count + CASE id ${sql.join(
        changes.map(([id, d]) => sql`WHEN ${id} THEN ${d}`),
        sql` `,
      )} ELSE 0 END`,
    })
    .where(
      'id',
      'in',
      changes.map(([id]) => id),
    )
    .execute();
}

function offerPageQuery(db: Database, includeInactive: boolean) {
  let query = db
    .selectFrom('offers as o')
    .innerJoin('categories as c', 'c.id', 'o.category_id')
    .select([
      'o.id',
      'o.slug',
      'o.title',
      'o.service_name as serviceName',
      'o.description',
      'c.name as categoryName',
      'c.slug as categorySlug',
      'o.duration_days as durationDays',
      'o.price_cents as priceCents',
      'o.compare_at_cents as compareAtCents',
      'o.currency',
      'o.image_key as imageKey',
      'o.is_active as isActive',
      'o.rating_sum as ratingSum',
      'o.rating_count as ratingCount',
      'o.delivery_mode as deliveryMode',
      // A literal, not a parameter: offerBySlug swaps the parameters by position (slug first).
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('offer_stock_codes as s')
              .select('s.id')
              .whereRef('s.offer_id', '=', 'o.id')
              .where('s.status', '=', sql.lit('available')),
          )
          .as('hasStock'),
    ])
    .where('o.slug', '=', '');
  if (!includeInactive) query = query.where('o.is_active', '=', 1);
  return query.compile();
}

// The offer page is the shop's busiest request, and building its query cost more than running it:
// it is compiled once per database handle, and each request only puts its slug in.
const offerPageQueries = new WeakMap<Database, Map<boolean, ReturnType<typeof offerPageQuery>>>();
type OfferPageRow = ReturnType<typeof offerPageQuery> extends CompiledQuery<infer R> ? R : never;

export async function offerBySlug(db: Database, slug: string, includeInactive: boolean) {
  let compiled = offerPageQueries.get(db);
  if (!compiled) {
    compiled = new Map([
      [false, offerPageQuery(db, false)],
      [true, offerPageQuery(db, true)],
    ]);
    offerPageQueries.set(db, compiled);
  }
  const query = compiled.get(includeInactive) as ReturnType<typeof offerPageQuery>;
  // The slug is the first parameter, is_active (when shoppers look) the second.
  const { rows } = await db.executeQuery<OfferPageRow>({ ...query, parameters: [slug, ...query.parameters.slice(1)] });
  const row = rows[0];
  if (!row) return null;
  const { isActive, deliveryMode, hasStock, ...rest } = row;
  return {
    ...toCard(rest),
    description: row.description,
    isActive: isActive === 1,
    deliveryMode,
    // Cached like the rest of the page (a minute at most). An automatic offer out of codes still sells:
    // the paid order waits for an employee to deliver by hand.
    inStock: deliveryMode === 'manual' || Number(hasStock) === 1,
  };
}

// The shop's catalog pages. Every read may be a few seconds stale, so it goes through a CatalogReader:
// the read replica when there is one (the primary for a browser that has just written, such as an
// admin editing an offer), answered from the process's catalog cache when it holds the current version.

export function catalogHome(catalog: CatalogReader) {
  return catalog.read('home', async (db) => {
    const [categories, featured] = await Promise.all([listCategories(db), featuredOffers(db)]);
    return { categories, featured };
  });
}

export function catalogCategories(catalog: CatalogReader) {
  return catalog.read('categories', listCategories);
}

export function catalogSearch(catalog: CatalogReader, input: CatalogSearchInput) {
  return catalog.read(`search:${JSON.stringify(input)}`, (db) => searchOffers(db, input));
}

/** Admins may preview an inactive offer; for everyone else it simply does not exist. */
export async function offerPage(catalog: CatalogReader, actor: Actor, { slug }: { slug: string }) {
  const preview = actor.role !== 'system' && can(actor.role, 'admin:offers');
  const offer = await catalog.read(`offer:${preview}:${slug}`, (db) => offerBySlug(db, slug, preview));
  if (!offer) throw new NotFound('This offer is not available.');
  return offer;
}
