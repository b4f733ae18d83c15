// The admin's page for one customer: profile, subscriptions, recent order messages, staff notes and
// ending their sessions. Orders come from the order list (orders/desk-queries.ts, clientOrders) and
// suspension from user-admin.ts, so each rule lives in one place.
import { invalidateUserSessions } from '@damso/auth';
import { type Database, transaction } from '@damso/db';
import { recordAudit } from '../admin/audit.ts';
import type { Db, Deps, UserActor } from '../shared/actor.ts';
import { NotFound } from '../shared/errors.ts';
import { subscriptionsOf } from '../subscriptions/subscriptions.ts';

const notFound = () => new NotFound('This user does not exist.');
/** Enough to see what the client last talked about; the order pages hold the whole threads. */
const RECENT_MESSAGES = 10;
const NOTES_SHOWN = 100;
const MESSAGE_PREVIEW = 300;

export async function getCustomer(db: Db, _actor: UserActor, { userId }: { userId: number }, deps: Deps) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'full_name', 'email', 'phone', 'role', 'status', 'email_verified_at', 'created_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw notFound();
  const [subscriptions, messages, sessions] = await Promise.all([
    subscriptionsOf(db, userId, deps),
    // Through (user_id, created_at) on orders, then each order's messages by their primary key.
    db
      .selectFrom('order_messages as m')
      .innerJoin('orders as o', 'o.id', 'm.order_id')
      .innerJoin('users as a', 'a.id', 'm.user_id')
      .select(['m.id', 'm.body', 'm.is_staff', 'm.created_at', 'o.number', 'a.full_name'])
      .where('o.user_id', '=', userId)
      .orderBy('m.id', 'desc')
      .limit(RECENT_MESSAGES)
      .execute(),
    db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('expires_at', '>', deps.now)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    profile: {
      id: user.id,
      fullName: user.full_name,
      email: user.email,
      phone: user.phone,
      role: user.role,
      status: user.status,
      emailVerified: user.email_verified_at !== null,
      joinedAt: user.created_at,
    },
    subscriptions: subscriptions.map((s) => ({
      id: s.id,
      title: s.offer.title,
      serviceName: s.offer.serviceName,
      status: s.status,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      daysLeft: s.daysLeft,
    })),
    messages: messages.map((m) => ({
      id: m.id,
      orderNumber: m.number ?? '',
      fromStaff: Boolean(m.is_staff),
      author: m.full_name,
      // A preview: the thread on the order page has the rest.
      body: m.body.length > MESSAGE_PREVIEW ? `${m.body.slice(0, MESSAGE_PREVIEW)}…` : m.body,
      createdAt: m.created_at,
    })),
    activeSessions: Number(sessions.n),
  };
}

export async function listUserNotes(db: Db, _actor: UserActor, { userId }: { userId: number }) {
  const rows = await db
    .selectFrom('user_notes as n')
    .leftJoin('users as a', 'a.id', 'n.author_id')
    .select(['n.id', 'n.body', 'n.created_at', 'a.full_name as author'])
    .where('n.user_id', '=', userId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(NOTES_SHOWN)
    .execute();
  return rows.map((r) => ({ id: r.id, body: r.body, createdAt: r.created_at, author: r.author ?? 'Former staff' }));
}

export async function addUserNote(
  db: Database,
  actor: UserActor,
  { userId, body }: { userId: number; body: string },
  { now }: Deps,
) {
  return transaction(db, async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound();
    const inserted = await trx
      .insertInto('user_notes')
      .values({ user_id: userId, author_id: actor.id, body, created_at: now })
      .executeTakeFirstOrThrow();
    const id = Number(inserted.insertId);
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'user.note_added',
      entityType: 'user',
      entityId: userId,
      after: { noteId: id, body },
      ip: actor.ip,
      at: now,
    });
    return { id };
  });
}

/** The admin's "Log out everywhere" for a customer: every session ends, audited. Their own current one stays. */
export async function endCustomerSessions(db: Database, actor: UserActor, { userId }: { userId: number }, deps: Deps) {
  return transaction(db, async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound();
    const ended = await invalidateUserSessions(trx, userId, userId === actor.id ? actor.sessionId : undefined);
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'user.sessions_ended',
      entityType: 'user',
      entityId: userId,
      after: { sessionsEnded: ended },
      ip: actor.ip,
      at: deps.now,
    });
    return { ended };
  });
}
