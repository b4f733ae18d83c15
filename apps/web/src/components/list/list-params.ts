// A list page's state lives in its URL (?q=&status=&page=&cursor=…): a view can be shared or linked
// (a user's history from the users page), and the back button walks through the filters. `page`
// numbers the page; `cursor`, when the API gave one, is where "Next"/"Previous" continue from.
import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router';

/** Rows the API finds by page number (its OFFSET_LIMIT); further pages need a cursor. */
export const ROWS_BY_NUMBER = 1000;
/** The highest page number the API accepts. */
const MAX_PAGE = 1000;
const LIST_CURSOR = /^[ab]\.\d{1,15}$/;

/** How many pages of this size the API finds by number; the rest are reached with "Next". */
export const pagesByNumber = (pageSize: number) => Math.ceil(ROWS_BY_NUMBER / pageSize);

/** The ?page= number (1 when missing), or null when it is not one the API accepts. */
export function pageNumber(params: URLSearchParams): number | null {
  const page = Number(params.get('page') ?? '1');
  return Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : null;
}

/** The ?page= number, or 1 when it is missing or not one the API accepts. */
export const pageFrom = (params: URLSearchParams): number => pageNumber(params) ?? 1;

/**
 * An admin list's page from the URL (?page=&cursor=): the cursor the API gave for "Next"/"Previous",
 * or a page number within the first 1,000 rows.
 */
export function listPageFrom(params: URLSearchParams, pageSize: number): { page: number; cursor?: string } {
  const page = pageNumber(params);
  const cursor = params.get('cursor');
  if (page !== null && cursor && LIST_CURSOR.test(cursor)) return { page, cursor };
  return { page: page !== null && (page - 1) * pageSize < ROWS_BY_NUMBER ? page : 1 };
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

/**
 * The URL's filters and a way to change them: a choice (a list, a date) is a step the back button
 * returns to; typed text (`typed`) replaces the URL in place, not one history entry per letter.
 */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  // Once the URL has moved on (the change landed, or Back), the pending change is history.
  useEffect(() => {
    if (pendingChange && params.toString() !== pendingChange.seen) pendingChange = null;
  }, [params]);
  const change = useCallback(
    (changes: Record<string, string | null>, { typed = false } = {}) =>
      setParams(
        (current) => {
          // react-router hands each field the params of its last render: a second field changed before
          // the first change re-rendered the page (a quick user, autofill, a busy phone) would start from
          // the old URL and undo the first. While the URL is still the one the last change started from,
          // the next change builds on that change's result instead.
          const seen = current.toString();
          const base = pendingChange?.seen === seen ? pendingChange.next : current;
          const next = withParams(base, changes);
          pendingChange = { seen, next };
          return next;
        },
        { replace: typed },
      ),
    [setParams],
  );
  return { params, change };
}

/** The last filter change and the URL it started from (module-wide: each filter field has its own hook). */
let pendingChange: { seen: string; next: URLSearchParams } | null = null;
