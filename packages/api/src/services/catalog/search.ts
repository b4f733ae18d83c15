// The catalog's list query at 100k offers. Each sort has covering indexes (migration
// 2026-12-02-10-catalog-speed) and every page is one of two plans:
// - walk: the sort's index is read in order from a cursor (keyset), each entry checked for the
//   filters and the words inside the index, until a page is full. Cost: the page divided by the
//   share of offers that match, whatever the page number.
// - gather: when few offers match, they are all collected through the index that finds them (the
//   title full-text index for a rare word, the price index for a narrow price range), then sorted
//   and paged here. Cost: the matches, and the count is exact.
// The choice is made per request from a sample of the catalog (search-plan.ts): a wrong guess is only
// slower, never different, as both plans apply the same conditions.
import type { Database } from '@damso/db';
import type { CatalogSearchInput } from '@damso/validators';
import { catalogSearchInput } from '@damso/validators';
import { type RawBuilder, sql } from 'kysely';
import { cappedCount, offsetOf, staleLink } from '../shared/list-paging.ts';
import {
  canFullText,
  choosePlan,
  type Filters,
  type KeyColumn,
  type Plan,
  SORT_SPECS,
  type Sort,
  type SortSpec,
  sampleOf,
  type TextMatch,
  walkIndex,
} from './search-plan.ts';

/** The gather plan collects at most this many offers; more means the guess was wrong: walk instead. */
const GATHER_MAX = 4000;

type Input = ReturnType<typeof catalogSearchInput.parse>;

// ---------------------------------------------------------------------------------------------------
// Cursors: "<sort code>.<a|b>.<key values>.<id>", all integers (created_at in ms, rating_avg × 10⁴).

export interface KeyRow {
  id: number;
  sold_count: number;
  price_cents: number;
  created_at: Date;
  rating_avg: number | string | null;
  rating_count: number;
}

type Key = number[];

function keyOf(spec: SortSpec, row: KeyRow): Key {
  return [
    ...spec.keys.map((k) => {
      if (k === 'created_at') return row.created_at.getTime();
      if (k === 'rating_avg') return Math.round(Number(row.rating_avg ?? 0) * 10_000);
      return Number(row[k]);
    }),
    row.id,
  ];
}

function compareKeys(spec: SortSpec, a: Key, b: Key): number {
  for (let i = 0; i < a.length; i += 1) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return spec.desc ? -d : d;
  }
  return 0;
}

export function encodeCursor(sort: Sort, direction: 'after' | 'before', row: KeyRow): string {
  const spec = SORT_SPECS[sort];
  return [spec.code, direction === 'after' ? 'a' : 'b', ...keyOf(spec, row)].join('.');
}

interface Cursor {
  direction: 'after' | 'before';
  key: Key;
}

function decodeCursor(sort: Sort, text: string): Cursor {
  const spec = SORT_SPECS[sort];
  const [code, direction, ...parts] = text.split('.');
  if (code !== spec.code || (direction !== 'a' && direction !== 'b') || parts.length !== spec.keys.length + 1) {
    throw staleLink();
  }
  const key = parts.map((p) => (/^\d{1,15}$/.test(p) ? Number(p) : Number.NaN));
  if (key.some((n) => !Number.isSafeInteger(n))) throw staleLink();
  return { direction: direction === 'a' ? 'after' : 'before', key };
}

function sqlValue(column: KeyColumn | 'id', value: number): unknown {
  if (column === 'created_at') return new Date(value);
  if (column === 'rating_avg') return (value / 10_000).toFixed(4);
  return value;
}

/** Rows strictly after the key in the walk's direction, as ranges the optimizer seeks to directly. */
function keysetCondition(spec: SortSpec, key: Key, forward: boolean): RawBuilder<boolean> {
  const columns: Array<KeyColumn | 'id'> = [...spec.keys, 'id'];
  const op = sql.raw(spec.desc === forward ? '<' : '>');
  const branches = columns.map((column, i) => {
    const equal = columns.slice(0, i).map((c, j) => sql`o.${sql.ref(c)} = ${sqlValue(c, key[j] as number)}`);
    const beyond = sql`o.${sql.ref(column)} ${op} ${sqlValue(column, key[i] as number)}`;
    return sql.join([...equal, beyond], sql` AND `);
  });
  return sql<boolean>`(${sql.join(
    branches.map((b) => sql`(${b})`),
    sql` OR `,
  )})`;
}

// ---------------------------------------------------------------------------------------------------
// Conditions, the same in both plans and in the count.

const likeWord = (word: string) => sql<boolean>`o.search_text LIKE ${`% ${word}%`}`;

function conditions(f: Filters): RawBuilder<boolean>[] {
  const list: RawBuilder<boolean>[] = [sql<boolean>`o.is_active = 1`];
  if (f.categoryId !== null) list.push(sql<boolean>`o.category_id = ${f.categoryId}`);
  if (f.duration === null) list.push(sql<boolean>`o.duration_days IS NULL`);
  else if (f.duration !== undefined) list.push(sql<boolean>`o.duration_days = ${f.duration}`);
  if (f.minPrice !== undefined) list.push(sql<boolean>`o.price_cents >= ${f.minPrice}`);
  if (f.maxPrice !== undefined) list.push(sql<boolean>`o.price_cents <= ${f.maxPrice}`);
  if (f.text) {
    const likes = f.text.words.map(likeWord);
    list.push(f.text.all ? sql.join(likes, sql` AND `) : sql<boolean>`(${sql.join(likes, sql` OR `)})`);
  }
  return list;
}

const where = (list: RawBuilder<boolean>[]) => sql.join(list, sql` AND `);

// ---------------------------------------------------------------------------------------------------

export interface SearchPage {
  /** The page's offers in order. */
  rows: CardRow[];
  /** Exact, or a lower bound when capped; null when a broad search was not counted. */
  total: number | null;
  totalCapped: boolean;
  nextCursor: string | null;
  prevCursor: string | null;
  plan: Plan['kind'];
}

const KEY_COLUMNS = sql`o.id, o.sold_count, o.price_cents, o.created_at, o.rating_avg, o.rating_count`;

/** What a card shows, besides the sort keys. Explicit columns, so nothing private leaks. */
export interface CardRow extends KeyRow {
  slug: string;
  title: string;
  serviceName: string;
  categoryName: string;
  categorySlug: string;
  durationDays: number | null;
  compareAtCents: number | null;
  currency: string;
  imageKey: string | null;
  ratingSum: number;
}
export const CARD_COLUMNS = sql`${KEY_COLUMNS}, o.slug, o.title, o.service_name AS serviceName, c.name AS categoryName,
  c.slug AS categorySlug, o.duration_days AS durationDays, o.compare_at_cents AS compareAtCents, o.currency,
  o.image_key AS imageKey, o.rating_sum AS ratingSum`;

export interface SearchOptions {
  /** Tests force a plan to show both give the same answers. */
  plan?: 'walk' | 'gather';
  now?: number;
}

interface Context {
  db: Database;
  input: Input;
  spec: SortSpec;
  cursor: Cursor | null;
  offset: number;
  activeOffers: number;
  categoryCount: number | null;
}

export async function findPage(
  db: Database,
  input: Input,
  categories: Array<{ id: number; slug: string; active_offer_count: number }>,
  text: TextMatch | null,
  options: SearchOptions,
): Promise<SearchPage> {
  const spec = SORT_SPECS[input.sort];
  const cursor = input.cursor ? decodeCursor(input.sort, input.cursor) : null;
  const offset = cursor ? 0 : offsetOf(input.page, input.pageSize, 'search');
  const category = input.category ? categories.find((c) => c.slug === input.category) : null;
  if (input.category && !category) {
    return { rows: [], total: 0, totalCapped: false, nextCursor: null, prevCursor: null, plan: 'walk' };
  }
  const f: Filters = {
    categoryId: category?.id ?? null,
    duration: input.duration === undefined ? undefined : input.duration === 'lifetime' ? null : Number(input.duration),
    minPrice: input.minPrice,
    maxPrice: input.maxPrice,
    text,
  };
  const activeOffers = categories.reduce((n, c) => n + c.active_offer_count, 0);
  const ctx: Context = {
    db,
    input,
    spec,
    cursor,
    offset,
    activeOffers,
    categoryCount: category?.active_offer_count ?? null,
  };
  if (!text) {
    // Browsing: the count comes first, from the maintained category counts or along whichever index
    // fits the filters; a filtered result it counted in full is small enough to gather.
    const total = await countMatches(ctx, f);
    const narrowed = f.duration !== undefined || f.minPrice !== undefined || f.maxPrice !== undefined;
    const small = narrowed && !total.totalCapped;
    if (options.plan === 'gather' || (small && options.plan !== 'walk')) {
      const gathered = await gather(ctx, f, { kind: 'gather', via: 'filters' });
      if (gathered) return gathered;
    }
    return walkPage(ctx, f, walkIndex(spec, f), total);
  }
  const need = offset + input.pageSize + 1;
  let plan = choosePlan(await sampleOf(db, options.now ?? Date.now()), activeOffers, spec, f, need);
  if (options.plan === 'walk') plan = { kind: 'walk', index: walkIndex(spec, f) };
  if (options.plan === 'gather' && plan.kind === 'walk') {
    const usable = text.words.filter(canFullText);
    if (usable.length && (text.all || usable.length === text.words.length)) {
      plan = { kind: 'gather', via: 'fulltext', words: text.all ? usable.slice(0, 1) : usable };
    } else if (f.minPrice !== undefined || f.maxPrice !== undefined) {
      plan = { kind: 'gather', via: 'price' };
    }
  }
  if (plan.kind === 'gather') {
    const gathered = await gather(ctx, f, plan);
    if (gathered) return gathered;
    plan = { kind: 'walk', index: walkIndex(spec, f) };
  }
  // A search that walks is not counted: counting a common word would read the whole index.
  return walkPage(ctx, f, plan.index, { total: null, totalCapped: false });
}

/** Every matching offer through a selective index, sorted and paged here; null when there are too many. */
async function gather(ctx: Context, f: Filters, plan: Extract<Plan, { kind: 'gather' }>): Promise<SearchPage | null> {
  const list = conditions(f);
  let from = sql`offers o`;
  if (plan.via === 'fulltext') {
    const terms = plan.words.map((w) => (f.text?.all ? `+${w}*` : `${w}*`)).join(' ');
    list.push(sql<boolean>`MATCH(o.title, o.service_name) AGAINST (${terms} IN BOOLEAN MODE)`);
  } else if (plan.via === 'price') {
    from = sql`offers o FORCE INDEX (${sql.raw(f.categoryId !== null ? 'offers_cat_price_idx' : 'offers_price_idx')})`;
  }
  const { rows } =
    await sql<KeyRow>`SELECT ${KEY_COLUMNS} FROM ${from} WHERE ${where(list)} LIMIT ${GATHER_MAX + 1}`.execute(ctx.db);
  if (rows.length > GATHER_MAX) return null;
  const { spec, cursor, input } = ctx;
  const keyed = rows.map((row) => ({ row, key: keyOf(spec, row) })).sort((a, b) => compareKeys(spec, a.key, b.key));
  let start: number;
  let end: number;
  if (!cursor) {
    start = Math.min(ctx.offset, keyed.length);
    end = Math.min(start + input.pageSize, keyed.length);
  } else if (cursor.direction === 'after') {
    start = keyed.findIndex((k) => compareKeys(spec, k.key, cursor.key) > 0);
    if (start < 0) start = keyed.length;
    end = Math.min(start + input.pageSize, keyed.length);
  } else {
    end = keyed.findIndex((k) => compareKeys(spec, k.key, cursor.key) >= 0);
    if (end < 0) end = keyed.length;
    start = Math.max(0, end - input.pageSize);
  }
  const page = keyed.slice(start, end).map((k) => k.row);
  const cards = page.length
    ? await sql<CardRow>`SELECT ${CARD_COLUMNS} FROM offers o JOIN categories c ON c.id = o.category_id
        WHERE o.id IN (${sql.join(page.map((r) => r.id))})`.execute(ctx.db)
    : { rows: [] };
  const byId = new Map(cards.rows.map((r) => [r.id, r]));
  return {
    rows: page.flatMap((r) => byId.get(r.id) ?? []),
    total: rows.length,
    totalCapped: false,
    nextCursor: end < keyed.length && page.length ? encodeCursor(input.sort, 'after', page.at(-1) as KeyRow) : null,
    prevCursor: start > 0 && page.length ? encodeCursor(input.sort, 'before', page[0] as KeyRow) : null,
    plan: 'gather',
  };
}

type Count = { total: number | null; totalCapped: boolean };

/** One walk of the sort's index from the cursor (or the offset). */
async function walkPage(ctx: Context, f: Filters, index: string, total: Count): Promise<SearchPage> {
  const { spec, cursor, input, offset } = ctx;
  const backward = cursor?.direction === 'before';
  const list = conditions(f);
  if (cursor) list.push(keysetCondition(spec, cursor.key, !backward));
  // Reading backward flips every column's direction; the rows are turned round afterwards.
  const dir = sql.raw(spec.desc !== backward ? 'DESC' : 'ASC');
  const order = sql.join(
    [...spec.keys, 'id'].map((c) => sql`o.${sql.ref(c)} ${dir}`),
    sql`, `,
  );
  // The inner query reads index entries only; rows are read for the page alone.
  const pageQuery = sql<CardRow>`SELECT ${CARD_COLUMNS} FROM (
      SELECT o.id FROM offers o FORCE INDEX (${sql.raw(index)}) WHERE ${where(list)}
      ORDER BY ${order} LIMIT ${input.pageSize + 1} OFFSET ${offset}) p
    JOIN offers o ON o.id = p.id JOIN categories c ON c.id = o.category_id`.execute(ctx.db);
  const page = await pageQuery;
  const rows = page.rows
    .map((row) => ({ row, key: keyOf(spec, row) }))
    .sort((a, b) => compareKeys(spec, a.key, b.key) * (backward ? -1 : 1));
  const more = rows.length > input.pageSize;
  const shown = rows.slice(0, input.pageSize).map((r) => r.row);
  if (backward) shown.reverse();
  const first = shown[0];
  const last = shown.at(-1);
  const hasBefore = backward ? more : Boolean(cursor) || offset > 0;
  const hasAfter = backward ? true : more;
  // A search walk that ran out on its first page has counted its matches after all.
  const counted =
    total.total === null && !cursor && !more && (offset === 0 || shown.length > 0)
      ? { total: offset + shown.length, totalCapped: false }
      : total;
  return {
    rows: shown,
    ...counted,
    nextCursor: hasAfter && last ? encodeCursor(input.sort, 'after', last) : null,
    prevCursor: hasBefore && first ? encodeCursor(input.sort, 'before', first) : null,
    plan: 'walk',
  };
}

/**
 * The catalog's size and its categories' are kept on the categories; other filters are counted up
 * to LIST_COUNT_CAP ("1,000+") along whichever index fits them.
 */
async function countMatches(ctx: Context, f: Filters): Promise<Count> {
  const noFilter = f.duration === undefined && f.minPrice === undefined && f.maxPrice === undefined;
  if (noFilter) {
    const n = ctx.categoryCount ?? ctx.activeOffers;
    return { total: n, totalCapped: false };
  }
  return cappedCount(ctx.db, sql`SELECT 1 FROM offers o WHERE ${where(conditions(f))}`);
}

export function parseSearchInput(raw: CatalogSearchInput): Input {
  return catalogSearchInput.parse(raw);
}
