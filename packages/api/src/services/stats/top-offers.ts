// The best-selling offers of a date range, from the per-day and per-month offer rollups, without
// summing every offer's days. The range is cut into whole months and the loose days at its ends;
// each of those pieces lists its best sellers from its rank index. An offer missing from a piece's
// list sold at most that list's last figure there, so an offer missing from every list sold at most
// the sum of those figures over the whole range. Listed offers whose best case cannot reach the fifth
// best listed offer are dropped, the rest are summed exactly, and when the fifth of those beats the
// bound no unlisted offer can reach the top five (Fagin's threshold algorithm); otherwise the lists
// grow and, past a point, every offer of the range is summed.
import type { Database } from '@damso/db';
import { sql } from 'kysely';
import { dayDate } from './delta.ts';

const TOP = 5;
const FIRST_LIST = 10;
const LONGEST_LIST = 160;
const DAY_MS = 86_400_000;

export interface TopOffer {
  offerId: number;
  title: string;
  revenueCents: number;
  units: number;
}

interface Pieces {
  /** Days not covered by a whole month, as at most two runs [from, to]. */
  dayRuns: Array<[string, string]>;
  days: string[];
  /** First days of the months wholly inside the range. */
  months: string[];
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export function rangePieces(from: string, to: string): Pieces {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const months: string[] = [];
  const days: string[] = [];
  for (let t = start; t <= end; ) {
    const d = new Date(t);
    const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const nextMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    if (t === monthStart && nextMonth - DAY_MS <= end) {
      months.push(iso(t));
      t = nextMonth;
    } else {
      days.push(iso(t));
      t += DAY_MS;
    }
  }
  const dayRuns: Array<[string, string]> = [];
  for (const day of days) {
    const last = dayRuns.at(-1);
    if (last && Date.parse(`${day}T00:00:00Z`) - Date.parse(`${last[1]}T00:00:00Z`) === DAY_MS) last[1] = day;
    else dayRuns.push([day, day]);
  }
  return { dayRuns, days, months };
}

interface Listed {
  piece: string;
  offer_id: number;
  revenue_cents: number | string;
}

/** Each piece's `n` best sellers, from the rank indexes, in one statement. */
async function lists(db: Database, pieces: Pieces, n: number): Promise<Map<string, number[]>> {
  const parts = [
    ...pieces.days.map(
      (day) =>
        sql`(SELECT ${`d${day}`} AS piece, offer_id, revenue_cents FROM stats_offer_days
          WHERE day = ${dayDate(day)} ORDER BY revenue_cents DESC LIMIT ${n})`,
    ),
    ...pieces.months.map(
      (month) =>
        sql`(SELECT ${`m${month}`} AS piece, offer_id, revenue_cents FROM stats_offer_months
          WHERE month = ${dayDate(month)} ORDER BY revenue_cents DESC LIMIT ${n})`,
    ),
  ];
  const byPiece = new Map<string, number[]>();
  if (parts.length === 0) return byPiece;
  const { rows } = await sql<Listed>`${sql.join(parts, sql` UNION ALL `)}`.execute(db);
  for (const r of rows) {
    const list = byPiece.get(r.piece) ?? [];
    list.push(Number(r.revenue_cents), Number(r.offer_id));
    byPiece.set(r.piece, list);
  }
  return byPiece;
}

interface Summed {
  offer_id: number;
  cents: number | string;
  units: number | string;
}

/** Exact sums over the range, for the given offers or (null) for every offer sold in it. */
async function sums(db: Database, pieces: Pieces, offerIds: number[] | null, limit: number | null) {
  const parts = [];
  const only = (column: string) => (offerIds ? sql`AND ${sql.ref(column)} IN (${sql.join(offerIds)})` : sql``);
  for (const [a, b] of pieces.dayRuns) {
    parts.push(sql`SELECT offer_id, revenue_cents, units FROM stats_offer_days
      WHERE day BETWEEN ${dayDate(a)} AND ${dayDate(b)} ${only('offer_id')}`);
  }
  if (pieces.months.length > 0) {
    parts.push(sql`SELECT offer_id, revenue_cents, units FROM stats_offer_months
      WHERE month BETWEEN ${dayDate(pieces.months[0] as string)} AND ${dayDate(pieces.months.at(-1) as string)}
      ${only('offer_id')}`);
  }
  if (parts.length === 0) return [];
  const { rows } = await sql<Summed>`
    SELECT offer_id, SUM(revenue_cents) AS cents, SUM(units) AS units
    FROM (${sql.join(parts, sql` UNION ALL `)}) AS sold
    GROUP BY offer_id HAVING SUM(units) > 0
    ORDER BY cents DESC, offer_id
    ${limit === null ? sql`` : sql`LIMIT ${limit}`}`.execute(db);
  return rows.map((r) => ({ offerId: Number(r.offer_id), revenueCents: Number(r.cents), units: Number(r.units) }));
}

async function ranked(db: Database, pieces: Pieces) {
  for (let n = FIRST_LIST; n <= LONGEST_LIST; n *= 4) {
    const listed = await lists(db, pieces, n);
    // What each listed offer is known to have sold (lower bound) and the pieces' last figures it might
    // still add where it is missing from a full list (so lower + those = upper bound).
    const lower = new Map<number, number>();
    const missingFrom = new Map<number, number>();
    let bound = 0;
    let complete = true;
    for (const list of listed.values()) {
      const full = list.length / 2 >= n;
      const last = full ? (list[list.length - 2] as number) : 0;
      if (full) {
        complete = false;
        bound += last;
      }
      for (let i = 0; i < list.length; i += 2) {
        const offerId = list[i + 1] as number;
        lower.set(offerId, (lower.get(offerId) ?? 0) + (list[i] as number));
        missingFrom.set(offerId, (missingFrom.get(offerId) ?? 0) - last);
      }
    }
    if (lower.size === 0) return [];
    // An offer listed nowhere sold at most `bound`. A listed offer whose upper bound is below the fifth
    // best lower bound cannot make the top five: only the others are summed exactly.
    const fifthLower = [...lower.values()].sort((a, b) => b - a)[TOP - 1] ?? Number.NEGATIVE_INFINITY;
    const contenders = [...lower].filter(
      ([offerId, sold]) => sold + bound + (missingFrom.get(offerId) ?? 0) >= fifthLower,
    );
    const top = await sums(
      db,
      pieces,
      contenders.map(([offerId]) => offerId),
      TOP,
    );
    const fifth = top[TOP - 1];
    if (complete || (fifth && fifth.revenueCents > bound)) return top;
  }
  return sums(db, pieces, null, TOP);
}

/**
 * The five offers with the most revenue from paid and delivered orders paid in the range (the lines'
 * price × quantity, before order discounts), ties by offer id, each with the greatest title it was
 * sold under in the range.
 */
export async function topOffers(db: Database, from: string, to: string): Promise<TopOffer[]> {
  const top = await ranked(db, rangePieces(from, to));
  if (top.length === 0) return [];
  const titles = await db
    .selectFrom('stats_offer_titles')
    .select(['offer_id', (eb) => eb.fn.max('title').as('title')])
    .where(
      'offer_id',
      'in',
      top.map((t) => t.offerId),
    )
    .where('day', '>=', dayDate(from))
    .where('day', '<=', dayDate(to))
    .where('items', '>', 0)
    .groupBy('offer_id')
    .execute();
  const titleOf = new Map(titles.map((t) => [Number(t.offer_id), t.title]));
  return top.map((t) => ({ ...t, title: titleOf.get(t.offerId) ?? '' }));
}
