import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, hasHorizontalScroll, PHONE, type Shop, seriousA11yViolations, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

describe('home page in Chromium', () => {
  for (const [name, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`shows the categories and offers from MySQL at ${name} width, without errors or sideways scroll`, async () => {
      const { page, context, errors } = await shop.newPage(viewport);
      await page.goto('/');
      await expect.poll(() => page.getByRole('heading', { name: 'Featured offers' }).isVisible()).toBe(true);
      const categories = await page.locator('.category-chip').allInnerTexts();
      expect(categories.map((c) => c.replace(/\s*\(\d+\)$/, ''))).toEqual([
        'Streaming video',
        'Music',
        'Office',
        'Creative',
        'Security',
      ]);
      const titles = await page.locator('.offer-card__title').allInnerTexts();
      expect(titles.length).toBeGreaterThanOrEqual(5);
      expect(titles).toContain('Streamly Premium — 1 month');
      await expect
        .poll(() =>
          page
            .locator('.offer-card img')
            .first()
            .evaluate((img) => (img as HTMLImageElement).naturalWidth),
        )
        .toBeGreaterThan(0);
      expect(await page.getByRole('banner').textContent()).toContain('Damso Stream');
      expect(await hasHorizontalScroll(page)).toBe(false);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('answers an unknown address with the 404 page and a way back', async () => {
    const { page, context, errors } = await shop.newPage(PHONE);
    // HTTP 404 too, so a search engine does not index a "soft 404".
    expect((await page.goto('/no/such/page'))?.status()).toBe(404);
    await expect.poll(() => page.getByRole('heading', { name: 'We can’t find that page' }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Back to the shop' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Featured offers' }).isVisible()).toBe(true);
    // The browser reports the page's own 404, and nothing else goes wrong.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);
    await context.close();
  });

  it('keeps the staff areas out of a visitor’s reach and out of the shop bundle', async () => {
    const { page, context } = await shop.newPage(DESKTOP);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { name: 'Featured offers' }).isVisible()).toBe(true);
    expect(scripts.some((s) => /desk|admin/.test(s))).toBe(false);
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await page.goto('/admin');
    await expect.poll(() => page.getByRole('heading', { name: 'Please log in' }).isVisible()).toBe(true);
    await context.close();
  });

  it('lets a keyboard user skip to the content first, in the shop and in the staff areas', async () => {
    const { page, context } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'admin@damso.test');
    for (const [address, heading] of [
      ['/', 'Featured offers'],
      ['/desk', 'Payments to check'],
      ['/admin/users', 'Users'],
    ] as const) {
      await page.goto(address);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#main');
    }
    await context.close();
  });

  it('shows each role only the areas its permissions allow', async () => {
    const expected: Record<string, string[]> = {
      'client@damso.test': [],
      'employee@damso.test': ['Order desk'],
      'admin@damso.test': ['Order desk', 'Admin'],
    };
    for (const [email, areas] of Object.entries(expected)) {
      const { page, context } = await shop.newPage(DESKTOP);
      await shop.loginAs(context, email);
      await page.goto('/');
      await expect.poll(() => page.getByRole('heading', { name: 'Featured offers' }).isVisible()).toBe(true);
      const nav = page.getByRole('navigation', { name: 'Areas' });
      const links = areas.length ? await nav.getByRole('link').allTextContents() : [];
      expect({ email, links: links.filter((l) => l !== 'Shop') }).toEqual({ email, links: areas });
      if (!areas.includes('Admin')) {
        await page.goto('/admin');
        await expect.poll(() => page.getByRole('heading', { name: 'This area is for staff' }).isVisible()).toBe(true);
      }
      await context.close();
    }
  });
});
