import { Link } from 'react-router';
import { withParams } from '../../lib/catalog-query.ts';

/** Paging for lists that only grow (audit log, outbox): no total count, just newer and older pages. */
export function NewerOlderPager({
  params,
  page,
  hasMore,
}: {
  params: URLSearchParams;
  page: number;
  hasMore: boolean;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? (
        <Link to={`?${withParams(params, { page: page === 2 ? null : String(page - 1) })}`} rel="prev">
          ← Newer
        </Link>
      ) : null}
      <span>Page {page}</span>
      {hasMore ? (
        <Link to={`?${withParams(params, { page: String(page + 1) })}`} rel="next">
          Older →
        </Link>
      ) : null}
    </nav>
  );
}
