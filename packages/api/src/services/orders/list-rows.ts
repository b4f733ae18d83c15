// The rows of the order lists (my orders, the desk's queues, the admin's list) in one statement.
import type { OrderStatus } from '@damso/validators';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../shared/actor.ts';
import type { ItemLine } from './queries.ts';

export interface ListedRow {
  id: number;
  number: string | null;
  user_id: number;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  createdAt: Date;
  outOfStock: number;
  clientName: string;
  clientEmail: string;
  claimedById: number | null;
  claimedByName: string | null;
  /** JSON text on MariaDB, already parsed on MySQL. */
  items: string | ItemLine[] | null;
  unread: number | string;
  /** The list's count, when one was asked for (cappedCountPlan). */
  counted?: number | string;
}

/**
 * A page of orders with what a list row shows — items, names, the messages the viewer has not read
 * (the client's for staff, staff's for the client) — in one statement: the page's ids (`page`, read
 * along its index) joined to the rows, the names by primary key, the unread counts by a per-order
 * subquery on its (order_id, is_staff, id) index. The items are the order's own summary, written
 * when it was placed (itemsSummary); an order without one (written by hand, say) has them read from
 * order_items, in id order, the index's own. One round trip per list instead of five, which were
 * most of a list's database time. `count`,
 * a scalar subquery, comes on every row as `counted` (the list's total, without a round trip of its own).
 */
export async function listedOrders(
  db: Db,
  page: RawBuilder<unknown>,
  viewer: { id: number; staff: boolean },
  count?: RawBuilder<unknown> | null,
) {
  const { rows } = await sql<ListedRow>`SELECT o.id, o.number, o.user_id, o.status, o.total_cents AS totalCents,
      o.currency, o.created_at AS createdAt, o.out_of_stock AS outOfStock,
      u.full_name AS clientName, u.email AS clientEmail, o.claimed_by AS claimedById, c.full_name AS claimedByName,
      COALESCE(o.items_summary, (SELECT JSON_ARRAYAGG(JSON_OBJECT('title', i.title, 'quantity', i.quantity))
        FROM order_items i WHERE i.order_id = o.id)) AS items,
      (SELECT COUNT(*) FROM order_messages m WHERE m.order_id = o.id AND m.is_staff = ${viewer.staff ? 0 : 1}
        AND m.id > COALESCE((SELECT r.last_read_message_id FROM order_message_reads r
          WHERE r.order_id = o.id AND r.user_id = ${viewer.id}), 0)) AS unread
      ${count ? sql`, ${count} AS counted` : sql``}
    FROM (${page}) p JOIN orders o ON o.id = p.id
    JOIN users u ON u.id = o.user_id LEFT JOIN users c ON c.id = o.claimed_by`.execute(db);
  return rows;
}

/** Only what a list row shows is sent: the order page loads the rest. */
export function listRow(r: ListedRow) {
  return {
    number: r.number ?? '',
    status: r.status,
    totalCents: r.totalCents,
    currency: r.currency,
    createdAt: r.createdAt,
    outOfStock: Boolean(r.outOfStock),
    clientId: r.user_id,
    clientName: r.clientName,
    clientEmail: r.clientEmail,
    // The id lets the desk say "You" without comparing names, which two employees may share.
    claimedById: r.claimedById,
    claimedByName: r.claimedByName,
    items: (typeof r.items === 'string' ? (JSON.parse(r.items) as ItemLine[]) : r.items) ?? [],
    unread: Number(r.unread),
  };
}
