// The statistics page in Chromium: an admin picks a range and reads the figures of orders placed in it
// (desktop, with the CSV download), and the same page fits a phone. Orders sit in March 2025, away from
// the demo data, so every figure on screen is known.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { rebuildStats } from '@damso/api';
import { orderClient } from '@damso/db';
import { defaultStatsRange } from '@damso/validators';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, hasHorizontalScroll, PHONE, type Shop, seriousA11yViolations, startShop } from './harness.ts';

let shop: Shop;
let topTitle: string;
beforeAll(async () => {
  shop = await startShop();
  const client = await shop.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'client@damso.test')
    .executeTakeFirstOrThrow();
  const [a, b] = await shop.db
    .selectFrom('offers')
    .select(['id', 'title', 'service_name', 'delivery_mode'])
    .orderBy('id')
    .limit(2)
    .execute();
  if (!a || !b) throw new Error('The demo catalog has fewer than two offers');
  topTitle = a.title;
  const clientColumns = await orderClient(shop.db, client.id);
  const order = async (
    status: 'delivered' | 'paid' | 'refunded' | 'cancelled',
    offer: typeof a,
    cents: number,
    quantity: number,
    created: string,
    paid: string | null,
    delivered: string | null,
  ) => {
    const r = await shop.db
      .insertInto('orders')
      .values({
        user_id: client.id,
        ...clientColumns,
        status,
        subtotal_cents: cents * quantity,
        total_cents: cents * quantity,
        idempotency_key: randomBytes(12).toString('hex'),
        created_at: new Date(created),
        paid_at: paid ? new Date(paid) : null,
        delivered_at: delivered ? new Date(delivered) : null,
      })
      .executeTakeFirstOrThrow();
    await shop.db
      .insertInto('order_items')
      .values({
        order_id: Number(r.insertId),
        offer_id: offer.id,
        title: offer.title,
        service_name: offer.service_name,
        unit_price_cents: cents,
        quantity,
        delivery_mode: offer.delivery_mode,
      })
      .execute();
  };
  // Revenue 40.00 + 12.50 = 52.50 over two paid orders; delivery took 20 and 40 minutes (30 on average).
  await order('delivered', a, 2000, 2, '2025-03-03T09:00:00Z', '2025-03-03T09:10:00Z', '2025-03-03T09:30:00Z');
  await order('delivered', b, 1250, 1, '2025-03-04T09:00:00Z', '2025-03-04T10:00:00Z', '2025-03-04T10:40:00Z');
  await order('refunded', b, 9900, 1, '2025-03-05T09:00:00Z', '2025-03-05T09:10:00Z', null);
  await order('cancelled', b, 9900, 1, '2025-03-06T09:00:00Z', null, null);
  await shop.db
    .insertInto('users')
    .values({
      email: 'march.client@damso.test',
      full_name: 'March Client',
      phone: '+14155550199',
      password_hash: 'not-a-real-hash',
      created_at: new Date('2025-03-04T12:00:00Z'),
    })
    .execute();
  // Written behind the app's back like a restore: the statistics rollups are rebuilt from them, as the
  // server does at start or `npm run stats:rebuild` does.
  await rebuildStats(shop.db, new Date());
});
afterAll(() => shop?.close());

const tile = (page: Awaited<ReturnType<Shop['newPage']>>['page'], name: string) =>
  page
    .locator('.stats-tiles > div')
    .filter({ has: page.getByText(name, { exact: true }) })
    .locator('dd');

/**
 * Waits for the page to write its default range into the URL and returns it. It must be the last 30 days
 * by the server's clock, which this process shares; `before` allows for a midnight passing meanwhile.
 */
async function defaultRangeShown(page: Page, before: { from: string; to: string }) {
  await expect.poll(() => new URL(page.url()).searchParams.has('to')).toBe(true);
  const shown = Object.fromEntries(new URL(page.url()).searchParams);
  expect([before, defaultStatsRange(new Date())]).toContainEqual(shown);
  return shown as { from: string; to: string };
}

describe('admin statistics', () => {
  it('an admin narrows the range, reads the figures and downloads the revenue CSV (desktop)', async () => {
    const { page, context, errors } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin');
    const before = defaultStatsRange(new Date());
    await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Statistics' }).click();
    const last30 = await defaultRangeShown(page, before);
    await expect.poll(() => tile(page, 'Revenue').count()).toBe(1);

    // Moving the end before the start is refused on the field, then a valid March range is shown.
    await page.getByLabel('To (UTC)').fill('2025-03-31');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('The end date must be on or after the start date');
    await page.getByLabel('From (UTC)').fill('2025-03-01');
    await expect.poll(() => new URL(page.url()).search).toBe('?from=2025-03-01&to=2025-03-31');
    await expect.poll(() => tile(page, 'Revenue').textContent()).toBe('$52.50');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await tile(page, 'Paid orders').textContent()).toBe('2');
    expect(await tile(page, 'New clients').textContent()).toBe('1');
    expect(await tile(page, 'Payment to delivery').textContent()).toBe('30 min average');
    expect(await page.locator('.stats-top tbody tr').first().locator('td').allTextContents()).toEqual([
      topTitle,
      '2',
      '$40.00',
    ]);

    // The chart's table: 4 March shows the second paid order; the refunded one on 5 March counts nothing.
    await page.getByText('Revenue per day: table').click();
    const daily = page.getByRole('table', { name: 'Revenue per day' });
    expect(
      await daily
        .getByRole('row', { name: /2025-03-04/ })
        .locator('td')
        .allTextContents(),
    ).toEqual(['2025-03-04', '1', '$12.50']);
    expect(
      await daily
        .getByRole('row', { name: /2025-03-05/ })
        .locator('td')
        .allTextContents(),
    ).toEqual(['2025-03-05', '0', '$0.00']);
    await page.getByText('Orders created, by status: table').click();
    const statuses = page.getByRole('table', { name: 'Orders created, by status' });
    expect(
      await statuses
        .getByRole('row', { name: /Cancelled/ })
        .locator('td')
        .allTextContents(),
    ).toEqual(['Cancelled', '1']);
    // The charts draw once their containers are measured, which can lag behind the figures.
    await expect.poll(() => page.locator('.stats-chart svg').count()).toBe(4);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await hasHorizontalScroll(page)).toBe(false);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download revenue CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('revenue-2025-03-01-to-2025-03-31.csv');
    const lines = (await readFile(await download.path(), 'utf8')).split('\r\n');
    expect(lines.slice(0, 5)).toEqual([
      'date,paid_orders,revenue,currency',
      '2025-03-01,0,0.00,USD',
      '2025-03-02,0,0.00,USD',
      '2025-03-03,1,40.00,USD',
      '2025-03-04,1,12.50,USD',
    ]);
    expect(lines).toHaveLength(33);

    // Back returns to the previous range: the range lives in the browser history.
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(last30.from);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fills a bare address with the last 30 days by the server’s clock, not the device’s', async () => {
    const { page, context, errors } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'admin@damso.test');
    // This device's clock is 500 days behind the server's.
    await context.clock.setSystemTime(Date.now() - 500 * 86_400_000);
    await page.goto('/admin');
    expect(await page.evaluate(() => Date.now())).toBeLessThan(Date.now() - 499 * 86_400_000);
    const before = defaultStatsRange(new Date());
    await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Statistics' }).click();
    await defaultRangeShown(page, before);
    await expect.poll(() => tile(page, 'Revenue').count()).toBe(1);
    // The range replaced the bare address, so Back leaves the page instead of landing on it again.
    await page.goBack();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone: tiles, charts and tables without sideways scroll', async () => {
    const { page, context, errors } = await shop.newPage(PHONE);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin/stats?from=2025-03-01&to=2025-03-31');
    await expect.poll(() => tile(page, 'Revenue').textContent()).toBe('$52.50');
    expect(await tile(page, 'Payment to delivery').textContent()).toBe('30 min average');
    await page.getByText('Revenue per day: table').click();
    expect(await page.getByRole('table', { name: 'Revenue per day' }).getByRole('row').count()).toBe(32);
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('From (UTC)').fill('2025-03-04');
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe('2025-03-04');
    await expect.poll(() => tile(page, 'Revenue').textContent()).toBe('$12.50');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the chart library out of the shop: only the statistics page loads it', async () => {
    const { page, context } = await shop.newPage(DESKTOP);
    const scripts: Array<Promise<string>> = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) scripts.push(r.text());
    });
    const chartCode = async () => (await Promise.all(scripts.splice(0))).some((js) => js.includes('recharts-wrapper'));
    await page.goto('/');
    await page.getByRole('link', { name: 'Damso Stream' }).first().waitFor();
    expect(await chartCode()).toBe(false);

    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin/stats?from=2025-03-01&to=2025-03-31');
    await expect.poll(() => tile(page, 'Revenue').textContent()).toBe('$52.50');
    expect(await chartCode()).toBe(true);
    await context.close();
  });
});
