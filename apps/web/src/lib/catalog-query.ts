// The catalog's filters live in the URL (?q=&category=&min=&max=&duration=&sort=&page=&cursor=) so a
// search can be shared and the back button walks through it. Prices in the URL are in major units
// ("5.99"). `cursor` is where "Next"/"Previous" continue from (the API's own token); `page` then only
// numbers the page. Without a cursor, a page is found by its number, which the API allows for the
// first 1,000 offers.
import type { RouterInputs } from '@damso/api';
import { SORTS } from '@damso/validators';
import { pageNumber, ROWS_BY_NUMBER } from '../components/list/list-params.ts';

type SearchInput = RouterInputs['catalog']['search'];
const DURATIONS = ['30', '90', '365', 'lifetime'] as const;
/** The API's catalogSearchInput cursor rule, so a mangled link falls back to a page number, not an error. */
const CURSOR = /^~?[a-z]\.[ab](\.\d{1,15}){2,3}$/;

function toCents(text: string | null): number | undefined {
  if (!text || !/^\d{1,6}([.,]\d{1,2})?$/.test(text)) return undefined;
  return Math.round(Number(text.replace(',', '.')) * 100);
}

const AMOUNT = 'Enter an amount like 8.99';

/**
 * What is wrong with the price filters in the URL, by field (the message shown under it). A price
 * with a problem is left out of the search, so the results never pretend to honour it.
 */
export function priceProblems(params: URLSearchParams): { min?: string; max?: string } {
  const [minText, maxText] = [params.get('min'), params.get('max')];
  const [min, max] = [toCents(minText), toCents(maxText)];
  if (maxText && max === undefined) return { ...(minText && min === undefined && { min: AMOUNT }), max: AMOUNT };
  if (minText && min === undefined) return { min: AMOUNT };
  if (min !== undefined && max !== undefined && min > max) return { max: 'The highest price is below the lowest.' };
  return {};
}

export function searchInputFrom(params: URLSearchParams, pageSize: number): SearchInput {
  const problems = priceProblems(params);
  const duration = params.get('duration');
  const sort = params.get('sort');
  const page = pageNumber(params);
  const cursor = params.get('cursor');
  const valid = cursor !== null && CURSOR.test(cursor);
  return {
    q: params.get('q')?.trim().slice(0, 100) || undefined,
    category: params.get('category') || undefined,
    minPrice: problems.min ? undefined : toCents(params.get('min')),
    maxPrice: problems.max ? undefined : toCents(params.get('max')),
    duration: DURATIONS.find((d) => d === duration),
    sort: SORTS.find((s) => s === sort) ?? 'popular',
    page: page !== null && (valid || (page - 1) * pageSize < ROWS_BY_NUMBER) ? page : 1,
    pageSize,
    cursor: valid && page !== null ? cursor : undefined,
  };
}
