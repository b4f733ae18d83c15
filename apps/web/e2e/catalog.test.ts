// The shop's catalog and offer pages in Chromium: what a shopper sees while searching and filtering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  hasHorizontalScroll,
  PHONE,
  type Shop,
  seriousA11yViolations,
  startShop,
  writeComment,
} from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

const titles = (page: Awaited<ReturnType<Shop['newPage']>>['page']) =>
  page.locator('.offer-card__title').allTextContents();

describe('catalog in Chromium', () => {
  it('searches as the user types and filters at phone width, all in the URL, with the back button working', async () => {
    const { page, context, errors } = await shop.newPage(PHONE);
    await page.goto('/catalog');
    await expect.poll(() => page.locator('.catalog__count').textContent()).toBe('30 offers');
    await page.getByRole('searchbox', { name: 'Search offers' }).pressSequentially('tunew', { delay: 40 });
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('tunew');
    await expect.poll(() => page.locator('.catalog__count').textContent()).toBe('3 offers');
    expect((await titles(page)).every((t) => t.startsWith('Tunewave'))).toBe(true);

    await page.getByText('Filters and sorting').click();
    await page.getByLabel('Duration').selectOption({ label: '12 months' });
    await expect.poll(() => page.locator('.catalog__count').textContent()).toBe('1 offer');
    expect(await titles(page)).toEqual(['Tunewave Family — 12 months']);
    expect(new URL(page.url()).searchParams.get('duration')).toBe('365');
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.goBack();
    await expect.poll(() => page.locator('.catalog__count').textContent()).toBe('3 offers');
    expect(new URL(page.url()).searchParams.get('duration')).toBeNull();
    expect(await page.getByRole('searchbox', { name: 'Search offers' }).inputValue()).toBe('tunew');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the space between words when the user pauses mid-query', async () => {
    const { page, context } = await shop.newPage(PHONE);
    await page.goto('/catalog');
    const box = page.getByRole('searchbox', { name: 'Search offers' });
    // One input event, so the pause the search reacts to is the one after the space.
    await box.fill('tunewave ');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('tunewave');
    // The title is set after the render that takes the new URL, where the box must keep its space.
    await expect.poll(() => page.title()).toMatch(/^“tunewave” — Catalog · /);
    expect(await box.inputValue()).toBe('tunewave ');
    await box.pressSequentially('fam', { delay: 30 });
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('tunewave fam');
    expect(await box.inputValue()).toBe('tunewave fam');
    await expect
      .poll(() => page.locator('.offer-card__title').allTextContents())
      .toEqual(['Tunewave Family — 12 months']);
    await context.close();
  });

  it('shows a loading skeleton while results are on their way', async () => {
    const { page, context } = await shop.newPage(PHONE);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/trpc\/.*catalog\.search/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/catalog?q=kinora');
    await expect.poll(() => page.getByTestId('catalog-skeleton').isVisible()).toBe(true);
    expect(await page.locator('.offer-card').count()).toBe(0);
    release();
    await expect.poll(() => page.locator('.catalog__count').textContent()).toBe('2 offers');
    expect(await page.getByTestId('catalog-skeleton').count()).toBe(0);
    await context.close();
  });

  it('opens a shared link with its filters and sort applied', async () => {
    const { page, context } = await shop.newPage(DESKTOP);
    await page.goto('/catalog?category=security&sort=price_asc&max=20');
    await expect.poll(() => page.locator('.catalog__count').textContent()).toBe('3 offers');
    expect(await titles(page)).toEqual([
      'Tunnelbee VPN — 1 month',
      'Shieldon Antivirus 1 device — 12 months',
      'Keyvault Password manager — 12 months',
    ]);
    expect(await page.getByLabel('Category').inputValue()).toBe('security');
    expect(await page.getByLabel('Sort by').inputValue()).toBe('price_asc');
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('says what is wrong with a price filter at the field and leaves it out of the results', async () => {
    const { page, context, errors } = await shop.newPage(PHONE);
    const shown = async (query: string) => {
      await page.goto(`/catalog?category=security&sort=price_asc${query}`);
      await expect.poll(() => page.locator('.catalog__count').textContent()).toMatch(/^\d+ offers?$/);
      return titles(page);
    };
    const everything = await shown('');
    const from20 = await shown('&min=20');
    expect(from20.length).toBeGreaterThan(0);
    expect(from20.length).toBeLessThan(everything.length);

    expect(await shown('&min=abc')).toEqual(everything);
    await page.getByText('Filters and sorting').click();
    expect(await page.getByRole('alert').allTextContents()).toEqual(['From: Enter an amount like 8.99']);
    expect(await page.getByLabel('From').getAttribute('aria-invalid')).toBe('true');

    // Only the lowest price applies: the contradiction is shown, not turned into "nothing found".
    expect(await shown('&min=20&max=10')).toEqual(from20);
    await page.getByText('Filters and sorting').click();
    expect(await page.getByRole('alert').allTextContents()).toEqual(['To: The highest price is below the lowest.']);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says a page past the end does not exist, instead of "no offers match", and links to the first page', async () => {
    const { page, context } = await shop.newPage(PHONE);
    await page.goto('/catalog?category=security&page=50');
    await page.getByRole('heading', { name: 'There is no page 50' }).waitFor();
    expect(await page.getByText('No offers match').count()).toBe(0);
    await page.getByRole('link', { name: 'Go to the first page' }).click();
    await expect.poll(() => titles(page).then((t) => t.length)).toBeGreaterThan(0);
    expect(new URL(page.url()).search).toBe('?category=security');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('suggests something when nothing matches, and shows close matches for a typo', async () => {
    const { page, context } = await shop.newPage(PHONE);
    await page.goto('/catalog?q=qqqqzz');
    await expect.poll(() => page.getByRole('heading', { name: 'No offers match “qqqqzz”' }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'VPN' }).click();
    await expect.poll(() => page.locator('.catalog__count').textContent()).toBe('2 offers');
    await page.goto('/catalog?q=streamyl');
    await expect
      .poll(() => page.locator('.catalog__count').textContent())
      .toMatch(/no exact match for “streamyl”, showing close matches/);
    expect((await titles(page))[0]).toMatch(/^Streamly/);
    await context.close();
  });

  for (const [name, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`opens an offer from the results at ${name} width: price, saving, rating and comments`, async () => {
      const { page, context, errors } = await shop.newPage(viewport);
      await page.goto('/catalog?q=streamly%20premium');
      await page.getByRole('link', { name: 'Streamly Premium — 1 month' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Streamly Premium — 1 month');
      expect(new URL(page.url()).pathname).toBe('/offers/streamly-premium-1-month');
      const price = await page.locator('.offer-page__price').textContent();
      expect(price).toContain('$8.99');
      expect(price).toContain('You save $7.00 (44%)');
      expect(await page.locator('.offer-page__rating').textContent()).toBe('★ 5.0 out of 5 · 1 rating');
      // The comments load as the reader scrolls down to them.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await expect
        .poll(() => page.locator('.comment__body').allTextContents())
        .toEqual(['Code arrived two minutes after my transfer was confirmed. Works perfectly.']);
      expect(await page.locator('.comment .badge--verified').textContent()).toBe('Verified purchase');
      expect(await page.locator('.comments').getByRole('link', { name: 'Log in' }).getAttribute('href')).toBe(
        '/login?next=%2Foffers%2Fstreamly-premium-1-month',
      );
      await expect
        .poll(() => page.locator('.offer-page__image').evaluate((img) => (img as HTMLImageElement).naturalWidth))
        .toBeGreaterThan(0);
      expect(await hasHorizontalScroll(page)).toBe(false);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('shows comment text as text, never as markup or links', async () => {
    const offer = await shop.db
      .selectFrom('offers')
      .select('id')
      .where('slug', '=', 'podlane-plus-12-months')
      .executeTakeFirstOrThrow();
    const author = await shop.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'client')
      .executeTakeFirstOrThrow();
    const body = '<img src=x onerror="document.title=1"> visit https://example.com';
    await writeComment(shop.db, { offer_id: offer.id, user_id: author.id, body });
    const { page, context } = await shop.newPage(DESKTOP);
    await page.goto('/offers/podlane-plus-12-months#comments');
    await expect.poll(() => page.locator('.comment__body').first().textContent()).toBe(body);
    expect(await page.locator('.comment__body img, .comment__body a').count()).toBe(0);
    expect(await page.title()).not.toBe('1');
    await context.close();
  });

  it('says an unknown or inactive offer is not available', async () => {
    // Its own withdrawn offer, so the demo catalog other tests count stays whole.
    const category = await shop.db.selectFrom('categories').select('id').orderBy('id').executeTakeFirstOrThrow();
    await shop.db
      .insertInto('offers')
      .values({
        category_id: category.id,
        slug: 'oldreel-classic-1-month',
        title: 'Oldreel Classic — 1 month',
        service_name: 'Oldreel',
        description: 'A plan that is no longer sold.',
        price_cents: 499,
        is_active: 0,
      })
      .execute();
    const { page, context } = await shop.newPage(PHONE);
    await page.goto('/offers/oldreel-classic-1-month');
    await expect.poll(() => page.getByRole('heading', { name: 'This offer is not available' }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Browse the catalog' }).click();
    // The 30 active demo offers, without the withdrawn one.
    await expect.poll(() => page.locator('.catalog__count').textContent()).toBe('30 offers');
    await page.goto('/offers/no-such-offer');
    await expect.poll(() => page.getByRole('heading', { name: 'This offer is not available' }).isVisible()).toBe(true);
    await context.close();
  });
});
