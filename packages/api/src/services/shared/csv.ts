// The one CSV writer (RFC 4180, CRLF lines) of the exports: the statistics' revenue and the admin's orders.

/**
 * A cell: quoted when it holds a quote, comma or line break. Text starting with = + - @ (or a tab or
 * carriage return) gets a leading apostrophe, so a spreadsheet shows it instead of running it as a
 * formula: a client's name is typed by the client. Numbers are written as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row, ended by CRLF. */
export const csvLine = (cells: ReadonlyArray<string | number | null>) => `${cells.map(csvCell).join(',')}\r\n`;
