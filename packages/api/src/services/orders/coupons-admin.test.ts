import { describe, expect, it } from 'vitest';
import { createTestUser, refusalOf } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';

const bed = orderTestBed({ admin: true });

describe('admin coupons', () => {
  it('refuses bad fields one by one with messages for the form', async () => {
    const coupons = bed.w.as(bed.admin).admin.coupons;
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
    const coupons = bed.w.as(bed.admin).admin.coupons;
    const { id } = await coupons.create({ code: 'spring-10', kind: 'fixed', amount: 300, maxUses: 5 });
    expect(await refusalOf(coupons.create({ code: 'SPRING-10', kind: 'percent', amount: 5 }))).toMatchObject({
      code: 'CONFLICT',
    });
    const client = await createTestUser(bed.db);
    const offer = await bed.w.offer({ price: 1000 });
    const number = await bed.w.placeOrder(client, [{ offerId: offer.id }], 'SPRING-10');
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
    await bed.w.as(client).cart.add({ offerId: offer.id });
    await expect(bed.w.as(client).orders.previewCoupon({ code: 'SPRING-10' })).rejects.toThrow(/not valid/);
    const audit = await bed.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'coupon')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['coupon.create', 'coupon.update', 'coupon.disable']);
  });

  it('lets the admin edit the payment instructions the order page shows', async () => {
    // Saved with the other shop settings (services/admin/shop-settings.test.ts covers the rest).
    const shop = await bed.w.as(bed.admin).admin.settings.shop();
    const settings = { ...shop, phoneCountry: shop.phoneCountry ?? 'US' };
    await bed.w.as(bed.admin).admin.settings.saveShop({
      ...settings,
      paymentInstructions: 'Send the money to IBAN TEST 1234 with your order number.',
    });
    const client = await createTestUser(bed.db);
    const offer = await bed.w.offer();
    const number = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
    expect((await bed.w.as(client).orders.get({ number })).payment?.instructions).toBe(
      'Send the money to IBAN TEST 1234 with your order number.',
    );
    expect(
      await refusalOf(bed.w.as(bed.admin).admin.settings.saveShop({ ...settings, paymentInstructions: 'short' })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      fields: { paymentInstructions: 'Write at least 10 characters of instructions.' },
    });
  });
});
