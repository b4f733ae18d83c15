// An offer's sold count and rating, from the rows they summarise. The services keep them up to date in
// the transaction that changes those rows (delivery adds to sold_count, a comment recounts its offer's
// rating); the demo seed and anything else that writes orders or comments behind their back recounts
// here, with the same rules, so "N sold" and "4.5 (12)" always match what the shop lists.
import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Ratings shown in the shop: those of comments not hidden by a moderator. With `offerId` one offer (its
 * `updated_at` set to `now`, as a service's change), else every offer.
 */
export async function recountOfferRatings(db: Kysely<DB>, one?: { offerId: number; now: Date }): Promise<void> {
  await sql`UPDATE offers o
    LEFT JOIN (SELECT offer_id, SUM(rating) AS s, COUNT(rating) AS n FROM comments
          WHERE hidden_at IS NULL AND rating IS NOT NULL ${one ? sql`AND offer_id = ${one.offerId}` : sql``}
          GROUP BY offer_id) r ON r.offer_id = o.id
    SET o.rating_sum = COALESCE(r.s, 0), o.rating_count = COALESCE(r.n, 0)
      ${one ? sql`, o.updated_at = ${one.now} WHERE o.id = ${one.offerId}` : sql``}`.execute(db);
}

/**
 * Sold = the quantity delivered, as delivery counts it (a later refund does not take a sale back).
 * For the seed and repairs: the services add to it as they deliver.
 */
export async function recountOfferSales(db: Kysely<DB>): Promise<void> {
  await sql`UPDATE offers o
    LEFT JOIN (SELECT offer_id, SUM(quantity) AS q FROM order_items WHERE delivered_at IS NOT NULL
          GROUP BY offer_id) s ON s.offer_id = o.id
    SET o.sold_count = COALESCE(s.q, 0)`.execute(db);
}
