// Read side of the catalog: what the shop's pages query. Explicit column lists so nothing private leaks.
import type { Database } from '@damso/db';
import type { CatalogSearchInput } from '@damso/validators';
import { catalogSearchInput } from '@damso/validators';
import { sql } from 'kysely';

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

// InnoDB's default innodb_ft_min_token_size; shorter words cannot be found through the index.
const FT_MIN_WORD = 3;

function baseOfferQuery(db: Database) {
  return db
    .selectFrom('offers as o')
    .innerJoin('categories as c', 'c.id', 'o.category_id')
    .select([
      'o.id',
      'o.slug',
      'o.title',
      'o.service_name as serviceName',
      'c.name as categoryName',
      'c.slug as categorySlug',
      'o.duration_days as durationDays',
      'o.price_cents as priceCents',
      'o.compare_at_cents as compareAtCents',
      'o.currency',
      'o.image_key as imageKey',
      'o.rating_sum as ratingSum',
      'o.rating_count as ratingCount',
    ])
    .where('o.is_active', '=', 1);
}

type OfferRow = Awaited<ReturnType<ReturnType<typeof baseOfferQuery>['executeTakeFirstOrThrow']>>;

function toCard(row: OfferRow): OfferCard {
  const { ratingSum, ...rest } = row;
  return {
    ...rest,
    ratingAverage: row.ratingCount > 0 ? Math.round((ratingSum / row.ratingCount) * 10) / 10 : null,
  };
}

/** Turns free text into a boolean-mode query: every word required, each matched as a prefix. */
export function toBooleanQuery(text: string): { ft: string | null; shortWords: string[] } {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  const long = words.filter((w) => w.length >= FT_MIN_WORD);
  const short = words.filter((w) => w.length < FT_MIN_WORD);
  return { ft: long.length ? long.map((w) => `+${w}*`).join(' ') : null, shortWords: short };
}

export async function listCategories(db: Database) {
  return db
    .selectFrom('categories as c')
    .leftJoin('offers as o', (join) => join.onRef('o.category_id', '=', 'c.id').on('o.is_active', '=', 1))
    .select(['c.id', 'c.slug', 'c.name', (eb) => eb.fn.count<number>('o.id').as('offerCount')])
    .groupBy(['c.id', 'c.slug', 'c.name', 'c.position'])
    .orderBy('c.position')
    .orderBy('c.id')
    .execute();
}

export async function featuredOffers(db: Database, limit = 8): Promise<OfferCard[]> {
  const rows = await baseOfferQuery(db)
    .where('o.is_featured', '=', 1)
    .orderBy('o.sold_count', 'desc')
    .orderBy('o.id')
    .limit(limit)
    .execute();
  return rows.map(toCard);
}

/** Typo-tolerant terms: any word may match, each by its first letters only ("streamyl" → "stream*"). */
export function toLooseQuery(text: string): string | null {
  const words = toBooleanQuery(text).ft?.split(' ') ?? [];
  const stems = words.map((w) => w.slice(1, -1)).map((w) => w.slice(0, Math.max(FT_MIN_WORD, w.length - 2)));
  return stems.length ? stems.map((w) => `${w}*`).join(' ') : null;
}

export async function searchOffers(db: Database, raw: CatalogSearchInput) {
  const input = catalogSearchInput.parse(raw);
  const strict = await runSearch(db, input, input.q ? toBooleanQuery(input.q) : null);
  if (strict.total > 0 || !input.q) return { ...strict, loose: false };
  // Nothing matched every word as typed: retry with shortened words, any of them, best match first.
  const loose = toLooseQuery(input.q);
  if (!loose) return { ...strict, loose: false };
  return { ...(await runSearch(db, input, { ft: loose, shortWords: [] })), loose: true };
}

async function runSearch(
  db: Database,
  input: ReturnType<typeof catalogSearchInput.parse>,
  text: { ft: string | null; shortWords: string[] } | null,
) {
  let query = baseOfferQuery(db);
  if (text?.ft) {
    query = query.where(
      sql<boolean>`MATCH(o.title, o.service_name, o.description) AGAINST (${text.ft} IN BOOLEAN MODE)`,
    );
  }
  for (const word of text?.shortWords ?? []) {
    // Words only hold letters and digits (see toBooleanQuery), so no LIKE wildcard can reach here.
    query = query.where('o.title', 'like', `%${word}%`);
  }
  if (input.category) query = query.where('c.slug', '=', input.category);
  if (input.minPrice !== undefined) query = query.where('o.price_cents', '>=', input.minPrice);
  if (input.maxPrice !== undefined) query = query.where('o.price_cents', '<=', input.maxPrice);
  if (input.duration === 'lifetime') query = query.where('o.duration_days', 'is', null);
  else if (input.duration) query = query.where('o.duration_days', '=', Number(input.duration));

  const countRow = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();

  switch (input.sort) {
    case 'price_asc':
      query = query.orderBy('o.price_cents', 'asc');
      break;
    case 'price_desc':
      query = query.orderBy('o.price_cents', 'desc');
      break;
    case 'newest':
      query = query.orderBy('o.created_at', 'desc');
      break;
    case 'rating':
      query = query.orderBy(sql`o.rating_sum / NULLIF(o.rating_count, 0)`, 'desc').orderBy('o.rating_count', 'desc');
      break;
    default:
      if (text?.ft) {
        query = query.orderBy(
          sql`MATCH(o.title, o.service_name, o.description) AGAINST (${text.ft} IN BOOLEAN MODE)`,
          'desc',
        );
      }
      query = query.orderBy('o.sold_count', 'desc');
  }
  const rows = await query
    .orderBy('o.id')
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  const total = Number(countRow.total);
  return {
    items: rows.map(toCard),
    total,
    page: input.page,
    pageSize: input.pageSize,
    pageCount: Math.max(1, Math.ceil(total / input.pageSize)),
  };
}

export async function offerBySlug(db: Database, slug: string, includeInactive: boolean) {
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
    ])
    .where('o.slug', '=', slug);
  if (!includeInactive) query = query.where('o.is_active', '=', 1);
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const { isActive, ...rest } = row;
  return { ...toCard(rest), description: row.description, isActive: isActive === 1 };
}
