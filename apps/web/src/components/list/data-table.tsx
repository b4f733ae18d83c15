import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

/**
 * A list's table: one column per field, a caption for screen readers. `stacked` turns each row into a
 * card on a phone, every value under its column's name, for tables too wide to scroll through.
 */
export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  stacked = false,
}: {
  caption: string;
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  stacked?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className={stacked ? 'admin-table console-table' : 'admin-table'}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.header} className={c.className} data-label={stacked ? c.header : undefined}>
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
