// The shop's category counts (categories.active_offer_count) are kept by the offer services in the
// transaction that changes an offer. Whatever writes offers behind their back (the demo seed, the
// scale loader, a restore) recounts them here afterwards.
import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';

export async function recountCategoryOffers(db: Kysely<DB>): Promise<void> {
  await sql`UPDATE categories c SET c.active_offer_count =
    (SELECT COUNT(*) FROM offers o WHERE o.category_id = c.id AND o.is_active = 1)`.execute(db);
}
