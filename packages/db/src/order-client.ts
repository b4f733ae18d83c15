// Every order carries its client's current email and name (orders.client_email, client_name): staff's
// search walks them along indexes of the orders table instead of joining every candidate to its client
// (migration 2026-12-07-99-orders-client-search). Whatever writes an order names them (orderClient);
// whatever changes a user's email or name copies them onto that user's orders in the same transaction
// (copyClientToOrders). Both go through the users row, locked when in a transaction, so an order placed
// while its client is renamed either waits for the rename or is renamed with the others.
import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';

export interface OrderClient {
  client_email: string;
  client_name: string;
}

/** The columns an order needs from its client. `lock` (in a transaction): until it commits, no rename. */
export async function orderClient(db: Kysely<DB>, userId: number, lock = false): Promise<OrderClient> {
  const query = db
    .selectFrom('users')
    .select(['email as client_email', 'full_name as client_name'])
    .where('id', '=', userId);
  return (lock ? query.forUpdate() : query).executeTakeFirstOrThrow();
}

/** After a user's email or name changed: their orders say so too (run it in the same transaction). */
export async function copyClientToOrders(db: Kysely<DB>, userId: number): Promise<void> {
  await sql`UPDATE orders o JOIN users u ON u.id = o.user_id
    SET o.client_email = u.email, o.client_name = u.full_name WHERE o.user_id = ${userId}`.execute(db);
}
