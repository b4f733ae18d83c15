import { Link } from 'react-router';
import { withParams } from '../../lib/catalog-query.ts';

/** Page links that keep every other filter of the URL. */
export function Pagination({ params, page, pageCount }: { params: URLSearchParams; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  const href = (n: number) => `?${withParams(params, { page: n === 1 ? null : String(n) })}`;
  const pages = Array.from({ length: pageCount }, (_, i) => i + 1).filter(
    (n) => n === 1 || n === pageCount || Math.abs(n - page) <= 1,
  );
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : null}
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
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}
