// The staff layout on a phone and a desktop: the side menu becomes a drawer below 720 px (opened from
// the header, closed by Escape, a tap beside it or a navigation), the lists stay inside a 360 px screen,
// and the audit log tells what happened in the words the shop uses.
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

/** An order of a new client of its own, waiting for a staff member to check the receipt. */
const orderInReview = (email: string) =>
  orderOfNewClient(shop.db, { email, fullName: 'Rhea Review', phone: '+14155550177', status: 'payment_review' });

/** Where the page's own content begins, in CSS pixels from the top of the screen. */
const contentTop = async (page: Page) => (await page.getByRole('heading', { level: 1 }).boundingBox())?.y ?? Infinity;

const isFocused = (page: Page, name: string) =>
  page.getByRole('button', { name, exact: true }).evaluate((el) => el === document.activeElement);

describe('staff layout', () => {
  it('on a phone the admin works from a drawer menu, and the lists fit a 360 px screen', async () => {
    const number = await orderInReview('rhea.review@example.test');
    const { page, context, errors } = await shop.newPage(PHONE);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
    expect(await contentTop(page)).toBeLessThan(120);
    expect(await page.getByRole('navigation', { name: 'Admin console' }).count()).toBe(0);

    const menu = page.getByRole('button', { name: 'Menu', exact: true });
    const drawer = page.getByRole('dialog', { name: 'Admin console menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    await expect.poll(() => drawer.isVisible()).toBe(true);
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await menu.getAttribute('aria-controls')).toBe(await drawer.getAttribute('id'));
    expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Escape closes it and gives focus back to the button; so does a tap beside the drawer.
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.isVisible()).toBe(false);
    expect(await isFocused(page, 'Menu')).toBe(true);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    await expect.poll(() => drawer.isVisible()).toBe(true);
    await page.mouse.click(PHONE.width - 10, PHONE.height / 2);
    await expect.poll(() => drawer.isVisible()).toBe(false);
    expect(await isFocused(page, 'Menu')).toBe(true);

    // Following a link closes the drawer on the new page.
    await menu.click();
    await drawer.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(/\/admin\/users$/);
    await expect.poll(() => drawer.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => page.locator('.console-table tbody tr').count()).toBeGreaterThan(0);
    expect(await contentTop(page)).toBeLessThan(120);

    await page.setViewportSize({ width: 360, height: PHONE.height });
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await menu.click();
    await drawer.getByRole('link', { name: 'Orders', exact: true }).click();
    await page.waitForURL(/\/admin\/orders/);
    await expect.poll(() => page.getByRole('link', { name: number }).count()).toBe(1);
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The admin verifies the payment on the order's desk page, then goes back through the drawer's area links.
    await page.getByRole('link', { name: number }).click();
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await page.getByRole('button', { name: 'Approve payment' }).click();
    await expect.poll(() => page.getByRole('heading', { name: `Order ${number} Paid` }).isVisible()).toBe(true);
    const deskDrawer = page.getByRole('dialog', { name: 'Order desk menu' });
    await menu.click();
    await deskDrawer.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL(/\/admin$/);
    await menu.click();
    await drawer.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(/\/admin\/audit$/);
    await expect.poll(() => drawer.isVisible()).toBe(false);
    const newest = page.locator('.console-table tbody tr').first();
    await expect.poll(() => newest.textContent()).toContain('Payment verified');
    expect(await newest.locator('.diff li').allTextContents()).toEqual([
      'Order status changed from Payment in review to Paid',
    ]);
    expect(await newest.textContent()).not.toMatch(/payment_review|order\.approve/);
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a desktop the side menu stays, and a price change reads as a sentence in the audit log', async () => {
    const offer = await shop.db
      .selectFrom('offers')
      .select(['id', 'price_cents'])
      .where('is_active', '=', 1)
      .where('price_cents', '>', 800)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const { page, context, errors } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto(`/admin/offers/${offer.id}`);
    await expect.poll(() => page.getByLabel('Price', { exact: true }).inputValue()).not.toBe('');
    expect(await page.getByRole('button', { name: 'Menu', exact: true }).count()).toBe(0);
    const menu = page.getByRole('navigation', { name: 'Admin console' });
    expect(await menu.isVisible()).toBe(true);
    await page.getByLabel('Price', { exact: true }).fill('7.99');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByText('Offer saved.').isVisible()).toBe(true);

    await menu.getByRole('link', { name: 'Audit log' }).click();
    const newest = page.locator('.console-table tbody tr').first();
    await expect.poll(() => newest.textContent()).toContain('Offer edited');
    const was = `$${(offer.price_cents / 100).toFixed(2)}`;
    expect(await newest.locator('.diff li').allTextContents()).toContain(`Offer price changed from ${was} to $7.99`);
    expect(await newest.textContent()).not.toContain('price_cents');
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
