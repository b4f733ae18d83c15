// A list the API pages (services/shared/list-paging.ts): how many there are ("1,000+" past the cap),
// the rows, and the pager — numbered pages near the start, Next/Previous from a cursor beyond. The
// order lists of the desk, the admin and a customer's page are this one piece with their own columns.
import type { ReactNode } from 'react';
import { formatCount } from '../../lib/format.ts';
import { pagesByNumber } from './list-params.ts';
import { ListView } from './list-view.tsx';
import { Pager } from './pager.tsx';

export interface PagedAnswer {
  total: number;
  totalCapped: boolean;
  pageCount: number | null;
  nextCursor: string | null;
  prevCursor: string | null;
  /** A search whose text many clients share looked only at this many of them (services/orders). */
  searchLimitedTo?: number | null;
}

export function PagedList<A extends PagedAnswer>({
  query,
  page,
  pageSize,
  noun,
  loading,
  isEmpty,
  empty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: { message: string } | null; data: A | undefined };
  page: number;
  pageSize: number;
  /** What is counted, one and many: ['order', 'orders']. */
  noun: readonly [string, string];
  loading: string;
  isEmpty: (data: A) => boolean;
  empty: ReactNode;
  children: (data: A) => ReactNode;
}) {
  return (
    <>
      <ListView query={query} loading={loading} isEmpty={isEmpty} empty={empty}>
        {(d) => (
          <>
            <p className="muted">
              {formatCount(d.total, d.totalCapped)} {d.total === 1 ? noun[0] : noun[1]}
            </p>
            {d.searchLimitedTo ? (
              <p className="muted" role="note">
                Many clients’ names or emails start with this; only the first {d.searchLimitedTo} were searched. Type
                more of the name or email, or an order number, to find the others.
              </p>
            ) : null}
            {children(d)}
          </>
        )}
      </ListView>
      {query.data ? (
        <Pager
          page={page}
          pageCount={query.data.pageCount}
          cursors={{
            next: query.data.nextCursor,
            prev: query.data.prevCursor,
            numberedPages: pagesByNumber(pageSize),
          }}
        />
      ) : null}
    </>
  );
}
