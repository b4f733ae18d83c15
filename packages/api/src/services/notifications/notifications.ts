// The bell: state changes and new messages, newest first. Polled, so both reads use one index.
import type { Db, Deps, UserActor } from '../shared/actor.ts';
import { queuePush } from './push.ts';

export async function listNotifications(db: Db, actor: UserActor) {
  const userId = actor.id;
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

export async function markNotificationsRead(
  db: Db,
  actor: UserActor,
  { ids }: { ids?: number[] | undefined },
  { now }: Deps,
) {
  let q = db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', actor.id)
    .where('read_at', 'is', null);
  if (ids) {
    if (ids.length === 0) return { updated: 0 };
    q = q.where('id', 'in', ids);
  }
  const r = await q.executeTakeFirst();
  return { updated: Number(r.numUpdatedRows) };
}

/**
 * Tells every active admin. An admin who has not read the last notice of this kind yet gets no
 * second one, so a mail server that is down for days rings the bell once, not once per email.
 */
export async function notifyAdmins(
  db: Db,
  entry: { kind: string; title: string; link: string },
  now: Date,
): Promise<number> {
  const r = await db
    .insertInto('notifications')
    .columns(['user_id', 'kind', 'title', 'link', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('users')
        .select((s) => [
          'users.id',
          s.val(entry.kind).as('kind'),
          s.val(entry.title.slice(0, 200)).as('title'),
          s.val(entry.link).as('link'),
          s.val(now).as('created_at'),
        ])
        .where('users.role', '=', 'admin')
        .where('users.status', '=', 'active')
        .where((w) =>
          w.not(
            w.exists(
              w
                .selectFrom('notifications')
                .select('notifications.id')
                .whereRef('notifications.user_id', '=', 'users.id')
                .where('notifications.kind', '=', entry.kind)
                .where('notifications.read_at', 'is', null),
            ),
          ),
        ),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Rings the bell of each user (an order's client, the other side of a thread), and queues a push to
 * the browsers they opted in from, sent once the transaction commits. `body`: the push's text.
 */
export async function notify(
  trx: Db,
  userIds: number[],
  entry: { kind: string; title: string; link: string; body?: string },
  now: Date,
): Promise<void> {
  if (userIds.length === 0) return;
  await trx
    .insertInto('notifications')
    .values(
      userIds.map((user_id) => ({
        user_id,
        kind: entry.kind,
        title: entry.title.slice(0, 200),
        link: entry.link,
        created_at: now,
      })),
    )
    .execute();
  await queuePush(trx, userIds, { title: entry.title, body: entry.body ?? '', url: entry.link }, now);
}
