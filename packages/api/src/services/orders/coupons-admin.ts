// Admin management of coupons. Every change is audited with the coupon before and after.
import { type Database, transaction } from '@damso/db';
import type { CouponFields } from '@damso/validators';
import { recordAudit } from '../admin/audit.ts';
import type { Db, Deps, UserActor } from '../shared/actor.ts';
import { Conflict, Invalid, isDuplicateKey, NotFound } from '../shared/errors.ts';

type Fields = Omit<Required<CouponFields>, 'startsAt' | 'endsAt' | 'maxUses' | 'maxUsesPerClient'> & {
  startsAt?: Date | null;
  endsAt?: Date | null;
  maxUses?: number | null;
  maxUsesPerClient?: number | null;
};

const columns = (f: Fields) => ({
  code: f.code,
  kind: f.kind,
  amount: f.amount,
  min_order_cents: f.minOrderCents,
  starts_at: f.startsAt ?? null,
  ends_at: f.endsAt ?? null,
  max_uses: f.maxUses ?? null,
  max_uses_per_client: f.maxUsesPerClient ?? null,
  is_active: f.isActive ? 1 : 0,
});

const notFound = () => new NotFound('This coupon does not exist.');

function couponTaken(error: unknown): never {
  if (isDuplicateKey(error)) throw new Conflict('A coupon with this code already exists.');
  throw error;
}

function selectCoupon(db: Db) {
  return db
    .selectFrom('coupons')
    .select([
      'id',
      'code',
      'kind',
      'amount',
      'min_order_cents as minOrderCents',
      'starts_at as startsAt',
      'ends_at as endsAt',
      'max_uses as maxUses',
      'max_uses_per_client as maxUsesPerClient',
      'uses_count as usesCount',
      'is_active as isActive',
      'created_at as createdAt',
    ]);
}

export async function listCoupons(db: Database) {
  const rows = await selectCoupon(db).orderBy('id', 'desc').limit(500).execute();
  return rows.map((r) => ({ ...r, isActive: Boolean(r.isActive) }));
}

export async function createCoupon(db: Database, actor: UserActor, fields: Fields, { now }: Deps) {
  return transaction(db, async (trx) => {
    const r = await trx
      .insertInto('coupons')
      .values({ ...columns(fields), created_at: now })
      .executeTakeFirstOrThrow();
    const id = Number(r.insertId);
    await recordAudit(trx, {
      actorId: actor.id,
      at: now,
      action: 'coupon.create',
      entityType: 'coupon',
      entityId: id,
      after: fields,
      ip: actor.ip ?? null,
    });
    return { id };
  }).catch(couponTaken);
}

export async function updateCoupon(
  db: Database,
  actor: UserActor,
  { id, fields }: { id: number; fields: Fields },
  { now }: Deps,
) {
  return transaction(db, async (trx) => {
    const before = await selectCoupon(trx).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    if (fields.maxUses != null && fields.maxUses < before.usesCount) {
      throw new Invalid(`The coupon was already used ${before.usesCount} times; the limit cannot be lower.`);
    }
    await trx.updateTable('coupons').set(columns(fields)).where('id', '=', id).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      at: now,
      action: 'coupon.update',
      entityType: 'coupon',
      entityId: id,
      before,
      after: fields,
      ip: actor.ip ?? null,
    });
    return { id };
  }).catch(couponTaken);
}

export async function setCouponActive(
  db: Database,
  actor: UserActor,
  { id, isActive }: { id: number; isActive: boolean },
  { now }: Deps,
) {
  return transaction(db, async (trx) => {
    const r = await trx
      .updateTable('coupons')
      .set({ is_active: isActive ? 1 : 0 })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound();
    await recordAudit(trx, {
      actorId: actor.id,
      at: now,
      action: isActive ? 'coupon.enable' : 'coupon.disable',
      entityType: 'coupon',
      entityId: id,
      after: { isActive },
      ip: actor.ip ?? null,
    });
    return { id, isActive };
  });
}

/**
 * Deletes a coupon never redeemed (a mistyped code, say). One that was used stays, for the orders and
 * the statistics that name it: it can only be disabled (archived), which the refusal says.
 */
export async function deleteCoupon(db: Database, actor: UserActor, { id }: { id: number }, { now }: Deps) {
  return transaction(db, async (trx) => {
    const before = await selectCoupon(trx).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    const used = await trx
      .selectFrom('coupon_redemptions')
      .select('coupon_id')
      .where('coupon_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    const onOrder = await trx.selectFrom('orders').select('id').where('coupon_id', '=', id).limit(1).executeTakeFirst();
    if (used || onOrder) {
      throw new Conflict(
        `${before.code} has been used on orders, so it is kept for their records. Disable it instead: it then no longer applies.`,
      );
    }
    await trx.deleteFrom('coupons').where('id', '=', id).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      at: now,
      action: 'coupon.delete',
      entityType: 'coupon',
      entityId: id,
      before: { ...before, isActive: Boolean(before.isActive) },
      ip: actor.ip ?? null,
    });
    return { id };
  });
}

export async function couponRedemptions(db: Database, { id }: { id: number }) {
  return db
    .selectFrom('coupon_redemptions as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select([
      'r.id',
      'o.number',
      'o.status',
      'u.email',
      'r.discount_cents as discountCents',
      'r.created_at as createdAt',
    ])
    .where('r.coupon_id', '=', id)
    .orderBy('r.id', 'desc')
    .limit(200)
    .execute();
}
