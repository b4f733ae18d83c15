// Helpers every order service shares: who may see an order, and the client's email.
import { enqueueEmail, renderEmail } from '@damso/email';
import { DEFAULT_UNPAID_ORDER_HOURS } from '@damso/validators';
import type { ApiConfig } from '../../context.ts';
import { defaultsOf, readShopSettings, type ShopSettings } from '../admin/shop-settings.ts';
import { type Actor, type Db, type Deps, isStaff } from '../shared/actor.ts';
import { NotFound } from '../shared/errors.ts';

export const notFound = () => new NotFound('We could not find this order.');

export function formatOrderNumber(id: number): string {
  return `DS-${String(id).padStart(6, '0')}`;
}

/**
 * When cancelUnpaidOrders will cancel an order that awaits payment: `hours` after it was placed or
 * last sent back to awaiting payment (a rejected receipt restarts the wait), the job's own rule.
 */
export function paymentDeadline(
  placedAt: Date,
  events: { toStatus: string; createdAt: Date }[],
  hours: number | undefined,
): Date {
  let start = placedAt.getTime();
  for (const e of events) {
    if (e.toStatus === 'awaiting_payment') start = Math.max(start, e.createdAt.getTime());
  }
  return new Date(start + (hours ?? DEFAULT_UNPAID_ORDER_HOURS) * 3_600_000);
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
  /** What the caller has already read (checkout: the client is the actor, the settings gave the payment lines). */
  known: { recipient?: { email: string; fullName: string }; shop?: ShopSettings } = {},
): Promise<void> {
  const user = known.recipient
    ? { email: known.recipient.email, full_name: known.recipient.fullName }
    : await trx.selectFrom('users').select(['email', 'full_name']).where('id', '=', userId).executeTakeFirst();
  if (!user) return;
  // The name and contact the admin set on the settings page, over STORE_NAME.
  const shop = known.shop ?? (await readShopSettings(trx, defaultsOf(config)));
  const contact = [
    shop.contactEmail && `write to ${shop.contactEmail}`,
    shop.contactPhone && `call ${shop.contactPhone}`,
  ];
  const reach = contact.filter(Boolean).join(' or ');
  const body = renderEmail({
    storeName: shop.shopName,
    paragraphs: [
      `Hello ${user.full_name},`,
      ...mail.paragraphs,
      ...(reach ? [`Questions? Reply on the order page, or ${reach}.`] : []),
    ],
    action: { label: `Open order ${mail.number}`, url: orderLink(config, mail.number) },
  });
  await enqueueEmail(trx, { to: user.email, template: mail.template, subject: mail.subject, ...body }, now);
}
