// Hiding or showing many offers at once (the admin list's bulk bar): the same change as setOfferActive,
// for up to BULK_MAX offers in one transaction, so a failure leaves every offer as it was, one audit
// row per offer changed, and one catalog version bump for the lot (the shop's caches reload once).
import { type Database, transaction } from '@damso/db';
import { recordAudit } from '../admin/audit.ts';
import type { Deps, UserActor } from '../shared/actor.ts';
import { NotFound } from '../shared/errors.ts';
import { catalogChanged } from './cache.ts';
import { shiftCategoryCounts } from './catalog.ts';

export async function setOffersActive(
  db: Database,
  actor: UserActor,
  { ids, active }: { ids: number[]; active: boolean },
  { now }: Deps,
) {
  return transaction(db, async (trx) => {
    // Locked in id order, so two bulk actions over overlapping pages queue rather than deadlock.
    const rows = await trx
      .selectFrom('offers')
      .select(['id', 'category_id', 'is_active'])
      .where('id', 'in', ids)
      .orderBy('id')
      .forUpdate()
      .execute();
    if (rows.length !== ids.length) {
      const missing = ids.length - rows.length;
      throw new NotFound(
        `${missing === 1 ? 'One of the selected offers no longer exists' : `${missing} of the selected offers no longer exist`}. Nothing was changed; please reload the list.`,
      );
    }
    const flag = active ? 1 : 0;
    const changing = rows.filter((r) => r.is_active !== flag);
    if (changing.length === 0) return { changed: 0, unchanged: rows.length };
    await trx
      .updateTable('offers')
      .set({ is_active: flag, updated_at: now })
      .where(
        'id',
        'in',
        changing.map((r) => r.id),
      )
      .execute();
    for (const before of changing) {
      await shiftCategoryCounts(trx, before, { ...before, is_active: flag });
      await recordAudit(trx, {
        actorId: actor.id,
        ip: actor.ip,
        at: now,
        action: active ? 'offer.activate' : 'offer.deactivate',
        entityType: 'offer',
        entityId: before.id,
        before: { is_active: before.is_active },
        after: { is_active: flag },
      });
    }
    await catalogChanged(trx);
    return { changed: changing.length, unchanged: rows.length - changing.length };
  });
}
