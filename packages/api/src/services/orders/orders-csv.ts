// The admin's orders as CSV, with the list's filters (status, search, date range). Written as it is
// read: chunks of CHUNK orders walked newest first along an index (keyset: each chunk starts below the
// last row sent), so a million matching orders never sit in memory at once, and the export stops at
// ORDERS_CSV_MAX_ROWS.
import { ORDERS_CSV_MAX_ROWS, type OrderStatus } from '@damso/validators';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../shared/actor.ts';
import { csvLine } from '../shared/csv.ts';
import { orderConditions } from './desk-queries.ts';
import type { OrderDateRange } from './order-search.ts';

const CHUNK = 1000;

export const ORDERS_CSV_HEADER = [
  'number',
  'placed_at_utc',
  'status',
  'client_name',
  'client_email',
  'items',
  'total',
  'currency',
] as const;

export interface OrdersCsvInput extends OrderDateRange {
  status?: OrderStatus | undefined;
  q?: string | undefined;
}

interface CsvRow {
  id: number;
  number: string | null;
  status: string;
  total_cents: number;
  currency: string;
  created_at: Date;
  full_name: string;
  email: string;
  items: string | Array<{ title: string; quantity: number }> | null;
}

const digitsOf = new Map<string, number>();
/** An amount in major units with the currency's own decimals (as the revenue CSV writes them). */
function money(cents: number, currency: string): string {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return (cents / 10 ** digits).toFixed(digits);
}

/** The file's name, saying what it holds: "orders-paid-2026-11-01-to-2026-11-30.csv". */
export function ordersCsvFilename(input: OrdersCsvInput, today: Date): string {
  const parts = ['orders', input.status, input.createdFrom && `from-${input.createdFrom}`];
  parts.push(input.createdTo ? `to-${input.createdTo}` : today.toISOString().slice(0, 10));
  return `${parts.filter(Boolean).join('-')}.csv`;
}

/** The CSV text in pieces: the header, then one piece per chunk of orders. */
export async function* ordersCsv(
  db: Db,
  input: OrdersCsvInput,
  { maxRows = ORDERS_CSV_MAX_ROWS, chunk = CHUNK }: { maxRows?: number; chunk?: number } = {},
): AsyncGenerator<string, void, undefined> {
  const where = await orderConditions(db, { ...input, statuses: input.status ? [input.status] : [] });
  yield csvLine(ORDERS_CSV_HEADER);
  // One status without a search: along (status, created_at), as the list reads it (the index's entries
  // end with the id, so the walk's key is (created_at, id)); days alone along (created_at); anything
  // else along the primary key.
  const plain = !input.q?.trim();
  const index =
    plain && input.status !== undefined
      ? sql.raw('orders_status_created_idx')
      : plain && (input.createdFrom || input.createdTo)
        ? sql.raw('orders_created_idx')
        : null;
  const byTime = index !== null;
  let below: { id: number; created_at: Date } | null = null;
  let sent = 0;
  while (sent < maxRows) {
    const limit = Math.min(chunk, maxRows - sent);
    let page: RawBuilder<unknown>;
    if (byTime) {
      const after = below
        ? sql`AND (created_at < ${below.created_at} OR (created_at = ${below.created_at} AND id < ${below.id}))`
        : sql``;
      page = sql`SELECT id FROM orders FORCE INDEX (${index}) WHERE ${where} ${after}
        ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
    } else {
      const after = below ? sql`AND id < ${below.id}` : sql``;
      page = sql`SELECT id FROM orders WHERE ${where} ${after} ORDER BY id DESC LIMIT ${limit}`;
    }
    const { rows }: { rows: CsvRow[] } = await sql<CsvRow>`SELECT o.id, o.number, o.status, o.total_cents,
        o.currency, o.created_at, u.full_name, u.email,
        (SELECT JSON_ARRAYAGG(JSON_OBJECT('title', i.title, 'quantity', i.quantity))
          FROM order_items i WHERE i.order_id = o.id) AS items
      FROM (${page}) p
      JOIN orders o ON o.id = p.id JOIN users u ON u.id = o.user_id
      ORDER BY ${byTime ? sql`o.created_at DESC, ` : sql``}o.id DESC`.execute(db);
    if (rows.length === 0) return;
    yield rows
      .map((r) => {
        const items = (typeof r.items === 'string' ? JSON.parse(r.items) : r.items) ?? [];
        return csvLine([
          r.number ?? '',
          r.created_at.toISOString().replace('.000Z', 'Z'),
          r.status,
          r.full_name,
          r.email,
          items.map((i: { title: string; quantity: number }) => `${i.title} × ${i.quantity}`).join('; '),
          money(r.total_cents, r.currency),
          r.currency,
        ]);
      })
      .join('');
    sent += rows.length;
    below = rows[rows.length - 1] ?? null;
    if (rows.length < limit) return;
  }
}
