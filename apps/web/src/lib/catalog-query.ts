// The catalog's filters live in the URL (?q=&category=&min=&max=&duration=&sort=&page=) so a search
// can be shared and the back button walks through it. Prices in the URL are in major units ("5.99").
import type { RouterInputs } from '@damso/api';
import { SORTS } from '@damso/validators';

type SearchInput = RouterInputs['catalog']['search'];
const DURATIONS = ['30', '90', '365', 'lifetime'] as const;

function toCents(text: string | null): number | undefined {
  if (!text || !/^\d{1,6}([.,]\d{1,2})?$/.test(text)) return undefined;
  return Math.round(Number(text.replace(',', '.')) * 100);
}

export function searchInputFrom(params: URLSearchParams, pageSize: number): SearchInput {
  const duration = params.get('duration');
  const sort = params.get('sort');
  const page = Number(params.get('page') ?? '1');
  return {
    q: params.get('q')?.trim().slice(0, 100) || undefined,
    category: params.get('category') || undefined,
    minPrice: toCents(params.get('min')),
    maxPrice: toCents(params.get('max')),
    duration: DURATIONS.find((d) => d === duration),
    sort: SORTS.find((s) => s === sort) ?? 'popular',
    page: Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1,
    pageSize,
  };
}

/** A copy of the params with some keys changed; empty values are dropped and the page resets. */
export function withParams(params: URLSearchParams, changes: Record<string, string | null>, keepPage = false) {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
  }
  if (!keepPage && !('page' in changes)) next.delete('page');
  return next;
}
