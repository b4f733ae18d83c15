// Coupon rules: validity, minimum order, total and per-client limits, and the discount they give.
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Db } from './common.ts';

export interface CouponRow {
  id: number;
  code: string;
  kind: 'percent' | 'fixed';
  amount: number;
  min_order_cents: number;
  starts_at: Date | null;
  ends_at: Date | null;
  max_uses: number | null;
  max_uses_per_client: number | null;
  uses_count: number;
  is_active: number;
}

// The cause is a field-level zod issue so the checkout form shows the refusal under the coupon field.
const refuse = (message: string) =>
  new TRPCError({
    code: 'BAD_REQUEST',
    message,
    cause: new ZodError([{ code: 'custom', path: ['couponCode'], message, input: undefined }]),
  });

export function discountFor(coupon: Pick<CouponRow, 'kind' | 'amount'>, subtotalCents: number): number {
  const raw = coupon.kind === 'percent' ? Math.floor((subtotalCents * coupon.amount) / 100) : coupon.amount;
  return Math.min(raw, subtotalCents);
}

/**
 * Checks a coupon for this client and subtotal. With `lock`, the coupon row stays locked until the
 * transaction ends, so parallel checkouts count uses one after another and never exceed a limit.
 */
export async function checkCoupon(
  db: Db,
  {
    code,
    userId,
    subtotalCents,
    now,
    lock,
  }: { code: string; userId: number; subtotalCents: number; now: Date; lock: boolean },
) {
  let q = db
    .selectFrom('coupons')
    .select([
      'id',
      'code',
      'kind',
      'amount',
      'min_order_cents',
      'starts_at',
      'ends_at',
      'max_uses',
      'max_uses_per_client',
      'uses_count',
      'is_active',
    ])
    .where('code', '=', code.trim().toUpperCase());
  if (lock) q = q.forUpdate();
  const coupon = await q.executeTakeFirst();
  if (!coupon?.is_active) throw refuse('This coupon code is not valid.');
  if (coupon.starts_at && coupon.starts_at > now) throw refuse('This coupon is not valid yet.');
  if (coupon.ends_at && coupon.ends_at <= now) throw refuse('This coupon has expired.');
  if (subtotalCents < coupon.min_order_cents) {
    throw refuse(`This coupon needs an order of at least ${(coupon.min_order_cents / 100).toFixed(2)}.`);
  }
  if (coupon.max_uses !== null && coupon.uses_count >= coupon.max_uses) {
    throw refuse('This coupon has been used up.');
  }
  if (coupon.max_uses_per_client !== null) {
    const used = await db
      .selectFrom('coupon_redemptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('coupon_id', '=', coupon.id)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    if (Number(used.n) >= coupon.max_uses_per_client) throw refuse('You have already used this coupon.');
  }
  return { coupon, discountCents: discountFor(coupon, subtotalCents) };
}
