import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useListParams, withParams } from './list-params.ts';

interface PagerProps {
  page: number;
  /** Pages in all, or null for a list that is not counted (it only grows, or is too long to count). */
  pageCount: number | null;
  /**
   * A list paged by cursor: "Previous" and "Next" continue from the API's cursors, and numbered links
   * are only shown while the whole list can be reached by number (pageCount known, within `numberedPages`).
   */
  cursors?: { next: string | null; prev: string | null; numberedPages: number };
  /** An uncounted list without cursors: whether an older page exists. */
  hasMore?: boolean;
  /** Newest first (logs, comments): "Newer" and "Older" rather than "Previous" and "Next". */
  newestFirst?: boolean;
  /** Pages kept by the component (a list inside another page) rather than in the URL. */
  onPage?: (page: number) => void;
}

/** Page links that keep every filter of the URL. */
export function Pager({ page, pageCount, cursors, hasMore, newestFirst = false, onPage }: PagerProps) {
  const { params } = useListParams();
  const numbered = pageCount !== null && (!cursors || pageCount <= cursors.numberedPages);
  const hasNext = cursors ? cursors.next !== null : (hasMore ?? page < (pageCount ?? 0));
  const hasPrev = page > 1;
  if (!hasNext && !hasPrev && (pageCount ?? 1) <= 1) return null;
  // By number the previous page is exact; by cursor it is the one before this page's first row.
  const byCursor = cursors !== undefined && !numbered;
  const pages = numbered
    ? Array.from({ length: pageCount }, (_, i) => i + 1).filter(
        (n) => n === 1 || n === pageCount || Math.abs(n - page) <= 1,
      )
    : [];

  const to = (
    n: number,
    cursor: string | null,
    children: ReactNode,
    attributes: { rel?: string; 'aria-current'?: 'page'; 'aria-label'?: string } = {},
  ) =>
    onPage ? (
      <button type="button" onClick={() => onPage(n)} {...attributes}>
        {children}
      </button>
    ) : (
      <Link
        to={`?${withParams(params, { page: n === 1 ? null : String(n), cursor: n === 1 ? null : cursor })}`}
        {...attributes}
      >
        {children}
      </Link>
    );

  return (
    <nav className="pagination" aria-label="Pages">
      {hasPrev
        ? to(page - 1, byCursor ? cursors.prev : null, newestFirst ? '← Newer' : '← Previous', { rel: 'prev' })
        : null}
      {numbered ? (
        <ul>
          {pages.map((n, i) => (
            <li key={n}>
              {i > 0 && n - (pages[i - 1] ?? n) > 1 ? <span aria-hidden="true">… </span> : null}
              {to(n, null, n, { 'aria-current': n === page ? 'page' : undefined, 'aria-label': `Page ${n}` })}
            </li>
          ))}
        </ul>
      ) : (
        <span className="pagination__current" aria-current="page">
          Page {page.toLocaleString('en')}
        </span>
      )}
      {hasNext
        ? to(page + 1, byCursor ? cursors.next : null, newestFirst ? 'Older →' : 'Next →', { rel: 'next' })
        : null}
    </nav>
  );
}
