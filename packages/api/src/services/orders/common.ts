// Helpers every order service shares: who may see an order, the client email and the bell entry.
import type { DB } from '@damso/db';
import { enqueueEmail, renderEmail } from '@damso/email';
import { can, type Role } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import type { Kysely, Transaction } from 'kysely';
import type { ApiConfig } from '../../context.ts';

export type Db = Kysely<DB> | Transaction<DB>;

/** Who acts on an order. `system` is the background job (auto-cancel). */
export interface Actor {
  id: number | null;
  role: Role | 'system';
  ip?: string | null;
}

export function isStaff(role: Actor['role']): boolean {
  return role !== 'system' && can(role, 'desk:work');
}

/** Manages orders beyond the desk: refunds, and taking over another employee's claim. */
export function managesOrders(role: Actor['role']): boolean {
  return role !== 'system' && can(role, 'admin:orders');
}

export const notFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'We could not find this order.' });

export function formatOrderNumber(id: number): string {
  return `DS-${String(id).padStart(6, '0')}`;
}

export function orderLink(config: ApiConfig, number: string, staff = false): string {
  return `${config.publicUrl}${staff ? '/desk/orders/' : '/orders/'}${number}`;
}

/**
 * Loads the order a viewer may see. Anyone but its owner and staff gets NOT_FOUND, the same answer as
 * for a number that does not exist, so order numbers reveal nothing.
 */
export async function orderForViewer(db: Db, number: string, viewer: Actor, { lock = false } = {}) {
  let q = db
    .selectFrom('orders')
    .select(['id', 'number', 'user_id', 'status', 'claimed_by', 'total_cents', 'currency'])
    .where('number', '=', number);
  if (lock) q = q.forUpdate();
  const order = await q.executeTakeFirst();
  if (!order?.number) throw notFound();
  if (!isStaff(viewer.role) && order.user_id !== viewer.id) throw notFound();
  return { ...order, number: order.number };
}

export async function emailClient(
  trx: Db,
  { config, now }: { config: ApiConfig; now: Date },
  userId: number,
  mail: { template: string; subject: string; paragraphs: string[]; number: string },
): Promise<void> {
  const user = await trx.selectFrom('users').select(['email', 'full_name']).where('id', '=', userId).executeTakeFirst();
  if (!user) return;
  const body = renderEmail({
    storeName: config.storeName,
    paragraphs: [`Hello ${user.full_name},`, ...mail.paragraphs],
    action: { label: `Open order ${mail.number}`, url: orderLink(config, mail.number) },
  });
  await enqueueEmail(trx, { to: user.email, template: mail.template, subject: mail.subject, ...body }, now);
}

export async function notify(
  trx: Db,
  userIds: number[],
  entry: { kind: string; title: string; link: string },
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
}
