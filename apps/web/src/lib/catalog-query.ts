// The catalog's filters live in the URL (?q=&category=&min=&max=&duration=&sort=&page=&cursor=) so a
// search can be shared and the back button walks through it. Prices in the URL are in major units
// ("5.99"). `cursor` is where "Next"/"Previous" continue from (the API's own token); `page` then only
// numbers the page. Without a cursor, a page is found by its number, which the API allows for the
// first 1,000 offers.
import type { RouterInputs } from '@damso/api';
import { SORTS } from '@damso/validators';

type SearchInput = RouterInputs['catalog']['search'];
const DURATIONS = ['30', '90', '365', 'lifetime'] as const;
/** The API's catalogSearchInput cursor rule, so a mangled link falls back to a page number, not an error. */
const CURSOR = /^~?[a-z]\.[ab](\.\d{1,15}){2,3}$/;
/** Offers the API finds by page number; further pages need a cursor (catalog-search.ts OFFSET_LIMIT). */
const BY_NUMBER = 1000;

/** How many pages of this size the API finds by number; the rest are reached with "Next". */
export const pagesByNumber = (pageSize: number) => Math.ceil(BY_NUMBER / pageSize);

function toCents(text: string | null): number | undefined {
  if (!text || !/^\d{1,6}([.,]\d{1,2})?$/.test(text)) return undefined;
  return Math.round(Number(text.replace(',', '.')) * 100);
}

export function searchInputFrom(params: URLSearchParams, pageSize: number): SearchInput {
  const duration = params.get('duration');
  const sort = params.get('sort');
  const page = Number(params.get('page') ?? '1');
  const cursor = params.get('cursor');
  const valid = cursor !== null && CURSOR.test(cursor);
  const numbered = Number.isInteger(page) && page >= 1 && page <= 1000;
  return {
    q: params.get('q')?.trim().slice(0, 100) || undefined,
    category: params.get('category') || undefined,
    minPrice: toCents(params.get('min')),
    maxPrice: toCents(params.get('max')),
    duration: DURATIONS.find((d) => d === duration),
    sort: SORTS.find((s) => s === sort) ?? 'popular',
    page: numbered && (valid || (page - 1) * pageSize < BY_NUMBER) ? page : 1,
    pageSize,
    cursor: valid && numbered ? cursor : undefined,
  };
}

const LIST_CURSOR = /^[ab]\.\d{1,15}$/;

/**
 * An admin list's page from the URL (?page=&cursor=): the cursor the API gave for "Next"/"Previous",
 * or a page number within the first 1,000 rows (the API's LIST_OFFSET_LIMIT).
 */
export function listPageFrom(params: URLSearchParams, pageSize: number): { page: number; cursor?: string } {
  const page = Number(params.get('page') ?? '1');
  const cursor = params.get('cursor');
  const numbered = Number.isInteger(page) && page >= 1 && page <= 1000;
  if (numbered && cursor && LIST_CURSOR.test(cursor)) return { page, cursor };
  return { page: numbered && (page - 1) * pageSize < BY_NUMBER ? page : 1 };
}

/** A copy of the params with some keys changed; empty values are dropped and the page (and its cursor) resets. */
export function withParams(params: URLSearchParams, changes: Record<string, string | null>, keepPage = false) {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
  }
  if (!keepPage && !('page' in changes)) next.delete('page');
  if (!keepPage && !('cursor' in changes)) next.delete('cursor');
  return next;
}
