// Checkout: the cart becomes an order in one transaction. The idempotency key makes a double click or
// a retried request return the order the first attempt made.
import { type Database, itemsSummary, orderClient, transaction } from '@damso/db';
import { defaultsOf, readShopSettings } from '../admin/shop-settings.ts';
import { transferParagraphs, transferPayment } from '../payments/index.ts';
import type { Db, Deps, UserActor } from '../shared/actor.ts';
import { Conflict, Invalid, isDuplicateKey } from '../shared/errors.ts';
import { recordOrderChange } from '../stats/rollups.ts';
import { emailClient, formatOrderNumber } from './common.ts';
import { checkCoupon, limitCouponGuesses } from './coupons.ts';

export interface CheckoutInput {
  idempotencyKey: string;
  /** An empty code is no code. */
  couponCode?: string | undefined;
  expectedTotalCents?: number | undefined;
}

async function existingOrder(db: Db, userId: number, key: string) {
  const row = await db
    .selectFrom('orders')
    .select(['number'])
    .where('user_id', '=', userId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row?.number ? { number: row.number, created: false } : null;
}

export function checkout(db: Database, actor: UserActor, input: CheckoutInput, deps: Deps) {
  const req = {
    ...input,
    couponCode: input.couponCode || undefined,
    userId: actor.id,
    recipient: { email: actor.email, fullName: actor.fullName },
  };
  return limitCouponGuesses(db, req.couponCode ? actor : null, () => placeOrder(db, req, deps));
}

async function placeOrder(
  db: Database,
  req: CheckoutInput & { userId: number; recipient: { email: string; fullName: string } },
  { config, now }: Deps,
) {
  try {
    return await transaction(db, async (trx) => {
      // Locking the client's cart first serializes their parallel checkouts: the second one waits,
      // then its first plain read (a fresh snapshot) finds the order the first made under the same key.
      // The key lookup itself takes no lock: a gap lock there would deadlock other clients' inserts.
      await trx.selectFrom('carts').select('id').where('user_id', '=', req.userId).forUpdate().execute();
      const previous = await existingOrder(trx, req.userId, req.idempotencyKey);
      if (previous) return previous;

      const lines = await trx
        .selectFrom('carts as c')
        .innerJoin('cart_items as ci', 'ci.cart_id', 'c.id')
        .innerJoin('offers as o', 'o.id', 'ci.offer_id')
        .select([
          'ci.id as cartItemId',
          'o.id as offerId',
          'o.title',
          'o.service_name',
          'o.price_cents',
          'o.duration_days',
          'o.delivery_mode',
          'ci.quantity',
        ])
        .where('c.user_id', '=', req.userId)
        .where('o.is_active', '=', 1)
        .orderBy('ci.id')
        .execute();
      if (lines.length === 0) {
        throw new Invalid('Your cart has nothing that can be ordered.');
      }
      const subtotal = lines.reduce((n, l) => n + l.price_cents * l.quantity, 0);
      const applied = req.couponCode
        ? await checkCoupon(trx, { code: req.couponCode, userId: req.userId, subtotalCents: subtotal, now, lock: true })
        : null;
      const discount = applied?.discountCents ?? 0;
      const total = subtotal - discount;
      if (req.expectedTotalCents !== undefined && req.expectedTotalCents !== total) {
        throw new Conflict('A price in your cart changed. Please check the new total and place the order again.');
      }

      const client = await orderClient(trx, req.userId, true);
      const inserted = await trx
        .insertInto('orders')
        .values({
          user_id: req.userId,
          ...client,
          subtotal_cents: subtotal,
          discount_cents: discount,
          total_cents: total,
          currency: config.currency,
          coupon_id: applied?.coupon.id ?? null,
          payment_method: transferPayment.id,
          idempotency_key: req.idempotencyKey,
          items_summary: itemsSummary(lines),
          created_at: now,
        })
        .executeTakeFirstOrThrow();
      const orderId = Number(inserted.insertId);
      const number = formatOrderNumber(orderId);
      await trx.updateTable('orders').set({ number }).where('id', '=', orderId).execute();
      await trx
        .insertInto('order_items')
        .values(
          lines.map((l) => ({
            order_id: orderId,
            offer_id: l.offerId,
            title: l.title,
            service_name: l.service_name,
            unit_price_cents: l.price_cents,
            quantity: l.quantity,
            duration_days: l.duration_days,
            delivery_mode: l.delivery_mode,
          })),
        )
        .execute();
      if (applied) {
        await trx
          .updateTable('coupons')
          .set((eb) => ({ uses_count: eb('uses_count', '+', 1) }))
          .where('id', '=', applied.coupon.id)
          .execute();
        await trx
          .insertInto('coupon_redemptions')
          .values({
            coupon_id: applied.coupon.id,
            order_id: orderId,
            user_id: req.userId,
            discount_cents: discount,
            created_at: now,
          })
          .execute();
      }
      await trx
        .insertInto('order_events')
        .values({
          order_id: orderId,
          from_status: null,
          to_status: 'awaiting_payment',
          actor_id: req.userId,
          created_at: now,
        })
        .execute();
      await trx
        .deleteFrom('cart_items')
        .where(
          'id',
          'in',
          lines.map((l) => l.cartItemId),
        )
        .execute();
      const amount = new Intl.NumberFormat('en', { style: 'currency', currency: config.currency }).format(total / 100);
      const shop = await readShopSettings(trx, defaultsOf(config));
      await emailClient(
        trx,
        { config, now },
        req.userId,
        {
          template: 'order-placed',
          subject: `Order ${number} received: ${amount} to pay`,
          number,
          paragraphs: [
            `Thank you for your order ${number}. The total to pay is ${amount}.`,
            ...transferParagraphs(shop),
          ],
        },
        { recipient: req.recipient, shop },
      );
      // Last, so today's shared statistics row is locked only until the commit.
      await recordOrderChange(trx, null, {
        id: orderId,
        status: 'awaiting_payment',
        created_at: now,
        paid_at: null,
        delivered_at: null,
        total_cents: total,
        currency: config.currency,
      });
      return { number, created: true };
    });
  } catch (error) {
    // Two requests with one key that raced past the lock (no cart row yet): the loser returns the winner's order.
    if (isDuplicateKey(error)) {
      const previous = await existingOrder(db, req.userId, req.idempotencyKey);
      if (previous) return previous;
    }
    throw error;
  }
}
