import type { ReactNode } from 'react';
import { RowCheckbox, type Selection } from './bulk.tsx';
import { type ListSort, SortButton } from './sort.tsx';

export interface Column<T> {
  header: string;
  /** The list's `sort` value this column's header button asks for (only sorts the API has an index for). */
  sortKey?: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

/**
 * A list's table: one column per field, a caption for screen readers. `stacked` turns each row into a
 * card on a phone, every value under its column's name, for tables too wide to scroll through; its
 * parts then carry their roles explicitly, as a browser drops a table's semantics once CSS displays its
 * cells as blocks.
 */
export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  stacked = false,
  select,
  sort,
}: {
  caption: string;
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  stacked?: boolean;
  /** Bulk actions: a checkbox per row (the bar with "Select all" is the page's BulkBar). */
  select?: { selection: Selection<number>; id: (row: T) => number; label: (row: T) => string };
  /** The list's sort (in the URL): columns with a sortKey get a header button and aria-sort. */
  sort?: ListSort;
}) {
  const role = (name: string) => (stacked ? name : undefined);
  return (
    <div className="table-wrap">
      <table className={stacked ? 'admin-table console-table' : 'admin-table'} role={role('table')}>
        <caption className="visually-hidden">{caption}</caption>
        <thead role={role('rowgroup')}>
          <tr role={role('row')}>
            {select ? (
              <th scope="col" className="bulk-cell" role={role('columnheader')}>
                <span className="visually-hidden">Selected</span>
              </th>
            ) : null}
            {columns.map((c) =>
              c.sortKey && sort ? (
                <th key={c.header} scope="col" aria-sort={sort.ariaSort(c.sortKey)} role={role('columnheader')}>
                  <SortButton sort={sort} sortKey={c.sortKey} label={c.header} />
                </th>
              ) : (
                <th key={c.header} scope="col" role={role('columnheader')}>
                  {c.header}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody role={role('rowgroup')}>
          {rows.map((row) => (
            <tr key={rowKey(row)} role={role('row')}>
              {select ? (
                <td className="bulk-cell" role={role('cell')}>
                  <RowCheckbox selection={select.selection} id={select.id(row)} label={select.label(row)} />
                </td>
              ) : null}
              {columns.map((c) => (
                <td
                  key={c.header}
                  className={c.className}
                  data-label={stacked ? c.header : undefined}
                  role={role('cell')}
                >
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
