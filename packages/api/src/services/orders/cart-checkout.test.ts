import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { createTestUser } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';

const bed = orderTestBed();

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : `untyped: ${String(error)}`;
  }
}

describe('cart', () => {
  it('adds, caps quantities at 10, changes and removes, with totals from current prices', async () => {
    const client = await createTestUser(bed.db);
    const a = await bed.w.offer({ price: 1250 });
    const b = await bed.w.offer({ price: 300 });
    const cart = bed.w.as(client).cart;
    await cart.add({ offerId: a.id, quantity: 2 });
    let c = await cart.add({ offerId: a.id, quantity: 9 });
    expect(c.items[0]?.quantity).toBe(10);
    c = await cart.add({ offerId: b.id });
    expect(c.subtotalCents).toBe(10 * 1250 + 300);
    expect(c.count).toBe(11);
    c = await cart.setQuantity({ offerId: a.id, quantity: 3 });
    expect(c.subtotalCents).toBe(3 * 1250 + 300);
    c = await cart.remove({ offerId: b.id });
    expect(c.items.map((i) => i.offerId)).toEqual([a.id]);
    expect(await codeOf(cart.setQuantity({ offerId: a.id, quantity: 11 }))).toBe('BAD_REQUEST');
    expect(await codeOf(cart.setQuantity({ offerId: b.id, quantity: 2 }))).toBe('NOT_FOUND');
    expect(await codeOf(cart.add({ offerId: 999_999 }))).toBe('NOT_FOUND');
    expect((await cart.clear()).items).toEqual([]);
  });

  it('flags a deactivated offer and a changed price, and checkout leaves the inactive one out', async () => {
    const client = await createTestUser(bed.db);
    const kept = await bed.w.offer({ price: 1000 });
    const gone = await bed.w.offer({ price: 500 });
    const caller = bed.w.as(client);
    await caller.cart.add({ offerId: kept.id });
    await caller.cart.add({ offerId: gone.id });
    await bed.db.updateTable('offers').set({ is_active: 0 }).where('id', '=', gone.id).execute();
    await bed.db.updateTable('offers').set({ price_cents: 1200 }).where('id', '=', kept.id).execute();
    const cart = await caller.cart.get();
    expect(cart.items.find((i) => i.offerId === gone.id)?.isActive).toBe(false);
    expect(cart.items.find((i) => i.offerId === kept.id)).toMatchObject({
      priceChanged: true,
      seenPriceCents: 1000,
      priceCents: 1200,
    });
    expect(cart.subtotalCents).toBe(1200);
    // The client saw the old total: the order is refused with a clear conflict and nothing is written.
    const stale = caller.orders.checkout({ idempotencyKey: 'stale-total-key-0001', expectedTotalCents: 1000 });
    await expect(stale).rejects.toThrow(/price in your cart changed/);
    expect((await caller.orders.list({})).orders).toHaveLength(0);
    const { number } = await caller.orders.checkout({
      idempotencyKey: 'fresh-total-key-0001',
      expectedTotalCents: 1200,
    });
    const order = await caller.orders.get({ number });
    expect(order.items.map((i) => i.title)).toEqual([kept.title]);
    expect(order.totalCents).toBe(1200);
    expect((await caller.cart.get()).items.map((i) => i.offerId)).toEqual([gone.id]);
  });

  it('merges a visitor cart at login: quantities add up to at most 10, unknown offers are skipped', async () => {
    const client = await createTestUser(bed.db);
    const a = await bed.w.offer();
    const b = await bed.w.offer();
    const caller = bed.w.as(client);
    await caller.cart.add({ offerId: a.id, quantity: 7 });
    const merged = await caller.cart.merge({
      items: [
        { offerId: a.id, quantity: 6 },
        { offerId: b.id, quantity: 2 },
        { offerId: 987_654, quantity: 1 },
      ],
    });
    expect(merged.items.map((i) => [i.offerId, i.quantity])).toEqual([
      [a.id, 10],
      [b.id, 2],
    ]);
  });
});

describe('checkout', () => {
  it('turns the cart into an order with a human number, copied items, an empty cart and an email', async () => {
    const client = await createTestUser(bed.db);
    const a = await bed.w.offer({ price: 899, duration: 90 });
    const caller = bed.w.as(client);
    await caller.cart.add({ offerId: a.id, quantity: 2 });
    const { number } = await caller.orders.checkout({ idempotencyKey: 'first-order-key-0001' });
    expect(number).toMatch(/^DS-\d{6}$/);
    // A later price change does not touch the order: the item keeps the price the client paid.
    await bed.db.updateTable('offers').set({ price_cents: 2000, title: 'Renamed' }).where('id', '=', a.id).execute();
    const order = await caller.orders.get({ number });
    expect(order).toMatchObject({
      status: 'awaiting_payment',
      subtotalCents: 1798,
      totalCents: 1798,
      canUploadReceipt: true,
    });
    expect(order.items).toMatchObject([{ title: a.title, unitPriceCents: 899, quantity: 2, durationDays: 90 }]);
    expect(order.payment?.instructions).toMatch(/transfer/i);
    expect(order.events.map((e) => e.toStatus)).toEqual(['awaiting_payment']);
    expect((await caller.cart.get()).items).toEqual([]);
    const mail = await bed.db
      .selectFrom('email_outbox')
      .select(['subject', 'text'])
      .where('to_address', '=', client.email)
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toContain(number);
  });

  it('returns the same order for a retried or doubled request with one key, even in parallel', async () => {
    const client = await createTestUser(bed.db);
    const a = await bed.w.offer();
    const caller = bed.w.as(client);
    await caller.cart.add({ offerId: a.id });
    const key = 'double-click-key-0001';
    const results = await Promise.all(Array.from({ length: 5 }, () => caller.orders.checkout({ idempotencyKey: key })));
    expect(new Set(results.map((r) => r.number)).size).toBe(1);
    const again = await caller.orders.checkout({ idempotencyKey: key });
    expect(again.number).toBe(results[0]?.number);
    const count = await bed.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', client.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('refuses an empty cart and a malformed key with typed errors', async () => {
    const client = await createTestUser(bed.db);
    const caller = bed.w.as(client);
    await expect(caller.orders.checkout({ idempotencyKey: 'empty-cart-key-00001' })).rejects.toThrow(
      /nothing that can be ordered/,
    );
    expect(await codeOf(caller.orders.checkout({ idempotencyKey: 'x' }))).toBe('BAD_REQUEST');
  });
});

describe('coupons', () => {
  async function coupon(fields: Record<string, unknown>) {
    const admin = await createTestUser(bed.db, { role: 'admin' });
    const code = `C${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
    await bed.w.as(admin).admin.coupons.create({ code, kind: 'percent', amount: 10, ...fields });
    return code;
  }

  it('applies percent and fixed discounts and records the redemption on the order', async () => {
    const client = await createTestUser(bed.db);
    const a = await bed.w.offer({ price: 2000 });
    const pct = await coupon({ kind: 'percent', amount: 15 });
    const fixed = await coupon({ kind: 'fixed', amount: 5000 });
    const n1 = await bed.w.placeOrder(client, [{ offerId: a.id }], pct);
    expect(await bed.w.as(client).orders.get({ number: n1 })).toMatchObject({
      subtotalCents: 2000,
      discountCents: 300,
      totalCents: 1700,
      couponCode: pct,
    });
    // A fixed discount never makes the total negative.
    const n2 = await bed.w.placeOrder(client, [{ offerId: a.id }], fixed.toLowerCase());
    expect(await bed.w.as(client).orders.get({ number: n2 })).toMatchObject({ discountCents: 2000, totalCents: 0 });
  });

  it('refuses a coupon under its minimum, outside its window, disabled or used up by this client', async () => {
    const client = await createTestUser(bed.db);
    const caller = bed.w.as(client);
    const a = await bed.w.offer({ price: 1000 });
    await caller.cart.add({ offerId: a.id });
    const min = await coupon({ minOrderCents: 5000 });
    const future = await coupon({ startsAt: new Date(Date.now() + 86_400_000) });
    const past = await coupon({ endsAt: new Date(Date.now() - 1000), startsAt: new Date(Date.now() - 86_400_000) });
    const off = await coupon({ isActive: false });
    const once = await coupon({ maxUsesPerClient: 1 });
    await expect(caller.orders.previewCoupon({ code: min })).rejects.toThrow(/at least 50.00/);
    await expect(caller.orders.previewCoupon({ code: future })).rejects.toThrow(/not valid yet/);
    await expect(caller.orders.previewCoupon({ code: past })).rejects.toThrow(/expired/);
    await expect(caller.orders.previewCoupon({ code: off })).rejects.toThrow(/not valid/);
    expect(await caller.orders.previewCoupon({ code: once })).toMatchObject({ discountCents: 100, totalCents: 900 });
    await bed.w.placeOrder(client, [{ offerId: a.id }], once);
    await caller.cart.add({ offerId: a.id });
    await expect(caller.orders.checkout({ idempotencyKey: 'second-use-key-0001', couponCode: once })).rejects.toThrow(
      /already used/,
    );
    // The refused checkout wrote nothing: the cart is still there.
    expect((await caller.cart.get()).count).toBe(1);
  });

  it('gives 100 simultaneous checkouts of a coupon with 10 uses left exactly 10 discounts', async () => {
    const a = await bed.w.offer({ price: 1000 });
    const code = await coupon({ maxUses: 15 });
    await bed.db.updateTable('coupons').set({ uses_count: 5 }).where('code', '=', code).execute();
    const clients = await Promise.all(Array.from({ length: 100 }, () => createTestUser(bed.db)));
    for (const c of clients) await bed.w.as(c).cart.add({ offerId: a.id });
    const results = await Promise.allSettled(
      clients.map((c, i) =>
        bed.w.as(c).orders.checkout({ idempotencyKey: `coupon-race-${String(i).padStart(8, '0')}`, couponCode: code }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(10);
    expect(refused.every((r) => r.reason instanceof TRPCError && /used up/.test(r.reason.message))).toBe(true);
    const row = await bed.db
      .selectFrom('coupons')
      .select('uses_count')
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    expect(row.uses_count).toBe(15);
    const redemptions = await bed.db
      .selectFrom('coupon_redemptions as r')
      .innerJoin('coupons as c', 'c.id', 'r.coupon_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.code', '=', code)
      .executeTakeFirstOrThrow();
    expect(Number(redemptions.n)).toBe(10);
  }, 60_000);
});
