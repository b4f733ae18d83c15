// The shop's content pages and its dark scheme in Chromium, at phone and desktop widths: the footer's
// links open the terms, privacy, refund and contact pages; an admin rewrites the refund text on the
// settings page and the public page shows it; and with the system in dark mode the shop, the cart and
// an admin page have a dark background and pass axe (colour contrast included).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, pageIsClean, type Shop, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

/** The page background's relative luminance (0 black … 1 white), as the eye sees the page's canvas. */
function backgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const channels =
      getComputedStyle(document.documentElement)
        .backgroundColor.match(/[\d.]+/g)
        ?.map(Number) ?? [];
    const [r = 255, g = 255, b = 255] = channels
      .map((c) => c / 255)
      .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  });
}

const footerLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Shop information' }).getByRole('link', { name, exact: true });

const CASES = [
  { width: 'phone', viewport: PHONE },
  { width: 'desktop', viewport: DESKTOP },
] as const;

describe('content pages and dark mode', () => {
  for (const c of CASES) {
    it(`the footer opens the four pages, the contact page shows the shop's details — at ${c.width} width`, async () => {
      await shop.db
        .insertInto('settings')
        .values({ name: 'contact_email', value: 'hello@damso.test' })
        .onDuplicateKeyUpdate({ value: 'hello@damso.test' })
        .execute();
      const { page, errors } = await shop.newPage(c.viewport);
      await page.goto('/');
      const pages = [
        { link: 'Terms', path: '/terms', heading: 'Terms of service' },
        { link: 'Privacy', path: '/privacy', heading: 'Privacy policy' },
        { link: 'Refunds', path: '/refunds', heading: 'Refund policy' },
        { link: 'Contact', path: '/contact', heading: 'Contact us' },
      ];
      for (const p of pages) {
        await footerLink(page, p.link).click();
        await expect.poll(() => page.getByRole('heading', { name: p.heading, level: 1 }).isVisible()).toBe(true);
        expect(new URL(page.url()).pathname).toBe(p.path);
        await pageIsClean(page, p.path);
      }
      // The stored text's '#' lines are headings under the title, the other lines its paragraphs.
      const refunds = await shop.db
        .selectFrom('content_pages')
        .select('body')
        .where('slug', '=', 'refunds')
        .executeTakeFirstOrThrow();
      const heading = /^# (.+)$/m.exec(refunds.body)?.[1] ?? '';
      const paragraph = refunds.body.split('\n').find((l) => l.trim() && !l.startsWith('#')) ?? '';
      await footerLink(page, 'Refunds').click();
      await expect.poll(() => page.getByRole('heading', { name: heading, level: 2 }).isVisible()).toBe(true);
      await expect.poll(() => page.getByText(paragraph.trim()).isVisible()).toBe(true);
      // Contact: the email from the shop's settings, as a link to write to.
      await footerLink(page, 'Contact').click();
      await expect
        .poll(() => page.getByRole('link', { name: 'hello@damso.test' }).getAttribute('href'))
        .toBe('mailto:hello@damso.test');
      // Opened directly, a page is a page (not the 404 the server gives unknown addresses).
      const direct = await page.goto('/privacy');
      expect(direct?.status()).toBe(200);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it(`an admin rewrites the refund text and the public page shows it — at ${c.width} width`, async () => {
      const admin = await shop.newPage(c.viewport);
      await shop.loginAs(admin.context, 'admin@damso.test');
      const { page } = admin;
      await page.goto('/admin/settings');
      const form = page.locator('form', { has: page.getByRole('group', { name: 'Refunds page' }) });
      await expect.poll(() => form.getByLabel('Title').inputValue()).toBe('Refund policy');
      await pageIsClean(page, 'settings with the pages');

      // An empty text is held back at its field.
      await form.getByLabel('Text').fill('   ');
      await form.getByRole('button', { name: 'Save refunds page' }).click();
      await expect.poll(() => form.getByText('Write the page text.').isVisible()).toBe(true);

      const line = `Refunds are granted within 14 days at ${c.width} width.`;
      await form.getByLabel('Text').fill(`# Asking for a refund\n\n${line}\nName your order number.`);
      await form.getByRole('button', { name: 'Save refunds page' }).click();
      await expect.poll(() => form.getByText('Refunds page saved.').isVisible()).toBe(true);
      // Saving again without a change says so.
      await form.getByRole('button', { name: 'Save refunds page' }).click();
      await expect.poll(() => form.getByText('Nothing changed.').isVisible()).toBe(true);

      const visitor = await shop.newPage(c.viewport);
      await visitor.page.goto('/refunds');
      await expect
        .poll(() => visitor.page.getByRole('heading', { name: 'Asking for a refund', level: 2 }).isVisible())
        .toBe(true);
      await expect.poll(() => visitor.page.getByText(line).isVisible()).toBe(true);
      expect(await visitor.page.getByText('What a refund ends').count()).toBe(0);
      await pageIsClean(visitor.page, 'refunds after the edit');
      await admin.context.close();
      await visitor.context.close();
    });

    it(`in the dark scheme the shop, the cart and an admin page are dark and readable — at ${c.width} width`, async () => {
      const offer = await shop.db
        .selectFrom('offers')
        .select(['id', 'slug', 'title', 'price_cents'])
        .where('is_active', '=', 1)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      // A cart of this test's own, so the cart page shows a line to read, not its empty state.
      const user = await shop.db
        .insertInto('users')
        .values({
          email: `dark-${c.width}@damso.test`,
          full_name: 'Dora Dark',
          phone: c.width === 'phone' ? '+14155550181' : '+14155550182',
          role: 'admin',
          password_hash: 'not-used',
          email_verified_at: new Date(),
        })
        .executeTakeFirstOrThrow();
      const cart = await shop.db
        .insertInto('carts')
        .values({ user_id: Number(user.insertId) })
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
      const { page, context, errors } = await shop.newPage(c.viewport);
      await page.emulateMedia({ colorScheme: 'dark' });
      await shop.loginAs(context, `dark-${c.width}@damso.test`);
      const visits = [
        { path: '/', ready: () => page.getByRole('heading', { level: 1 }).first() },
        { path: '/catalog', ready: () => page.getByRole('heading', { level: 1 }).first() },
        { path: `/offers/${offer.slug}`, ready: () => page.getByRole('button', { name: /add to cart/i }).first() },
        { path: '/cart', ready: () => page.getByText(offer.title).first() },
        { path: '/refunds', ready: () => page.getByRole('heading', { name: 'Refund policy', level: 1 }) },
        { path: '/admin/settings', ready: () => page.getByRole('heading', { name: 'Settings', level: 1 }) },
      ];
      for (const v of visits) {
        await page.goto(v.path);
        await expect.poll(() => v.ready().isVisible()).toBe(true);
        await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
        expect({ where: v.path, dark: (await backgroundLuminance(page)) < 0.05 }).toEqual({
          where: v.path,
          dark: true,
        });
        await pageIsClean(page, `${v.path} in the dark`);
      }
      // The skip link leads every layout: shop, desk and admin.
      for (const path of ['/', '/desk', '/admin']) {
        await page.goto(path);
        await expect.poll(() => page.locator('#main').count()).toBe(1);
        await page.keyboard.press('Tab');
        expect({ path, first: await page.evaluate(() => document.activeElement?.textContent?.trim()) }).toEqual({
          path,
          first: 'Skip to content',
        });
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
