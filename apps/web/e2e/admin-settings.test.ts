// The settings page in Chromium: an admin corrects a mistyped IBAN, saves the shop's bank details, a
// repeat save changes nothing, and a client's new order shows the account to pay into (phone and
// desktop, axe-clean, no sideways scroll). An employee cannot open the page or see it in a menu.
// Also the coupon form's fixed amounts, typed and shown in currency while cents are stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, pageIsClean, type Shop, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

/** A verified client of its own with one offer in the cart, signed in. */
async function clientWithCart(email: string, viewport: { width: number; height: number }) {
  const user = await shop.db
    .insertInto('users')
    .values({
      email,
      full_name: 'Bea Bank',
      phone: '+14155550101',
      password_hash: 'not-used',
      email_verified_at: new Date(),
    })
    .executeTakeFirstOrThrow();
  const cart = await shop.db
    .insertInto('carts')
    .values({ user_id: Number(user.insertId) })
    .executeTakeFirstOrThrow();
  const offer = await shop.db
    .selectFrom('offers')
    .select(['id', 'price_cents'])
    .where('is_active', '=', 1)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await shop.db
    .insertInto('cart_items')
    .values({
      cart_id: Number(cart.insertId),
      offer_id: offer.id,
      quantity: 1,
      unit_price_seen_cents: offer.price_cents,
    })
    .execute();
  const session = await shop.newPage(viewport);
  await shop.loginAs(session.context, email);
  return session;
}

const CASES = [
  { width: 'phone', viewport: PHONE, holder: 'Damso Phone Ltd', iban: 'GB82 WEST 1234 5698 7654 32', bic: 'WESTGB2L' },
  { width: 'desktop', viewport: DESKTOP, holder: 'Damso Desk GmbH', iban: 'DE89 3704 0044 0532 0130 00', bic: '' },
] as const;

describe('admin settings', () => {
  for (const c of CASES) {
    it(`an admin changes the bank details and a client's order shows them — at ${c.width} width`, async () => {
      const admin = await shop.newPage(c.viewport);
      await shop.loginAs(admin.context, 'admin@damso.test');
      await admin.page.goto('/admin/settings');
      const { page } = admin;
      await expect.poll(() => page.getByRole('heading', { name: 'Settings', level: 1 }).isVisible()).toBe(true);
      await expect.poll(() => page.getByLabel('Shop name').inputValue()).not.toBe('');
      await pageIsClean(page, 'settings');

      // A mistyped digit fails the checksum and the save is held back at the field.
      await page.getByLabel('Account holder').fill(c.holder);
      await page.getByLabel('IBAN').fill(c.iban.replace(/\d$/, (d) => String((Number(d) + 1) % 10)));
      await page.getByLabel('BIC (optional)').fill(c.bic);
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect
        .poll(() => page.getByText('This IBAN is mistyped: its check digits do not match.').isVisible())
        .toBe(true);
      await pageIsClean(page, 'settings with a field error');
      await page.getByLabel('IBAN').fill(c.iban);
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Settings saved.' }).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Nothing changed.' }).isVisible()).toBe(true);
      const audit = await shop.db
        .selectFrom('audit_log')
        .select('after_json')
        .where('action', '=', 'settings.shop')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.after_json ?? '{}')).toMatchObject({ bank_account_holder: c.holder });

      const client = await clientWithCart(`bank-${c.width}@example.test`, c.viewport);
      await client.page.goto('/checkout');
      await client.page.getByRole('button', { name: 'Place order' }).click();
      await client.page.waitForURL(/\/orders\/DS-\d{6}$/);
      const payment = client.page.locator('section.payment');
      await expect.poll(() => payment.getByText(c.holder).isVisible()).toBe(true);
      await expect.poll(() => payment.getByText(c.iban).isVisible()).toBe(true);
      expect(await payment.getByText('WESTGB2L').count()).toBe(c.bic ? 1 : 0);
      await pageIsClean(client.page, 'order page with bank details');
      expect(admin.errors).toEqual([]);
      expect(client.errors).toEqual([]);
      await admin.context.close();
      await client.context.close();
    });
  }

  it('an employee cannot open the settings page nor sees it in a menu', async () => {
    const { page, context } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'employee@damso.test');
    await page.goto('/admin/settings');
    await expect.poll(() => page.getByRole('heading', { name: 'This area is for staff' }).isVisible()).toBe(true);
    expect(await page.getByLabel('IBAN').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await context.close();
  });
});

describe('coupon amounts in currency', () => {
  it('an admin types a fixed discount as 5.50 and sees it back as money, stored in cents', async () => {
    const { page, context, errors } = await shop.newPage(PHONE);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin/coupons');
    await page.getByLabel('Code', { exact: true }).fill('FIVE50');
    await page.getByLabel('Kind').selectOption('fixed');
    await page.getByLabel('Amount off (USD)').fill('5.555');
    await expect.poll(() => page.getByText('Enter an amount like 5.50.').isVisible()).toBe(true);
    await page.getByLabel('Amount off (USD)').fill('5.5');
    await page.getByLabel('Minimum order (USD, empty = none)').fill('20');
    await page.getByRole('button', { name: 'Create coupon' }).click();
    const row = page.getByRole('row').filter({ hasText: 'FIVE50' });
    await expect.poll(() => row.getByRole('cell', { name: '$5.50 over $20.00' }).isVisible()).toBe(true);
    const stored = await shop.db
      .selectFrom('coupons')
      .select(['amount', 'min_order_cents'])
      .where('code', '=', 'FIVE50')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ amount: 550, min_order_cents: 2000 });

    await row.getByRole('button', { name: 'Edit FIVE50' }).click();
    await expect.poll(() => page.getByLabel('Amount off (USD)').inputValue()).toBe('5.50');
    expect(await page.getByLabel('Minimum order (USD, empty = none)').inputValue()).toBe('20.00');
    await pageIsClean(page, 'coupon form with a fixed amount');
    expect(errors).toEqual([]);
    await context.close();
  });
});
