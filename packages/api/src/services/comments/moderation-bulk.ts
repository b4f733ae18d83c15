// The moderation queue's bulk bar: hide, delete or dismiss the reports of up to BULK_MAX comments in one
// transaction, one audit row per comment (as setCommentHidden, deleteAnyComment and dismissCommentReports
// write them), each offer's rating recounted once.
import { type Database, transaction } from '@damso/db';
import { recordAudit } from '../admin/audit.ts';
import type { Deps, UserActor } from '../shared/actor.ts';
import { NotFound } from '../shared/errors.ts';
import { recountRating } from './comments.ts';
import { clearReports } from './moderation.ts';

export async function moderateComments(
  db: Database,
  actor: UserActor,
  { ids, action }: { ids: number[]; action: 'hide' | 'delete' | 'dismiss' },
  { now }: Deps,
) {
  return transaction(db, async (trx) => {
    // Locked in id order, so two moderators' overlapping selections queue rather than deadlock.
    const rows = await trx
      .selectFrom('comments')
      .select(['id', 'offer_id', 'user_id', 'body', 'rating', 'hidden_at', 'report_count'])
      .where('id', 'in', ids)
      .orderBy('id')
      .forUpdate()
      .execute();
    if (rows.length !== ids.length) {
      throw new NotFound('Some of the selected comments no longer exist. Nothing was changed; please reload the list.');
    }
    const changing =
      action === 'hide'
        ? rows.filter((r) => r.hidden_at === null)
        : action === 'dismiss'
          ? rows.filter((r) => r.report_count > 0)
          : rows;
    if (changing.length === 0) return { changed: 0, unchanged: rows.length };
    const changingIds = changing.map((r) => r.id);
    if (action === 'dismiss') {
      // The comments stay as they are, so no rating changes.
      await clearReports(trx, changingIds);
      for (const before of changing) {
        await recordAudit(trx, {
          actorId: actor.id,
          ip: actor.ip,
          at: now,
          action: 'comment.reports_dismissed',
          entityType: 'comment',
          entityId: before.id,
          before: { reports: before.report_count, body: before.body },
          after: { reports: 0 },
        });
      }
      return { changed: changing.length, unchanged: rows.length - changing.length };
    }
    if (action === 'hide') {
      await trx
        .updateTable('comments')
        .set({ hidden_at: now, hidden_by: actor.id })
        .where('id', 'in', changingIds)
        .execute();
    } else {
      // Replies go with the comment they answer (the foreign key), as with a single delete.
      await trx.deleteFrom('comments').where('id', 'in', changingIds).execute();
    }
    for (const before of changing) {
      await recordAudit(trx, {
        actorId: actor.id,
        ip: actor.ip,
        at: now,
        action: action === 'hide' ? 'comment.hide' : 'comment.delete',
        entityType: 'comment',
        entityId: before.id,
        before: action === 'hide' ? { hidden: false, body: before.body } : before,
        after: action === 'hide' ? { hidden: true } : undefined,
      });
    }
    for (const offerId of new Set(changing.map((r) => r.offer_id))) await recountRating(trx, offerId, now);
    return { changed: changing.length, unchanged: rows.length - changing.length };
  });
}
