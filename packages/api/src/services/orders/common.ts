// Helpers every order service shares: who may see an order, and the client's email.
import { enqueueEmail, renderEmail } from '@damso/email';
import type { ApiConfig } from '../../context.ts';
import { type Actor, type Db, type Deps, isStaff } from '../shared/actor.ts';
import { NotFound } from '../shared/errors.ts';

export const notFound = () => new NotFound('We could not find this order.');

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
  { config, now }: Deps,
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
