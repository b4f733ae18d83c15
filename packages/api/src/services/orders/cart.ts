// The server cart: one per client, quantities 1..10, totals always computed here from current prices.
import { MAX_QUANTITY } from '@damso/validators';
import { sql } from 'kysely';
import type { Db, UserActor } from '../shared/actor.ts';
import { Invalid, NotFound } from '../shared/errors.ts';

type Line = { offerId: number; quantity: number };

async function cartId(db: Db, userId: number): Promise<number> {
  // INSERT IGNORE keeps two first adds in parallel from failing on the unique user key.
  await db.insertInto('carts').ignore().values({ user_id: userId }).execute();
  const row = await db.selectFrom('carts').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow();
  return row.id;
}

async function activeOffer(db: Db, offerId: number) {
  const offer = await db
    .selectFrom('offers')
    .select(['id', 'price_cents', 'is_active'])
    .where('id', '=', offerId)
    .executeTakeFirst();
  if (!offer) throw new NotFound('This offer does not exist.');
  if (!offer.is_active) throw new Invalid('This offer is no longer available.');
  return offer;
}

export async function getCart(db: Db, actor: UserActor) {
  const userId = actor.id;
  const rows = await db
    .selectFrom('carts as c')
    .innerJoin('cart_items as ci', 'ci.cart_id', 'c.id')
    .innerJoin('offers as o', 'o.id', 'ci.offer_id')
    .select([
      'o.id as offerId',
      'o.slug',
      'o.title',
      'o.service_name as serviceName',
      'o.image_key as imageKey',
      'o.duration_days as durationDays',
      'o.delivery_mode as deliveryMode',
      'o.price_cents as priceCents',
      'o.is_active as isActive',
      'ci.unit_price_seen_cents as seenPriceCents',
      'ci.quantity',
    ])
    .where('c.user_id', '=', userId)
    .orderBy('ci.id')
    .execute();
  const items = rows.map((r) => ({
    ...r,
    isActive: Boolean(r.isActive),
    priceChanged: r.isActive ? r.priceCents !== r.seenPriceCents : false,
    lineCents: r.priceCents * r.quantity,
  }));
  const buyable = items.filter((i) => i.isActive);
  return {
    items,
    count: buyable.reduce((n, i) => n + i.quantity, 0),
    subtotalCents: buyable.reduce((n, i) => n + i.lineCents, 0),
    hasUnavailable: buyable.length !== items.length,
    hasPriceChanges: items.some((i) => i.priceChanged),
  };
}

export async function addToCart(db: Db, actor: UserActor, { offerId, quantity }: Line) {
  const offer = await activeOffer(db, offerId);
  const id = await cartId(db, actor.id);
  await db
    .insertInto('cart_items')
    .values({ cart_id: id, offer_id: offerId, quantity, unit_price_seen_cents: offer.price_cents })
    .onDuplicateKeyUpdate({
      quantity: sql`LEAST(quantity + VALUES(quantity), ${MAX_QUANTITY})`,
      unit_price_seen_cents: offer.price_cents,
    })
    .execute();
  return getCart(db, actor);
}

export async function setQuantity(db: Db, actor: UserActor, { offerId, quantity }: Line) {
  const id = await cartId(db, actor.id);
  const r = await db
    .updateTable('cart_items')
    .set({ quantity })
    .where('cart_id', '=', id)
    .where('offer_id', '=', offerId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    throw new NotFound('This offer is not in your cart.');
  }
  return getCart(db, actor);
}

export async function removeFromCart(db: Db, actor: UserActor, { offerId }: { offerId: number }) {
  const id = await cartId(db, actor.id);
  await db.deleteFrom('cart_items').where('cart_id', '=', id).where('offer_id', '=', offerId).execute();
  return getCart(db, actor);
}

export async function clearCart(db: Db, actor: UserActor) {
  await db
    .deleteFrom('cart_items')
    .where('cart_id', 'in', (eb) => eb.selectFrom('carts').select('id').where('user_id', '=', actor.id))
    .execute();
  return getCart(db, actor);
}

/** Adds a visitor's browser cart to the server cart: quantities add up, capped at 10; gone offers are skipped. */
export async function mergeCart(db: Db, actor: UserActor, { items }: { items: Line[] }) {
  const wanted = new Map<number, number>();
  for (const i of items) wanted.set(i.offerId, Math.min(MAX_QUANTITY, (wanted.get(i.offerId) ?? 0) + i.quantity));
  if (wanted.size > 0) {
    const offers = await db
      .selectFrom('offers')
      .select(['id', 'price_cents'])
      .where('id', 'in', [...wanted.keys()])
      .where('is_active', '=', 1)
      .execute();
    if (offers.length > 0) {
      const id = await cartId(db, actor.id);
      await db
        .insertInto('cart_items')
        .values(
          offers.map((o) => ({
            cart_id: id,
            offer_id: o.id,
            quantity: wanted.get(o.id) ?? 1,
            unit_price_seen_cents: o.price_cents,
          })),
        )
        .onDuplicateKeyUpdate({ quantity: sql`LEAST(quantity + VALUES(quantity), ${MAX_QUANTITY})` })
        .execute();
    }
  }
  return getCart(db, actor);
}
