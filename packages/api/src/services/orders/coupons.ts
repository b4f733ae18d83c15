// Coupon rules: validity, minimum order, total and per-client limits, and the discount they give.
import type { Database } from '@damso/db';
import type { Db, Deps, UserActor } from '../shared/actor.ts';
import { Invalid } from '../shared/errors.ts';
import { consume, networkOf, refund } from '../shared/rate-limit.ts';
import { getCart } from './cart.ts';

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

// The checkout page puts these messages under its coupon field itself: they carry no field.
const refuse = (message: string) => new Invalid(message);

/** A code that matches no usable coupon: the answer a guesser gets, and the only one that counts as a guess. */
class UnknownCouponError extends Invalid {
  constructor() {
    super('This coupon code is not valid.');
  }
}

/**
 * Runs a coupon lookup under the guessing limits (per account and per network). The attempt takes its
 * points before the code is looked up — atomically, in the shared store — and gets them back unless the
 * code matched no coupon, so a burst of parallel guesses cannot all be evaluated. `actor` is null when
 * no code was given. Call it outside any transaction: the limiter uses its own pool connections.
 */
export async function limitCouponGuesses<T>(db: Database, actor: UserActor | null, run: () => Promise<T>): Promise<T> {
  if (!actor) return run();
  const user = String(actor.id);
  const ip = networkOf(actor);
  const what = 'Too many wrong coupon codes';
  await consume(db, 'couponGuessesByIp', ip, what);
  try {
    await consume(db, 'couponGuessesByUser', user, what);
  } catch (error) {
    await refund(db, 'couponGuessesByIp', ip);
    throw error;
  }
  let guessed = false;
  try {
    return await run();
  } catch (error) {
    guessed = error instanceof UnknownCouponError;
    throw error;
  } finally {
    if (!guessed) await Promise.all([refund(db, 'couponGuessesByIp', ip), refund(db, 'couponGuessesByUser', user)]);
  }
}

/** The discount a coupon would give on the client's current cart, without using it. */
export async function previewCoupon(db: Database, actor: UserActor, input: { code: string }, { now }: Deps) {
  const cart = await getCart(db, actor);
  const { coupon, discountCents } = await limitCouponGuesses(db, actor, () =>
    checkCoupon(db, { code: input.code, userId: actor.id, subtotalCents: cart.subtotalCents, now, lock: false }),
  );
  return { code: coupon.code, discountCents, totalCents: cart.subtotalCents - discountCents };
}

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
  if (!coupon?.is_active) throw new UnknownCouponError();
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
