import { Link } from 'react-router';
import { withParams } from '../../lib/catalog-query.ts';

/**
 * Page links that keep every other filter of the URL. A list that pages by cursor (the catalog) passes
 * nextCursor/prevCursor: "Previous" and "Next" continue from them, and numbered links are only shown
 * while the whole list can be reached by number (pageCount known and within `numberedPages`).
 */
export function Pagination({
  params,
  page,
  pageCount,
  cursors,
}: {
  params: URLSearchParams;
  page: number;
  pageCount: number | null;
  cursors?: { next: string | null; prev: string | null; numberedPages: number };
}) {
  const numbered = pageCount !== null && (!cursors || pageCount <= cursors.numberedPages);
  const hasNext = cursors ? cursors.next !== null : page < (pageCount ?? 0);
  const hasPrev = page > 1;
  if (!hasNext && !hasPrev && (pageCount ?? 1) <= 1) return null;
  const href = (n: number, cursor: string | null = null) =>
    `?${withParams(params, { page: n === 1 ? null : String(n), cursor: n === 1 ? null : cursor })}`;
  // By number the previous page is exact; by cursor it is the one before this page's first offer.
  const prevHref = cursors && !numbered ? href(page - 1, cursors.prev) : href(page - 1);
  const nextHref = cursors && !numbered ? href(page + 1, cursors.next) : href(page + 1);
  const pages = numbered
    ? Array.from({ length: pageCount }, (_, i) => i + 1).filter(
        (n) => n === 1 || n === pageCount || Math.abs(n - page) <= 1,
      )
    : [];
  return (
    <nav className="pagination" aria-label="Pages">
      {hasPrev ? (
        <Link to={prevHref} rel="prev">
          ← Previous
        </Link>
      ) : null}
      {numbered ? (
        <ul>
          {pages.map((n, i) => (
            <li key={n}>
              {i > 0 && n - (pages[i - 1] ?? n) > 1 ? <span aria-hidden="true">… </span> : null}
              <Link to={href(n)} aria-current={n === page ? 'page' : undefined} aria-label={`Page ${n}`}>
                {n}
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <span className="pagination__current" aria-current="page">
          Page {page.toLocaleString('en')}
        </span>
      )}
      {hasNext ? (
        <Link to={nextHref} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}
