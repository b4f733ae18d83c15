// The shop header in Chromium, as a shopper meets it on a phone and on a laptop: a search from any page
// lands on the catalog with its results and the query in the catalog's own box, the "Categories" menu
// lists the categories, opens one, and closes on Escape with focus back where it was, and the header
// and the tab show the shop name the admin set. Axe-clean, no sideways scroll.
import { callerFor, createTestUser } from '@damso/api/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, hasHorizontalScroll, PHONE, pageIsClean, type Shop, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

const count = (page: Page) => page.locator('.catalog__count').textContent();
const titles = (page: Page) => page.locator('.offer-card__title').allInnerTexts();
const isFocused = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => el === document.activeElement);

/** The header's search field, opened from its icon first on a phone. */
async function headerSearch(page: Page, phone: boolean) {
  const header = page.getByRole('banner');
  const box = header.getByRole('searchbox', { name: 'Search the shop' });
  if (phone) {
    // Compact on a phone: only the icon until it is asked for.
    expect(await box.isVisible()).toBe(false);
    const toggle = header.getByRole('button', { name: 'Search the shop' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
  }
  expect(await box.isVisible()).toBe(true);
  return box;
}

describe('shop header', () => {
  for (const [width, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    const phone = viewport === PHONE;

    it(`searches from the home page and lands on the catalog's results — at ${width} width`, async () => {
      const { page, context, errors } = await shop.newPage(viewport);
      await page.goto('/');
      await expect.poll(() => page.getByRole('heading', { name: 'Featured offers' }).isVisible()).toBe(true);
      await pageIsClean(page, 'home');

      let box = await headerSearch(page, phone);
      await box.fill('tunew');
      await box.press('Enter');
      await page.waitForURL((url) => url.pathname === '/catalog' && url.searchParams.get('q') === 'tunew');
      await expect.poll(() => count(page)).toBe('3 offers');
      expect((await titles(page)).every((t) => t.startsWith('Tunewave'))).toBe(true);
      expect(await page.getByRole('searchbox', { name: 'Search offers' }).inputValue()).toBe('tunew');
      if (phone) {
        // Done with, the field folds away again and focus is on its icon.
        expect(await box.isVisible()).toBe(false);
        expect(await isFocused(page, '.header-search__toggle')).toBe(true);
      } else {
        expect(await box.inputValue()).toBe('tunew');
      }
      await pageIsClean(page, 'catalog after a header search');

      // An empty search is the whole catalog.
      box = await headerSearch(page, phone);
      await box.fill('');
      await box.press('Enter');
      await page.waitForURL((url) => url.pathname === '/catalog' && !url.searchParams.has('q'));
      await expect.poll(() => count(page)).toBe('30 offers');
      expect(await page.getByRole('searchbox', { name: 'Search offers' }).inputValue()).toBe('');

      // Longer than the catalog takes: its own message, at the field, and no search.
      box = await headerSearch(page, phone);
      await box.fill('streaming '.repeat(11));
      await box.press('Enter');
      const alert = page.getByRole('banner').getByRole('alert');
      await expect.poll(() => alert.textContent()).toBe('Search text is at most 100 characters');
      expect(await box.getAttribute('aria-invalid')).toBe('true');
      expect(await box.getAttribute('aria-describedby')).toBe(await alert.getAttribute('id'));
      expect(new URL(page.url()).search).toBe('');
      await pageIsClean(page, 'search too long');
      if (phone) {
        // Escape folds the field away and puts focus back on its icon.
        await box.press('Escape');
        await expect.poll(() => box.isVisible()).toBe(false);
        expect(await isFocused(page, '.header-search__toggle')).toBe(true);
      }
      expect(errors).toEqual([]);
      await context.close();
    });

    it(`opens the category menu, shows a category's offers, and closes on Escape — at ${width} width`, async () => {
      const security = await shop.db
        .selectFrom('offers as o')
        .innerJoin('categories as c', 'c.id', 'o.category_id')
        .select('o.title')
        .where('c.slug', '=', 'security')
        .where('o.is_active', '=', 1)
        .execute();
      const { page, context, errors } = await shop.newPage(viewport);
      await page.goto('/');
      await expect.poll(() => page.getByRole('heading', { name: 'Featured offers' }).isVisible()).toBe(true);
      const summary = page.getByRole('banner').locator('summary', { hasText: 'Categories' });
      const menu = page.getByRole('navigation', { name: 'Categories' });
      expect(await menu.isVisible()).toBe(false);

      // By keyboard: open, then Escape closes it and focus is back on "Categories".
      await summary.focus();
      await page.keyboard.press('Enter');
      await expect
        .poll(() => menu.getByRole('link').allInnerTexts())
        .toEqual(['All offers', 'Streaming video', 'Music', 'Office', 'Creative', 'Security']);
      await pageIsClean(page, 'category menu open');
      await page.keyboard.press('Escape');
      await expect.poll(() => menu.isVisible()).toBe(false);
      expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);

      // A click elsewhere closes it too.
      await summary.click();
      await expect.poll(() => menu.isVisible()).toBe(true);
      await page.getByRole('heading', { name: 'Featured offers' }).click();
      await expect.poll(() => menu.isVisible()).toBe(false);

      // Choosing a category shows its offers, and the catalog's filter says which.
      await summary.click();
      await menu.getByRole('link', { name: 'Security' }).click();
      await page.waitForURL((url) => url.pathname === '/catalog' && url.searchParams.get('category') === 'security');
      await expect.poll(() => count(page)).toBe(`${security.length} offers`);
      const shown = await titles(page);
      expect(shown.length).toBe(Math.min(security.length, 12));
      expect(security.map((o) => o.title)).toEqual(expect.arrayContaining(shown));
      expect(await page.getByLabel('Category').inputValue()).toBe('security');
      expect(await menu.isVisible()).toBe(false);
      await pageIsClean(page, 'catalog of a category');
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('shows the shop name from the settings in the header and the tab title, at both widths', async () => {
    const admin = await createTestUser(shop.db, { role: 'admin' });
    const caller = callerFor(shop.db, admin);
    const form = await caller.admin.settings.shop();
    const name = `Lumen Keys ${admin.id}`;
    await caller.admin.settings.saveShop({ ...form, phoneCountry: form.phoneCountry ?? 'US', shopName: name });

    for (const viewport of [PHONE, DESKTOP]) {
      const { page, context, errors } = await shop.newPage(viewport);
      await page.goto('/');
      const brand = page.getByRole('banner').getByRole('link', { name });
      await expect.poll(() => brand.isVisible()).toBe(true);
      expect(await page.getByRole('banner').textContent()).not.toContain('Damso Stream');
      // The mark beside the name is the name's own first letter, not the built-in "D".
      expect(await brand.locator('.brand__mark').textContent()).toBe('L');
      await expect.poll(() => page.title()).toBe(name);
      expect(await page.getByRole('contentinfo').textContent()).toContain(name);
      // What a phone installs the shop as, before any script runs.
      const manifest = await (await page.request.get('/manifest.webmanifest')).json();
      expect(manifest.name).toBe(name);
      expect([name.startsWith(manifest.short_name), manifest.short_name.length <= 12]).toEqual([true, true]);
      // Every other page names itself, then the shop (the settings' name, not the built-in one).
      await page.goto('/cart');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
      await expect.poll(() => page.title()).toBe(`Cart · ${name}`);
      await page.goto('/catalog?q=stream');
      await expect.poll(() => page.title()).toBe(`“stream” — Catalog · ${name}`);
      await page.goto('/cart');
      await expect.poll(() => page.title()).toBe(`Cart · ${name}`);
      expect(await brand.isVisible()).toBe(true);
      await pageIsClean(page, `cart with the shop's name at ${viewport.width}px`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('shows one header popup at a time on a phone: the search field, the categories or the account menu', async () => {
    const { page, context, errors } = await shop.newPage(PHONE);
    await shop.loginAs(context, 'client@damso.test');
    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { name: 'Featured offers' }).isVisible()).toBe(true);
    const header = page.getByRole('banner');
    const box = header.getByRole('searchbox', { name: 'Search the shop' });
    const toggle = header.getByRole('button', { name: 'Search the shop' });
    const categories = header.locator('summary', { hasText: 'Categories' });
    const menu = page.getByRole('navigation', { name: 'Categories' });
    const account = header.locator('.user-menu summary');
    const accountPanel = header.getByRole('link', { name: 'Profile and security' });

    // Search open, then "Categories": the field folds away and only the menu shows.
    await headerSearch(page, true);
    await categories.click();
    await expect.poll(() => menu.getByRole('link', { name: 'All offers' }).isVisible()).toBe(true);
    await expect.poll(() => box.isVisible()).toBe(false);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await pageIsClean(page, 'category menu opened over the search');

    // And the reverse: the menu open, the search icon closes it and shows only the field.
    await headerSearch(page, true);
    await expect.poll(() => menu.isVisible()).toBe(false);
    await pageIsClean(page, 'search opened over the category menu');

    // The account menu takes the field's place the same way, and the field takes the menu's.
    await account.click();
    await expect.poll(() => accountPanel.isVisible()).toBe(true);
    await expect.poll(() => box.isVisible()).toBe(false);
    await headerSearch(page, true);
    await expect.poll(() => accountPanel.isVisible()).toBe(false);
    await pageIsClean(page, 'search opened over the account menu');

    // The notifications panel too: it closes when the field opens, and the field when it opens.
    const bell = header.getByRole('button', { name: /^Notifications/ });
    const bellPanel = header.getByText('Nothing new.');
    await bell.click();
    await expect.poll(() => bellPanel.isVisible()).toBe(true);
    await expect.poll(() => box.isVisible()).toBe(false);
    await headerSearch(page, true);
    await expect.poll(() => bellPanel.isVisible()).toBe(false);
    expect(await bell.getAttribute('aria-expanded')).toBe('false');
    await pageIsClean(page, 'search opened over the notifications');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the header within a 360 px screen, the search field open', async () => {
    const { page, context } = await shop.newPage({ width: 360, height: 740 });
    await shop.loginAs(context, 'client@damso.test');
    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { name: 'Featured offers' }).isVisible()).toBe(true);
    expect(await hasHorizontalScroll(page)).toBe(false);
    // Two rows (brand and menus; orders, bell, cart and account), not three: the header stays on screen.
    const header = await page.getByRole('banner').boundingBox();
    expect(header?.height).toBeLessThan(130);
    await headerSearch(page, true);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.getByRole('banner').locator('summary', { hasText: 'Categories' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Categories' }).isVisible()).toBe(true);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await context.close();
  });
});
