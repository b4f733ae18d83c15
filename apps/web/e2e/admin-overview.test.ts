// The admin overview in Chromium: an admin follows the "payments to verify" to-do to the desk queue,
// approves a payment, and back on the overview sees today's revenue grow, the offer whose codes ran
// low among the to-dos and in the bell; on a phone the same overview fits the screen.
import { randomBytes } from 'node:crypto';
import { rebuildStats } from '@damso/api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  hasHorizontalScroll,
  orderOfNewClient,
  PHONE,
  type Shop,
  seriousA11yViolations,
  startShop,
} from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

/** An offer delivered from stock with `codes` codes, alerting under `threshold`. */
async function automaticOffer(title: string, price: number, codes: number, threshold: number) {
  const category = await shop.db.selectFrom('categories').select('id').orderBy('id').executeTakeFirstOrThrow();
  const r = await shop.db
    .insertInto('offers')
    .values({
      slug: `overview-${randomBytes(4).toString('hex')}`,
      title,
      service_name: 'Overviewly',
      category_id: category.id,
      description: 'A plan for the overview test.',
      duration_days: null,
      price_cents: price,
      delivery_mode: 'automatic',
      low_stock_threshold: threshold,
    })
    .executeTakeFirstOrThrow();
  const id = Number(r.insertId);
  await shop.db
    .insertInto('offer_stock_codes')
    .values(
      Array.from({ length: codes }, (_, i) => {
        const code = `OVERVIEW-${id}-${i}-${randomBytes(3).toString('hex')}`;
        return {
          offer_id: id,
          code_ciphertext: shop.encryptor.encrypt(code),
          code_hash: shop.encryptor.fingerprint(code),
        };
      }),
    )
    .execute();
  return { id, title, price };
}

/** An order of a new client for the offer, its receipt uploaded and waiting to be checked. */
async function orderInReview(offer: { id: number }, email: string) {
  const number = await orderOfNewClient(shop.db, {
    email,
    fullName: 'Otto Overview',
    phone: '+14155550178',
    status: 'payment_review',
    offerId: offer.id,
  });
  // Written behind the app's back: the statistics rollups are rebuilt to count it, as at start.
  await rebuildStats(shop.db, new Date());
  return number;
}

const card = (page: Page, label: string) =>
  page.locator('.overview-card').filter({ has: page.getByRole('heading', { name: label, exact: true }) });
const cents = (text: string | null) => Math.round(Number((text ?? '').replace(/[^0-9.]/g, '')) * 100);

describe('admin overview', () => {
  it('the admin verifies a payment from the to-dos, then sees today’s revenue and the low stock (desktop)', async () => {
    const offer = await automaticOffer('Overview Stream Plus', 1299, 2, 5);
    const number = await orderInReview(offer, 'otto.desktop@example.test');
    const { page, context, errors } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin');
    const revenue = card(page, 'Revenue today').locator('.overview-card__value');
    await expect.poll(() => revenue.count()).toBe(1);
    const before = cents(await revenue.textContent());
    expect(await card(page, 'Revenue today').locator('.overview-change').textContent()).toMatch(
      /^(▲ new|▲ \d+%|▼ \d+%|=)(Up|Down|No change).* vs .+ yesterday until \d\d:\d\d UTC$/,
    );
    expect(await page.getByRole('table', { name: 'Recent orders' }).getByRole('link', { name: number }).count()).toBe(
      1,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await hasHorizontalScroll(page)).toBe(false);

    const todos = page.getByRole('region', { name: 'To do' });
    await todos.getByRole('link', { name: /payments? to verify$/ }).click();
    await page.waitForURL(/\/desk\/queue\/payment_review$/);
    await page.getByRole('link', { name: number }).click();
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await page.getByRole('button', { name: 'Approve payment' }).click();
    await expect.poll(() => page.getByRole('heading', { name: `Order ${number} Delivered` }).isVisible()).toBe(true);

    await page.goto('/admin');
    await expect.poll(async () => cents(await revenue.textContent())).toBe(before + offer.price);
    // Two codes, one sold: under the threshold of 5, so the offer is a to-do linking to its stock, and
    // the to-do opens the offers list filtered to those running low.
    await expect.poll(() => todos.getByRole('link', { name: offer.title }).count()).toBe(1);
    expect(await todos.getByText('1 code left (alert under 5)').count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await todos.getByRole('link', { name: /^\d+ offers? running low on codes$/ }).click();
    await page.waitForURL(/\/admin\/offers\?stock=low$/);
    await expect.poll(() => page.getByRole('link', { name: offer.title }).count()).toBe(1);
    expect(await page.getByText('1 code (low)').count()).toBe(1);
    expect(await page.getByLabel('Stock').inputValue()).toBe('low');

    // The bell says it too, and leads to the page where codes are added.
    const bell = page.getByRole('button', { name: /^Notifications, [1-9]\d* unread$/ });
    await bell.click();
    const notice = page.getByRole('link', { name: `Low stock: 1 code left for “${offer.title}”` });
    await expect.poll(() => notice.count()).toBe(1);
    await notice.click();
    await page.waitForURL(new RegExp(`/admin/offers/${offer.id}$`));
    await expect.poll(() => page.getByRole('heading', { name: 'Stock codes' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone, and its payments to-do opens the desk queue', async () => {
    const offer = await automaticOffer('Overview Phone Plan', 450, 10, 2);
    const number = await orderInReview(offer, 'otto.phone@example.test');
    const { page, context, errors } = await shop.newPage(PHONE);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin');
    await expect.poll(() => page.locator('.overview-card').count()).toBe(4);
    await expect.poll(() => page.getByRole('table', { name: 'Recent orders' }).isVisible()).toBe(true);
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page
      .getByRole('region', { name: 'To do' })
      .getByRole('link', { name: /payments? to verify$/ })
      .click();
    await page.waitForURL(/\/desk\/queue\/payment_review$/);
    await expect.poll(() => page.getByRole('link', { name: number }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
