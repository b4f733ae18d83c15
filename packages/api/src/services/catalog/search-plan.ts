// How the catalog's list query is run (search.ts): which index a walk reads, and whether to gather
// the few matching offers through a selective index instead. The choice is made per request from a
// sample of the catalog: a wrong guess is only slower, never different, as both plans apply the same
// conditions. Also the words of a search, which decide what the full-text index can find.
import type { Database } from '@damso/db';
import type { SORTS } from '@damso/validators';
import { sql } from 'kysely';

export type Sort = (typeof SORTS)[number];
export type KeyColumn = 'sold_count' | 'price_cents' | 'created_at' | 'rating_avg' | 'rating_count';
export interface SortSpec {
  /** One letter in the cursor, so a cursor of one sort is never read as another's. */
  code: string;
  /** Which index family (offers_<family>_idx, offers_cat_<family>_idx, offers_dur_<family>_idx). */
  family: 'sold' | 'price' | 'created' | 'rating';
  keys: KeyColumn[];
  desc: boolean;
}

/** Ties are broken by id in the sort's direction, so each order is one backward or forward index walk. */
export const SORT_SPECS: Record<Sort, SortSpec> = {
  popular: { code: 'p', family: 'sold', keys: ['sold_count'], desc: true },
  price_asc: { code: 'l', family: 'price', keys: ['price_cents'], desc: false },
  price_desc: { code: 'h', family: 'price', keys: ['price_cents'], desc: true },
  newest: { code: 'n', family: 'created', keys: ['created_at'], desc: true },
  rating: { code: 'r', family: 'rating', keys: ['rating_avg', 'rating_count'], desc: true },
};

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

export const canFullText = (word: string) => word.length >= FT_MIN_WORD && !FT_STOPWORDS.has(word);

export interface TextMatch {
  words: string[];
  /** true: every word must start a word of the title or service name; false: any of them. */
  all: boolean;
}

export interface Filters {
  categoryId: number | null;
  duration: number | null | undefined;
  minPrice: number | undefined;
  maxPrice: number | undefined;
  text: TextMatch | null;
}

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

export async function sampleOf(db: Database, now: number): Promise<SampleRow[]> {
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

export type Plan =
  | { kind: 'walk'; index: string }
  | { kind: 'gather'; via: 'fulltext'; words: string[] }
  /** Through the price index (a search in a narrow price range), or any index the optimizer picks (browsing). */
  | { kind: 'gather'; via: 'price' | 'filters' };

export function walkIndex(spec: SortSpec, f: Filters): string {
  if (f.categoryId !== null) return `offers_cat_${spec.family}_idx`;
  // The duration indexes hold no search text: a search walks the plain index and checks the duration there.
  if (f.duration !== undefined && !f.text) return `offers_dur_${spec.family}_idx`;
  return `offers_${spec.family}_idx`;
}

export function choosePlan(sample: SampleRow[], activeOffers: number, spec: SortSpec, f: Filters, need: number): Plan {
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
