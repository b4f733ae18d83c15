// The order thread between the client and staff, with per-user read marks and a throttled email:
// at most one email per thread and side every 10 minutes, claimed atomically on the order row.
import { type Database, transaction } from '@damso/db';
import { enqueueEmail, renderEmail } from '@damso/email';
import { sql } from 'kysely';
import { emailShopName } from '../admin/shop-settings.ts';
import { notify } from '../notifications/notifications.ts';
import { type Db, type Deps, isStaff, type UserActor } from '../shared/actor.ts';
import { orderForViewer, orderLink } from './common.ts';

export const THREAD_EMAIL_INTERVAL_MS = 10 * 60_000;

export async function listMessages(db: Db, viewer: UserActor, { number }: { number: string }) {
  const order = await orderForViewer(db, number, viewer);
  const [rows, read] = await Promise.all([
    db
      .selectFrom('order_messages as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.id', 'm.body', 'm.is_staff', 'm.user_id', 'm.created_at as createdAt', 'u.full_name'])
      .where('m.order_id', '=', order.id)
      .orderBy('m.id')
      .limit(500)
      .execute(),
    db
      .selectFrom('order_message_reads')
      .select('last_read_message_id')
      .where('order_id', '=', order.id)
      .where('user_id', '=', viewer.id)
      .executeTakeFirst(),
  ]);
  const lastRead = read?.last_read_message_id ?? 0;
  return rows.map((m) => ({
    id: m.id,
    body: m.body,
    createdAt: m.createdAt,
    fromStaff: Boolean(m.is_staff),
    mine: m.user_id === viewer.id,
    // Clients see "Support", not the employee's name.
    author: m.is_staff ? (isStaff(viewer.role) ? m.full_name : 'Support') : m.full_name,
    unread: m.user_id !== viewer.id && m.id > lastRead,
  }));
}

export async function markThreadRead(db: Db, viewer: UserActor, { number }: { number: string }) {
  const order = await orderForViewer(db, number, viewer);
  const last = await db
    .selectFrom('order_messages')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('order_id', '=', order.id)
    .executeTakeFirst();
  const lastId = Number(last?.id ?? 0);
  await db
    .insertInto('order_message_reads')
    .values({ order_id: order.id, user_id: viewer.id, last_read_message_id: lastId })
    .onDuplicateKeyUpdate({ last_read_message_id: sql`GREATEST(last_read_message_id, VALUES(last_read_message_id))` })
    .execute();
  return { lastReadMessageId: lastId };
}

export async function sendMessage(
  db: Database,
  sender: UserActor,
  { number, body }: { number: string; body: string },
  { config, now }: Deps,
) {
  return transaction(db, async (trx) => {
    const order = await orderForViewer(trx, number, sender);
    const fromStaff = isStaff(sender.role) && order.user_id !== sender.id;
    const r = await trx
      .insertInto('order_messages')
      .values({ order_id: order.id, user_id: sender.id, body, is_staff: fromStaff ? 1 : 0, created_at: now })
      .executeTakeFirstOrThrow();
    const id = Number(r.insertId);
    await trx
      .insertInto('order_message_reads')
      .values({ order_id: order.id, user_id: sender.id, last_read_message_id: id })
      .onDuplicateKeyUpdate({ last_read_message_id: id })
      .execute();

    // The other side: the client, or the employee who claimed the order (unclaimed orders show in the queue).
    const recipientId = fromStaff ? order.user_id : order.claimed_by;
    if (recipientId === null || recipientId === sender.id) return { id };
    await notify(
      trx,
      [recipientId],
      {
        kind: 'order_message',
        title: `New message on order ${order.number}`,
        link: fromStaff ? `/orders/${order.number}` : `/desk/orders/${order.number}`,
      },
      now,
    );
    const column = fromStaff ? 'client_thread_emailed_at' : 'staff_thread_emailed_at';
    const claimed = await trx
      .updateTable('orders')
      .set({ [column]: now })
      .where('id', '=', order.id)
      .where((eb) =>
        eb.or([eb(column, 'is', null), eb(column, '<=', new Date(now.getTime() - THREAD_EMAIL_INTERVAL_MS))]),
      )
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return { id };
    const to = await trx.selectFrom('users').select('email').where('id', '=', recipientId).executeTakeFirst();
    if (!to) return { id };
    const mail = renderEmail({
      storeName: await emailShopName(trx, config),
      paragraphs: [`You have a new message about order ${order.number}:`, body.slice(0, 500)],
      action: { label: 'Read and reply', url: orderLink(config, order.number, !fromStaff) },
    });
    await enqueueEmail(
      trx,
      { to: to.email, template: 'order-message', subject: `New message about order ${order.number}`, ...mail },
      now,
    );
    return { id };
  });
}
