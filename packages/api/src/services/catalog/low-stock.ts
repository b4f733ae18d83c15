// Low stock: the alert when a delivery leaves an offer's codes under its threshold, and the offers
// still low for the admin overview. Both read the rule (isLowStock) and the flag it keeps:
// offers.low_stock_alerted is set on the fall under the threshold and cleared by new stock, so each
// fall alerts once, by email and in the app.
import { enqueueEmail, renderEmail } from '@damso/email';
import { isLowStock, PERMISSIONS } from '@damso/validators';
import { emailShopName } from '../admin/shop-settings.ts';
import { notify } from '../notifications/notifications.ts';
import type { Db, Deps } from '../shared/actor.ts';

/** The admin page where codes are added; the in-app notice links there. */
export const stockPagePath = (offerId: number) => `/admin/offers/${offerId}`;

function availableCodes(db: Db, offerIds: number[]) {
  return db
    .selectFrom('offer_stock_codes')
    .select(['offer_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('offer_id', 'in', offerIds)
    .where('status', '=', 'available')
    .groupBy('offer_id')
    .execute();
}

/**
 * After codes of an offer were delivered: on a fall under the threshold, emails and notifies whoever
 * manages offers (the role table's admin:offers), once until the offer is restocked above it.
 */
export async function checkLowStock(trx: Db, deps: Deps, offerId: number): Promise<void> {
  const [left] = await availableCodes(trx, [offerId]);
  const available = Number(left?.n ?? 0);
  const offer = await trx
    .selectFrom('offers')
    .select(['title', 'low_stock_threshold'])
    .where('id', '=', offerId)
    .executeTakeFirstOrThrow();
  if (!isLowStock(available, offer.low_stock_threshold)) {
    // Restocked above the threshold: the next fall under it alerts again.
    await trx
      .updateTable('offers')
      .set({ low_stock_alerted: 0, updated_at: deps.now })
      .where('id', '=', offerId)
      .where('low_stock_alerted', '=', 1)
      .execute();
    return;
  }
  const flagged = await trx
    .updateTable('offers')
    .set({ low_stock_alerted: 1, updated_at: deps.now })
    .where('id', '=', offerId)
    .where('low_stock_alerted', '=', 0)
    .executeTakeFirst();
  if (Number(flagged.numUpdatedRows) === 0) return;
  const roles = (deps.config.permissions ?? PERMISSIONS)['admin:offers'];
  const admins = await trx
    .selectFrom('users')
    .select(['id', 'email'])
    .where('role', 'in', [...roles])
    .where('status', '=', 'active')
    .execute();
  const body = renderEmail({
    storeName: await emailShopName(trx, deps.config),
    paragraphs: [
      `Only ${available} codes are left for “${offer.title}”. Upload more stock to keep delivering at once.`,
    ],
    action: { label: 'Add codes', url: `${deps.config.publicUrl}${stockPagePath(offerId)}` },
  });
  for (const a of admins) {
    await enqueueEmail(
      trx,
      { to: a.email, template: 'low-stock', subject: `Low stock: ${offer.title}`, ...body },
      deps.now,
    );
  }
  await notify(
    trx,
    admins.map((a) => a.id),
    {
      kind: 'low_stock',
      title: `Low stock: ${available} ${available === 1 ? 'code' : 'codes'} left for “${offer.title}”`,
      link: stockPagePath(offerId),
    },
    deps.now,
  );
}

/** How many offers to name in the overview; the count covers them all. */
const NAMED = 5;

/**
 * Offers whose last fall under the threshold has not been restocked, most urgent (fewest codes) first.
 * The flag's index finds the few of them among all offers; the rule is checked again on their counts,
 * since a threshold lowered since the alert may have ended the shortage.
 */
export async function lowStockList(db: Db) {
  const flagged = await db
    .selectFrom('offers')
    .select(['id', 'title', 'low_stock_threshold'])
    .where('low_stock_alerted', '=', 1)
    .execute();
  if (flagged.length === 0) return [];
  const counts = new Map(
    (
      await availableCodes(
        db,
        flagged.map((o) => o.id),
      )
    ).map((r) => [r.offer_id, Number(r.n)]),
  );
  return flagged
    .map((o) => ({ id: o.id, title: o.title, available: counts.get(o.id) ?? 0, threshold: o.low_stock_threshold }))
    .filter((o) => isLowStock(o.available, o.threshold))
    .sort((a, b) => a.available - b.available || a.id - b.id);
}

/** The overview's to-do: how many offers are low, and the most urgent by name. */
export async function lowStockOffers(db: Db) {
  const low = await lowStockList(db);
  return { count: low.length, offers: low.slice(0, NAMED) };
}
