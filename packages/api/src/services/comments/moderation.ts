// The admins' moderation queue: newest, reported and hidden comments across all offers.
import { type Database, transaction } from '@damso/db';
import { COMMENTS_PAGE_SIZE } from '@damso/validators';
import { recordAudit } from '../admin/audit.ts';
import type { Deps, UserActor } from '../shared/actor.ts';
import { commentGone, recountRating } from './comments.ts';

export async function moderationQueue(
  db: Database,
  { tab, page }: { tab: 'newest' | 'reported' | 'hidden'; page: number },
) {
  let q = db.selectFrom('comments as c');
  if (tab === 'reported') q = q.where('c.report_count', '>', 0);
  if (tab === 'hidden') q = q.where('c.hidden_at', 'is not', null);
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    q
      .innerJoin('offers as o', 'o.id', 'c.offer_id')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select([
        'c.id',
        'c.body',
        'c.rating',
        'c.parent_id as parentId',
        'c.is_staff as isStaff',
        'c.report_count as reportCount',
        'c.hidden_at as hiddenAt',
        'c.created_at as createdAt',
        'o.title as offerTitle',
        'o.slug as offerSlug',
        'u.full_name as authorName',
        'u.email as authorEmail',
      ])
      .$if(tab === 'reported', (qb) => qb.orderBy('c.report_count', 'desc'))
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(COMMENTS_PAGE_SIZE)
      .offset((page - 1) * COMMENTS_PAGE_SIZE)
      .execute(),
  ]);
  return {
    items: rows.map((r) => ({ ...r, isStaff: r.isStaff === 1, hidden: r.hiddenAt !== null })),
    total: Number(total),
    page,
    pageCount: Math.max(1, Math.ceil(Number(total) / COMMENTS_PAGE_SIZE)),
  };
}

async function lockComment(db: Database, id: number) {
  const row = await db
    .selectFrom('comments')
    .select(['id', 'offer_id', 'user_id', 'body', 'rating', 'hidden_at', 'report_count'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw commentGone();
  return row;
}

export async function setCommentHidden(
  db: Database,
  actor: UserActor,
  { id, hidden }: { id: number; hidden: boolean },
  { now }: Deps,
) {
  return transaction(db, async (trx) => {
    const before = await lockComment(trx, id);
    await trx
      .updateTable('comments')
      .set(hidden ? { hidden_at: now, hidden_by: actor.id } : { hidden_at: null, hidden_by: null })
      .where('id', '=', id)
      .execute();
    await recountRating(trx, before.offer_id, now);
    await recordAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      at: now,
      action: hidden ? 'comment.hide' : 'comment.unhide',
      entityType: 'comment',
      entityId: id,
      before: { hidden: before.hidden_at !== null, body: before.body },
      after: { hidden },
    });
    return { id, hidden };
  });
}

export async function deleteAnyComment(db: Database, actor: UserActor, { id }: { id: number }, { now }: Deps) {
  return transaction(db, async (trx) => {
    const before = await lockComment(trx, id);
    await trx.deleteFrom('comments').where('id', '=', id).execute();
    await recountRating(trx, before.offer_id, now);
    await recordAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      at: now,
      action: 'comment.delete',
      entityType: 'comment',
      entityId: id,
      before,
    });
    return { id };
  });
}

/**
 * "Dismiss reports": the comment stays as it is, shown or hidden; its reports are deleted, so it leaves the
 * Reported tab and the overview's count, and the same people may report it again if it changes.
 */
export async function dismissCommentReports(db: Database, actor: UserActor, { id }: { id: number }, { now }: Deps) {
  return transaction(db, async (trx) => {
    const before = await lockComment(trx, id);
    if (before.report_count === 0) return { id, dismissed: 0 };
    await clearReports(trx, [id]);
    await recordAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      at: now,
      action: 'comment.reports_dismissed',
      entityType: 'comment',
      entityId: id,
      before: { reports: before.report_count, body: before.body },
      after: { reports: 0 },
    });
    return { id, dismissed: before.report_count };
  });
}

/** Deletes the comments' reports and zeroes their count together, so the two never disagree. */
export async function clearReports(trx: Database, ids: number[]) {
  await trx.deleteFrom('comment_reports').where('comment_id', 'in', ids).execute();
  await trx.updateTable('comments').set({ report_count: 0 }).where('id', 'in', ids).execute();
}

/**
 * The overview's comments to moderate: those of the queue's "reported" tab still shown in the shop.
 * Hiding, deleting or dismissing its reports is the decision that takes it off; the reported-count index finds them.
 */
export async function commentsToModerate(db: Database): Promise<number> {
  const { n } = await db
    .selectFrom('comments as c')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.report_count', '>', 0)
    .where('c.hidden_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}
