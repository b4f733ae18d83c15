import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser, refusalOf } from '../../testing/index.ts';
import { orderWorld } from '../../testing/orders.ts';

let t: TestDatabase;
let w: ReturnType<typeof orderWorld>;
let admin: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  w = orderWorld(t.db);
  admin = await createTestUser(t.db, { role: 'admin' });
});
afterAll(() => t.drop());

describe('admin coupons', () => {
  it('refuses bad fields one by one with messages for the form', async () => {
    const coupons = w.as(admin).admin.coupons;
    const startsAt = new Date(Date.now() + 30 * 86_400_000);
    const bad = await refusalOf(
      coupons.create({
        code: 'x!',
        kind: 'percent',
        amount: 150,
        startsAt,
        endsAt: new Date(startsAt.getTime() - 86_400_000),
      }),
    );
    expect(bad?.code).toBe('BAD_REQUEST');
    expect(bad?.fields).toMatchObject({
      code: 'A coupon code has at least 3 characters.',
      endsAt: 'The end must be after the start.',
    });
    const pct = await refusalOf(coupons.create({ code: 'TOO-MUCH', kind: 'percent', amount: 150 }));
    expect(pct?.fields).toEqual({ amount: 'A percentage is at most 100.' });
  });

  it('creates, refuses a duplicate code, edits, disables, and lists redemptions', async () => {
    const coupons = w.as(admin).admin.coupons;
    const { id } = await coupons.create({ code: 'spring-10', kind: 'fixed', amount: 300, maxUses: 5 });
    expect(await refusalOf(coupons.create({ code: 'SPRING-10', kind: 'percent', amount: 5 }))).toMatchObject({
      code: 'CONFLICT',
    });
    const client = await createTestUser(t.db);
    const offer = await w.offer({ price: 1000 });
    const number = await w.placeOrder(client, [{ offerId: offer.id }], 'SPRING-10');
    expect(
      await refusalOf(coupons.update({ id, fields: { code: 'SPRING-10', kind: 'fixed', amount: 300, maxUses: 0 } })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
    });
    await coupons.update({ id, fields: { code: 'SPRING-10', kind: 'fixed', amount: 400, maxUses: 1 } });
    const listed = (await coupons.list()).find((c) => c.id === id);
    expect(listed).toMatchObject({ amount: 400, maxUses: 1, usesCount: 1, isActive: true });
    expect(await coupons.redemptions({ id })).toMatchObject([{ number, email: client.email, discountCents: 300 }]);
    await coupons.setActive({ id, isActive: false });
    await w.as(client).cart.add({ offerId: offer.id });
    await expect(w.as(client).orders.previewCoupon({ code: 'SPRING-10' })).rejects.toThrow(/not valid/);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'coupon')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['coupon.create', 'coupon.update', 'coupon.disable']);
  });

  it('lets the admin edit the payment instructions the order page shows', async () => {
    await w
      .as(admin)
      .admin.orders.setPaymentInstructions({ text: 'Send the money to IBAN TEST 1234 with your order number.' });
    const client = await createTestUser(t.db);
    const offer = await w.offer();
    const number = await w.placeOrder(client, [{ offerId: offer.id }]);
    expect((await w.as(client).orders.get({ number })).payment?.instructions).toBe(
      'Send the money to IBAN TEST 1234 with your order number.',
    );
    expect(await refusalOf(w.as(admin).admin.orders.setPaymentInstructions({ text: 'short' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
