// Paging for the admin lists at scale (1M orders, 200k users). Counts stop at LIST_COUNT_CAP ("1,000+
// orders") instead of counting every row, and "Next"/"Previous" continue from a row (a cursor naming
// it: "a.<id>" after it, "b.<id>" before it) instead of skipping rows, so page 500 costs what page 1
// costs. A page number alone is only followed for the first LIST_OFFSET_LIMIT rows.
import { Invalid } from './errors.ts';

export const LIST_COUNT_CAP = 1000;

/** Text a user typed, matched literally by LIKE: its wildcards and escape character escaped. */
export const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');
export const LIST_OFFSET_LIMIT = 1000;

export interface ListCursor {
  direction: 'after' | 'before';
  id: number;
}

/** A cursor that does not parse, or names a row that is gone: an old link. */
export const staleLink = () => new Invalid('This page link is no longer valid. Please start from page 1.');

export function parseListCursor(text: string | undefined): ListCursor | null {
  if (text === undefined) return null;
  const match = /^([ab])\.(\d{1,15})$/.exec(text);
  if (!match) throw staleLink();
  return { direction: match[1] === 'a' ? 'after' : 'before', id: Number(match[2]) };
}

/** The row a cursor names, or a typed error when it is gone (a link to a page that no longer exists). */
export function anchorOrFail<T>(row: T | undefined): T {
  if (!row) throw staleLink();
  return row;
}

/** The rows a page number skips; refused past LIST_OFFSET_LIMIT, where "Next" (a cursor) goes instead. */
export function offsetOf(page: number, pageSize: number, narrow: 'filters' | 'search' = 'filters'): number {
  const offset = (page - 1) * pageSize;
  if (offset >= LIST_OFFSET_LIMIT) {
    throw new Invalid(`Pages this far are reached with “Next”. Please start from page 1 or narrow the ${narrow}.`);
  }
  return offset;
}

/** A count read with LIMIT LIST_COUNT_CAP: exact below the cap; at the cap, "1,000+" (1,000 or more). */
export function cappedTotal(n: number | string | bigint) {
  const count = Number(n);
  return count >= LIST_COUNT_CAP ? { total: LIST_COUNT_CAP, totalCapped: true } : { total: count, totalCapped: false };
}

/**
 * The page out of rows read one past it (in walking order), turned back to list order, with the
 * cursors to the pages around it.
 */
export function pageOf<T extends { id: number }>(
  rows: T[],
  pageSize: number,
  cursor: ListCursor | null,
  offset: number,
): { rows: T[]; nextCursor: string | null; prevCursor: string | null } {
  const backward = cursor?.direction === 'before';
  const more = rows.length > pageSize;
  const shown = rows.slice(0, pageSize);
  if (backward) shown.reverse();
  const hasBefore = backward ? more : Boolean(cursor) || offset > 0;
  const hasAfter = backward ? true : more;
  const first = shown[0];
  const last = shown.at(-1);
  return {
    rows: shown,
    nextCursor: hasAfter && last ? `a.${last.id}` : null,
    prevCursor: hasBefore && first ? `b.${first.id}` : null,
  };
}
