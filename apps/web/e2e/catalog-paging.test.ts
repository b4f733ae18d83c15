// A category too large to page by number: the shopper walks it with Next and Previous, the URL keeps
// the place (so it can be shared or reloaded), and no offer shows twice.
import { recountCategoryOffers } from '@damso/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, type Shop, seriousA11yViolations, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
  const c = await shop.db
    .insertInto('categories')
    .values({ slug: 'bulk-plans', name: 'Bulk plans', position: 9 })
    .executeTakeFirstOrThrow();
  await shop.db
    .insertInto('offers')
    .values(
      Array.from({ length: 1100 }, (_, i) => ({
        category_id: Number(c.insertId),
        slug: `bulkly-plan-${i}`,
        title: `Bulkly Plan ${String(i).padStart(4, '0')}`,
        service_name: 'Bulkly',
        description: 'One plan among many.',
        price_cents: 500 + (i % 40) * 25,
        sold_count: i % 9,
      })),
    )
    .execute();
  await recountCategoryOffers(shop.db);
});
afterAll(() => shop?.close());

describe('catalog pages in Chromium', () => {
  for (const [name, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`walks a large category with Next and Previous at ${name} width, the place kept in the URL`, async () => {
      const { page, context, errors } = await shop.newPage(viewport);
      await page.goto('/catalog?category=bulk-plans&sort=price_asc');
      await expect.poll(() => page.locator('.catalog__count').textContent()).toBe('1,100 offers');
      const titles = () => page.locator('.offer-card__title').allTextContents();
      const first = await titles();
      expect(first).toHaveLength(12);
      const pager = page.getByRole('navigation', { name: 'Pages' });
      expect(await pager.getByText('Page 1', { exact: true }).isVisible()).toBe(true);

      await pager.getByRole('link', { name: 'Next →' }).click();
      await expect.poll(() => pager.getByText('Page 2', { exact: true }).isVisible()).toBe(true);
      await expect.poll(async () => (await titles()).join()).not.toBe(first.join());
      const second = await titles();
      expect(new URL(page.url()).searchParams.get('cursor')).toMatch(/^l\.a\.\d+\.\d+$/);

      await pager.getByRole('link', { name: 'Next →' }).click();
      await expect.poll(() => pager.getByText('Page 3', { exact: true }).isVisible()).toBe(true);
      await expect.poll(async () => (await titles()).join()).not.toBe(second.join());
      const third = await titles();
      expect(new Set([...first, ...second, ...third]).size).toBe(36);

      // A reload (or a shared link) shows the same page.
      await page.reload();
      await expect.poll(async () => (await titles()).join()).toBe(third.join());

      await pager.getByRole('link', { name: '← Previous' }).click();
      await expect.poll(() => pager.getByText('Page 2', { exact: true }).isVisible()).toBe(true);
      await expect.poll(async () => (await titles()).join()).toBe(second.join());
      await pager.getByRole('link', { name: '← Previous' }).click();
      await expect.poll(async () => (await titles()).join()).toBe(first.join());
      expect(new URL(page.url()).searchParams.has('cursor')).toBe(false);

      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('says "1,000+ offers" for a filter it stops counting, and still pages on', async () => {
    const { page, context } = await shop.newPage(DESKTOP);
    await page.goto('/catalog?max=20');
    await expect.poll(() => page.locator('.catalog__count').textContent()).toBe('1,000+ offers');
    const pager = page.getByRole('navigation', { name: 'Pages' });
    await pager.getByRole('link', { name: 'Next →' }).click();
    await expect.poll(() => pager.getByText('Page 2', { exact: true }).isVisible()).toBe(true);
    await context.close();
  });
});
