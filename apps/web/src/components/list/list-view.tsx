import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert } from '../form/alert.tsx';

interface ListQuery<T> {
  isPending: boolean;
  isError: boolean;
  error: { message: string } | null;
  data: T | undefined;
}

/** A list's query in its states: loading, failed, empty, or its rows (`children`). */
export function ListView<T>({
  query,
  loading,
  failed,
  isEmpty,
  empty,
  children,
}: {
  query: ListQuery<T>;
  /** What is loading: "Loading users…". */
  loading: string;
  /** Said instead of the error's own message. */
  failed?: string;
  isEmpty: (data: T) => boolean;
  empty: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <p aria-busy="true">{loading}</p>;
  if (query.isError) return <Alert kind="error">{failed ?? query.error?.message}</Alert>;
  if (query.data === undefined) return null;
  return isEmpty(query.data) ? empty : children(query.data);
}

/** What an empty list says: why, and a way on (`clear`: the list without its filters). */
export function EmptyState({
  title,
  children,
  clear,
  more,
}: {
  /** A heading, where the list is the page's main content (the catalog). */
  title?: string;
  children: ReactNode;
  clear?: string;
  more?: ReactNode;
}) {
  return (
    <div className="empty-state">
      {title ? <h3>{title}</h3> : null}
      <p>
        {children}
        {clear ? (
          <>
            {' '}
            <Link to={clear}>Clear the filters</Link>
          </>
        ) : null}
      </p>
      {more}
    </div>
  );
}
