// The bell: state changes and new messages, newest first. Polled, so both reads use one index.
import type { Db } from './orders/common.ts';

export async function listNotifications(db: Db, userId: number) {
  const [items, unread] = await Promise.all([
    db
      .selectFrom('notifications')
      .select(['id', 'kind', 'title', 'link', 'read_at as readAt', 'created_at as createdAt'])
      .where('user_id', '=', userId)
      .orderBy('id', 'desc')
      .limit(20)
      .execute(),
    db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { items, unread: Number(unread.n) };
}

export async function markNotificationsRead(db: Db, userId: number, now: Date, ids?: number[]) {
  let q = db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) {
    if (ids.length === 0) return { updated: 0 };
    q = q.where('id', 'in', ids);
  }
  const r = await q.executeTakeFirst();
  return { updated: Number(r.numUpdatedRows) };
}
