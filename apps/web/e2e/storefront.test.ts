// The storefront as a shopper notices it: the whole offer card opens the offer, the offer page says how
// and when it is delivered, cart lines show a picture and link to their offer, checkout states the
// delivery and refund terms, and the order page gives the payment deadline and copy buttons for the
// IBAN, the amount and the reference. At phone and desktop widths, with axe-core checks.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, pageIsClean, type Shop, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

async function newClient(email: string): Promise<void> {
  await shop.db
    .insertInto('users')
    .values({
      email,
      full_name: 'Stella Storefront',
      phone: '+14155550102',
      password_hash: 'not-used',
      email_verified_at: new Date(),
    })
    .execute();
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Every toast done sliding in: axe measures a toast half faded in as the blend it sees. */
const toastsSettled = (page: Page) =>
  page.evaluate(() => {
    const toasts = [...document.querySelectorAll<HTMLElement>('[data-sonner-toast]')];
    return (
      toasts.length > 0 &&
      toasts.every((el) => el.dataset.mounted === 'true' && el.getAnimations({ subtree: true }).length === 0)
    );
  });

describe('storefront', () => {
  for (const [width, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`card, offer delivery line, cart links, checkout terms and order payment copy — at ${width} width`, async () => {
      const auto = await shop.db
        .selectFrom('offers')
        .select(['id', 'slug', 'title'])
        .where('delivery_mode', '=', 'automatic')
        .where('is_active', '=', 1)
        .where('image_key', 'is not', null)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const manual = await shop.db
        .selectFrom('offers')
        .select(['id', 'slug', 'title'])
        .where('delivery_mode', '=', 'manual')
        .where('is_active', '=', 1)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const code = `STORE-${width.toUpperCase()}-9Q2W`;
      await shop.db
        .insertInto('offer_stock_codes')
        .values({
          offer_id: auto.id,
          code_ciphertext: shop.encryptor.encrypt(code),
          code_hash: shop.encryptor.fingerprint(code),
        })
        .execute();
      const email = `storefront-${width}@example.test`;
      await newClient(email);
      const client = await shop.newPage(viewport);
      await client.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: shop.url });
      await shop.loginAs(client.context, email);
      const { page } = client;

      // A click on a card's picture, away from its title, opens the offer.
      await page.goto('/catalog');
      const card = page
        .locator('.offer-card')
        .filter({ has: page.locator('img') })
        .first();
      await expect.poll(() => card.isVisible()).toBe(true);
      const href = await card.getByRole('link').getAttribute('href');
      expect(href).toMatch(/^\/offers\/.+/);
      // Clicked where the user sees the picture: the link's overlay, not the <img>, takes the click.
      const picture = card.locator('img');
      await picture.scrollIntoViewIfNeeded();
      const box = await picture.boundingBox();
      if (!box) throw new Error('The card has no picture on screen');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.75);
      await page.waitForURL((url) => url.pathname === href);

      // The offer page says how and when each kind of offer is delivered.
      await page.goto(`/offers/${manual.slug}`);
      const delivery = page.getByTestId('offer-delivery');
      await expect.poll(() => delivery.textContent()).toContain('our team delivers it by hand');
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await expect
        .poll(() => page.getByRole('status').filter({ hasText: 'Added to your cart.' }).isVisible())
        .toBe(true);
      await page.goto(`/offers/${auto.slug}`);
      await expect.poll(() => delivery.textContent()).toContain('In stock · instant');
      await pageIsClean(page, 'offer page');
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await expect
        .poll(() => page.getByRole('status').filter({ hasText: 'Added to your cart.' }).isVisible())
        .toBe(true);

      // Each cart line has its picture and a link back to its offer.
      await page.goto('/cart');
      const line = page.locator('.cart-line').filter({ hasText: auto.title });
      await expect.poll(() => line.getByRole('link', { name: auto.title }).isVisible()).toBe(true);
      const thumb = line.locator('img');
      expect(await thumb.getAttribute('loading')).toBe('lazy');
      await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
      await pageIsClean(page, 'cart');
      await line.getByRole('link', { name: auto.title }).click();
      await page.waitForURL((url) => url.pathname === `/offers/${auto.slug}`);

      // Checkout states the delivery and refund terms before the order is placed.
      await page.goto('/checkout');
      const terms = page.getByRole('region', { name: 'Before you place the order' });
      await expect.poll(() => terms.isVisible()).toBe(true);
      const text = await terms.textContent();
      expect(text).toContain('the code is delivered at once, as soon as the payment is verified');
      expect(text).toContain('an employee delivers the details by hand after verifying the payment');
      expect(text).toContain('A refund revokes what was delivered');
      await pageIsClean(page, 'checkout');
      await page.getByRole('button', { name: 'Place order' }).click();
      await page.waitForURL(/\/orders\/DS-\d{6}$/);
      const number = page.url().split('/').pop() ?? '';

      // The order page gives the deadline the unpaid-orders job enforces (48 hours by default).
      const order = await shop.db
        .selectFrom('orders')
        .select(['created_at', 'total_cents'])
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      const due = order.created_at.getTime() + 48 * 3_600_000;
      const deadline = page.getByTestId('payment-deadline');
      await expect.poll(() => deadline.isVisible()).toBe(true);
      const shown = await page.evaluate((ms) => new Date(ms).toLocaleString(), due);
      expect(await deadline.textContent()).toContain(`Pay by ${shown}`);

      // Each copy button puts its value on the clipboard and says so; the keyboard works too.
      await page.getByRole('button', { name: 'Copy reference' }).click();
      await expect.poll(() => clipboard(page)).toBe(number);
      await expect
        .poll(() => page.locator('[data-sonner-toast]', { hasText: 'Copied' }).first().isVisible())
        .toBe(true);
      // Shown in groups of four as banks print it, copied compact as bank forms take it.
      await expect.poll(() => page.getByText('GB00 DEMO 0000 0000 0000 00', { exact: true }).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Copy IBAN' }).click();
      await expect.poll(() => clipboard(page)).toBe('GB00DEMO00000000000000');
      await page.getByRole('button', { name: 'Copy amount' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => clipboard(page)).toBe((order.total_cents / 100).toFixed(2));
      await expect.poll(() => toastsSettled(page)).toBe(true);
      await pageIsClean(page, 'order awaiting payment');
      expect(client.errors).toEqual([]);
      await client.context.close();
    });
  }
});
