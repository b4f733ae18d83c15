// The catalog's list query at 100k offers. Each sort has covering indexes (migration
// 2026-12-02-10-catalog-speed) and every page is one of two plans:
// - walk: the sort's index is read in order from a cursor (keyset), each entry checked for the
//   filters and the words inside the index, until a page is full. Cost: the page divided by the
//   share of offers that match, whatever the page number.
// - gather: when few offers match, they are all collected through the index that finds them (the
//   title full-text index for a rare word, the price index for a narrow price range), then sorted
//   and paged here. Cost: the matches, and the count is exact.
// The choice is made per request from a sample of the catalog (see sampleOf): a wrong guess is only
// slower, never different, as both plans apply the same conditions.
import type { Database } from '@damso/db';
import type { CatalogSearchInput, SORTS } from '@damso/validators';
import { catalogSearchInput } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import { type RawBuilder, sql } from 'kysely';

type Sort = (typeof SORTS)[number];
type KeyColumn = 'sold_count' | 'price_cents' | 'created_at' | 'rating_avg' | 'rating_count';

interface SortSpec {
  /** One letter in the cursor, so a cursor of one sort is never read as another's. */
  code: string;
  /** Which index family (offers_<family>_idx, offers_cat_<family>_idx, offers_dur_<family>_idx). */
  family: 'sold' | 'price' | 'created' | 'rating';
  keys: KeyColumn[];
  desc: boolean;
}

/** Ties are broken by id in the sort's direction, so each order is one backward or forward index walk. */
const SORT_SPECS: Record<Sort, SortSpec> = {
  popular: { code: 'p', family: 'sold', keys: ['sold_count'], desc: true },
  price_asc: { code: 'l', family: 'price', keys: ['price_cents'], desc: false },
  price_desc: { code: 'h', family: 'price', keys: ['price_cents'], desc: true },
  newest: { code: 'n', family: 'created', keys: ['created_at'], desc: true },
  rating: { code: 'r', family: 'rating', keys: ['rating_avg', 'rating_count'], desc: true },
};

/** "1,000+ offers" (1,000 or more): a count never reads more rows than this. */
export const COUNT_CAP = 1000;
/** Pages beyond this many offers are reached with "Next" (a cursor), not by number. */
export const OFFSET_LIMIT = 1000;
/** The gather plan collects at most this many offers; more means the guess was wrong: walk instead. */
const GATHER_MAX = 4000;
const SAMPLE_SIZE = 2000;
const SAMPLE_TTL_MS = 10 * 60_000;
/** A full-text posting costs about this many index entries of a walk (measured on MariaDB 10.11). */
const FT_POSTING_COST = 8;
/** Below this estimated cost the walk is taken without looking further. */
const CHEAP_WALK = 1500;
// InnoDB's default innodb_ft_min_token_size and stopword list: such words are not in the full-text
// index, so they are only ever checked with LIKE.
const FT_MIN_WORD = 3;
const FT_STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(
    ' ',
  ),
);
const MAX_WORDS = 8;

type Input = ReturnType<typeof catalogSearchInput.parse>;

/** The words of a search: letters and digits only, so no LIKE wildcard or full-text operator can get in. */
export function searchWords(text: string | undefined): string[] {
  return (text ?? '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_WORDS);
}

/** Typo-tolerant stems for the fallback: each long word cut short ("streamyl" → "stream"); any may match. */
export function looseStems(words: string[]): string[] {
  return [
    ...new Set(
      words.filter((w) => w.length >= FT_MIN_WORD).map((w) => w.slice(0, Math.max(FT_MIN_WORD, w.length - 2))),
    ),
  ];
}

const canFullText = (word: string) => word.length >= FT_MIN_WORD && !FT_STOPWORDS.has(word);

export interface TextMatch {
  words: string[];
  /** true: every word must start a word of the title or service name; false: any of them. */
  all: boolean;
}

interface Filters {
  categoryId: number | null;
  duration: number | null | undefined;
  minPrice: number | undefined;
  maxPrice: number | undefined;
  text: TextMatch | null;
}

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

const badCursor = () =>
  new TRPCError({ code: 'BAD_REQUEST', message: 'This page link is no longer valid. Please start from page 1.' });

function decodeCursor(sort: Sort, text: string): Cursor {
  const spec = SORT_SPECS[sort];
  const [code, direction, ...parts] = text.split('.');
  if (code !== spec.code || (direction !== 'a' && direction !== 'b') || parts.length !== spec.keys.length + 1) {
    throw badCursor();
  }
  const key = parts.map((p) => (/^\d{1,15}$/.test(p) ? Number(p) : Number.NaN));
  if (key.some((n) => !Number.isSafeInteger(n))) throw badCursor();
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
// The planning sample: the search text and filter columns of the most popular offers, per process.
// It only steers the choice of plan, so it may be minutes old without any answer being wrong.

interface SampleRow {
  text: string;
  categoryId: number;
  duration: number | null;
  price: number;
}
interface Sample {
  rows: SampleRow[];
  at: number;
  refreshing: Promise<SampleRow[]> | null;
}
const samples = new WeakMap<Database, Sample>();

async function loadSample(db: Database): Promise<SampleRow[]> {
  const { rows } = await sql<{
    search_text: string | null;
    category_id: number;
    duration_days: number | null;
    price_cents: number;
  }>`
    SELECT o.search_text, o.category_id, o.duration_days, o.price_cents
    FROM offers o FORCE INDEX (offers_sold_idx)
    WHERE o.is_active = 1 ORDER BY o.sold_count DESC, o.id DESC LIMIT ${SAMPLE_SIZE}`.execute(db);
  return rows.map((r) => ({
    text: r.search_text ?? '',
    categoryId: r.category_id,
    duration: r.duration_days,
    price: r.price_cents,
  }));
}

async function sampleOf(db: Database, now: number): Promise<SampleRow[]> {
  let entry = samples.get(db);
  if (!entry) {
    entry = { rows: [], at: 0, refreshing: null };
    samples.set(db, entry);
  }
  if (now - entry.at > SAMPLE_TTL_MS && !entry.refreshing) {
    const current = entry;
    current.refreshing = loadSample(db).then(
      (rows) => {
        Object.assign(current, { rows, at: Date.now(), refreshing: null });
        return rows;
      },
      (error: unknown) => {
        current.refreshing = null;
        throw error;
      },
    );
  }
  // Only the first request of a process waits; later ones plan with the sample they have.
  return entry.at === 0 && entry.refreshing ? entry.refreshing : entry.rows;
}

/** Lets a test start from a fresh sample after changing the catalog under it. */
export function forgetSearchSample(db: Database): void {
  samples.delete(db);
}

function matchesText(text: string, m: TextMatch): boolean {
  return m.all ? m.words.every((w) => text.includes(` ${w}`)) : m.words.some((w) => text.includes(` ${w}`));
}

function matchesRow(r: SampleRow, f: Filters): boolean {
  if (f.categoryId !== null && r.categoryId !== f.categoryId) return false;
  if (f.duration !== undefined && r.duration !== f.duration) return false;
  if (f.minPrice !== undefined && r.price < f.minPrice) return false;
  if (f.maxPrice !== undefined && r.price > f.maxPrice) return false;
  return !f.text || matchesText(r.text, f.text);
}

type Plan =
  | { kind: 'walk'; index: string }
  | { kind: 'gather'; via: 'fulltext'; words: string[] }
  /** Through the price index (a search in a narrow price range), or any index the optimizer picks (browsing). */
  | { kind: 'gather'; via: 'price' | 'filters' };

function walkIndex(spec: SortSpec, f: Filters): string {
  if (f.categoryId !== null) return `offers_cat_${spec.family}_idx`;
  // The duration indexes hold no search text: a search walks the plain index and checks the duration there.
  if (f.duration !== undefined && !f.text) return `offers_dur_${spec.family}_idx`;
  return `offers_${spec.family}_idx`;
}

function choosePlan(sample: SampleRow[], activeOffers: number, spec: SortSpec, f: Filters, need: number): Plan {
  const walk: Plan = { kind: 'walk', index: walkIndex(spec, f) };
  const n = sample.length;
  if (n === 0) return walk;
  const inPrefix = sample.filter(
    (r) =>
      (f.categoryId === null || r.categoryId === f.categoryId) &&
      (!walk.index.startsWith('offers_dur_') || r.duration === f.duration),
  ).length;
  const matching = sample.filter((r) => matchesRow(r, f)).length;
  const range = (activeOffers * (inPrefix + 1)) / (n + 1);
  const walkCost = Math.min(range, need / ((matching + 0.5) / (inPrefix + 1)));
  if (walkCost <= CHEAP_WALK) return walk;

  let best: Plan = walk;
  let bestCost = walkCost;
  const share = (test: (r: SampleRow) => boolean) => (sample.filter(test).length + 0.5) / (n + 1);
  if (f.text && (f.text.all || f.text.words.every(canFullText))) {
    // For "all words", the rarest one finds the candidates; for "any word", all of them must.
    const usable = f.text.words.filter(canFullText);
    const shares = usable.map((w) => ({ w, s: share((r) => r.text.includes(` ${w}`)) })).sort((a, b) => a.s - b.s);
    const chosen = f.text.all ? shares.slice(0, 1) : shares;
    const postings = chosen.reduce((sum, x) => sum + x.s * activeOffers * 1.2, 0);
    if (chosen.length && postings * FT_POSTING_COST < bestCost) {
      best = { kind: 'gather', via: 'fulltext', words: chosen.map((x) => x.w) };
      bestCost = postings * FT_POSTING_COST;
    }
  }
  if (spec.family !== 'price' && (f.minPrice !== undefined || f.maxPrice !== undefined)) {
    const inRange = share(
      (r) => (f.minPrice === undefined || r.price >= f.minPrice) && (f.maxPrice === undefined || r.price <= f.maxPrice),
    );
    // Each offer in the range is an index entry plus a row read for its sort key.
    const cost = inRange * activeOffers * 3;
    if (cost < bestCost) best = { kind: 'gather', via: 'price' };
  }
  return best;
}

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
  const offset = cursor ? 0 : (input.page - 1) * input.pageSize;
  if (offset >= OFFSET_LIMIT) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'Pages this far are reached with “Next”. Please start from page 1 or narrow the search.',
    });
  }
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
 * to COUNT_CAP along whichever index fits them.
 */
async function countMatches(ctx: Context, f: Filters): Promise<Count> {
  const noFilter = f.duration === undefined && f.minPrice === undefined && f.maxPrice === undefined;
  if (noFilter) {
    const n = ctx.categoryCount ?? ctx.activeOffers;
    return { total: n, totalCapped: false };
  }
  const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (
      SELECT 1 FROM offers o WHERE ${where(conditions(f))} LIMIT ${COUNT_CAP}) t`.execute(ctx.db);
  const n = Number(rows[0]?.n ?? 0);
  // At the cap: "1,000+", i.e. 1,000 or more.
  return n >= COUNT_CAP ? { total: COUNT_CAP, totalCapped: true } : { total: n, totalCapped: false };
}

export function parseSearchInput(raw: CatalogSearchInput): Input {
  return catalogSearchInput.parse(raw);
}
