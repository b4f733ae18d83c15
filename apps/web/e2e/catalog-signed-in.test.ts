// Signed-in journeys in Chromium: a client comments and rates an offer they received; an admin
// creates an offer with an uploaded image and finds it in the shop; the admin hides a comment.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeTestImages } from '@damso/api/testing';
import { orderClient } from '@damso/db';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, hasHorizontalScroll, PHONE, type Shop, seriousA11yViolations, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

async function signIn(context: BrowserContext, email: string) {
  await shop.loginAs(context, email);
  return (await shop.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

describe('signed in', () => {
  it('the admin offer list works at phone width with stock levels, without sideways scroll', async () => {
    const { page, context, errors } = await shop.newPage(PHONE);
    await signIn(context, 'admin@damso.test');
    await page.goto('/admin/offers?q=tunnelbee');
    await expect.poll(() => page.locator('.admin-table tbody tr').count()).toBe(2);
    // The harness seeds no stock codes, so both automatic offers are flagged as low on stock.
    expect(await page.locator('.admin-table .stock--low').allTextContents()).toEqual([
      '0 codes (low)',
      '0 codes (low)',
    ]);
    expect(await hasHorizontalScroll(page)).toBe(false);
    // Each offer is a card with every value under its column's name, not a table to scroll sideways.
    const table = page.locator('.table-wrap');
    expect(await table.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await page.locator('.admin-table tbody tr').first().locator('td[data-label="Price"]').isVisible()).toBe(
      true,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a client who received an offer comments and rates it at phone width, then edits the comment', async () => {
    const { page, context, errors } = await shop.newPage(PHONE);
    const clientId = await signIn(context, 'client@damso.test');
    const offer = await shop.db
      .selectFrom('offers')
      .select(['id', 'title'])
      .where('slug', '=', 'tunewave-duo-3-months')
      .executeTakeFirstOrThrow();
    const order = await shop.db
      .insertInto('orders')
      .values({
        user_id: clientId,
        ...(await orderClient(shop.db, clientId)),
        status: 'delivered',
        subtotal_cents: 1499,
        total_cents: 1499,
        idempotency_key: 'e2e-rating',
      })
      .executeTakeFirstOrThrow();
    await shop.db
      .insertInto('order_items')
      .values({
        order_id: Number(order.insertId),
        offer_id: offer.id,
        title: offer.title,
        service_name: 'Tunewave',
        unit_price_cents: 1499,
        quantity: 1,
        delivery_mode: 'automatic',
      })
      .execute();

    await page.goto('/offers/tunewave-duo-3-months#comments');
    const body = page.getByLabel('Your comment');
    await body.fill('x');
    await expect
      .poll(() => page.locator('.comment-form .field__error').first().textContent())
      .toBe('Write at least 2 characters');
    await body.fill('Family sharing worked on both phones.\nhttps://example.com stays plain text.');
    await page.getByLabel('Your rating (optional)').selectOption('4');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect
      .poll(() => page.locator('.comment__body').first().textContent())
      .toBe('Family sharing worked on both phones.\nhttps://example.com stays plain text.');
    expect(await page.locator('.comment').first().locator('.badge--verified').textContent()).toBe('Verified purchase');
    expect(await page.locator('.comment a').count()).toBe(0);
    await expect.poll(() => page.locator('.offer-page__rating').textContent()).toBe('★ 4.0 out of 5 · 1 rating');
    // One rating per client: the form no longer offers a second one.
    expect(await page.getByLabel('Your rating (optional)').count()).toBe(0);

    await page.locator('.comment').first().getByRole('button', { name: 'Edit' }).click();
    await page.locator('.comment').first().getByLabel('Your rating (optional)').selectOption('5');
    await page.locator('.comment').first().getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.offer-page__rating').textContent()).toBe('★ 5.0 out of 5 · 1 rating');
    // The comment list is reloaded apart from the offer's rating, so it may arrive after it.
    await expect.poll(() => page.locator('.comment time').first().textContent()).toMatch(/edited$/);
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an admin creates an offer with an uploaded image, refused files explained, and it appears in the shop', async () => {
    const files = await writeTestImages(await mkdtemp(path.join(tmpdir(), 'damso-e2e-pick-')));
    const { page, context, errors } = await shop.newPage(DESKTOP);
    await signIn(context, 'admin@damso.test');
    await page.goto('/admin/offers');
    await page.getByRole('link', { name: 'New offer' }).click();
    await page.getByRole('button', { name: 'Create offer' }).click();
    await expect.poll(() => page.getByText('Title needs at least 3 characters').isVisible()).toBe(true);

    await page.getByLabel('Title').fill('Glowlane Premium — 1 month');
    await page.getByLabel('Service (brand) name').fill('Glowlane');
    await page.getByLabel('Category').selectOption({ label: 'Streaming video' });
    await page.getByLabel('Price', { exact: true }).fill('6.49');
    await page.getByLabel('Compare-at price (optional)').fill('5');
    await expect
      .poll(() => page.getByText('The compare-at price must be higher than the price').isVisible())
      .toBe(true);
    await page.getByLabel('Compare-at price (optional)').fill('12.99');
    await page.getByLabel('Description').fill('Films and series in 4K on every screen of the house.');
    const picker = page.getByLabel('Image (JPEG, PNG or WebP, at most 5 MB)');
    await picker.setInputFiles(files.svgWithScript);
    await expect
      .poll(() => page.locator('.image-field [role=alert]').textContent())
      .toBe('SVG images are not accepted. Upload a JPEG, PNG or WebP image.');
    await picker.setInputFiles(files.validPng);
    await expect.poll(() => page.locator('.image-field img').count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create offer' }).click();
    await expect
      .poll(() =>
        page
          .getByRole('region', { name: 'Messages' })
          .getByText('Offer created. It is in the shop if active.')
          .isVisible(),
      )
      .toBe(true);

    await page.goto('/catalog?q=glowlane');
    await expect
      .poll(() => page.locator('.offer-card__title').allTextContents())
      .toEqual(['Glowlane Premium — 1 month']);
    await expect
      .poll(() => page.locator('.offer-card img').evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    const audit = await shop.db.selectFrom('audit_log').select('action').where('action', '=', 'offer.create').execute();
    expect(audit).toHaveLength(1);

    // Opened again straight from its address, the form shows the offer's category, not "Choose…".
    const created = await shop.db
      .selectFrom('offers')
      .select('id')
      .where('title', '=', 'Glowlane Premium — 1 month')
      .executeTakeFirstOrThrow();
    await page.goto(`/admin/offers/${created.id}`);
    await expect
      .poll(() => page.getByLabel('Category').evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text))
      .toBe('Streaming video');
    expect(errors.filter((e) => !/status of 415/.test(e))).toEqual([]);
    await context.close();
  });

  it('an admin hides a comment: clients no longer see it, the admin sees it marked', async () => {
    const { page, context } = await shop.newPage(DESKTOP);
    await signIn(context, 'admin@damso.test');
    await page.goto('/admin/comments');
    await expect.poll(() => page.locator('.moderation-list .comment').count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    const item = page.locator('.moderation-list .comment', { hasText: 'Great price for a month of music' });
    await item.getByRole('button', { name: 'Hide' }).click();
    await expect.poll(() => item.locator('.badge--hidden').first().textContent()).toBe('Hidden');
    await page.goto('/offers/tunewave-individual-1-month#comments');
    await expect.poll(() => page.locator('.comment--hidden .badge--hidden').textContent()).toBe('Hidden from clients');
    expect(await page.locator('.offer-page__rating').textContent()).toBe('No ratings yet');
    await context.close();

    const visitor = await shop.newPage(PHONE);
    await visitor.page.goto('/offers/tunewave-individual-1-month#comments');
    await expect.poll(() => visitor.page.getByText('No comments yet.').isVisible()).toBe(true);
    await visitor.context.close();
  });
});
