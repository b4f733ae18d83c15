// The installable app: the manifest and its icons, the service worker and its offline page, and the
// opt-in for web push in the account settings. Headless Chromium has no push service, so a real
// subscription is proven on the server side (packages/api/src/services/notifications/push.test.ts);
// here the switch is shown, asks the browser, and says so when the browser cannot subscribe.
import { createTestUser } from '@damso/api/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, type Shop, seriousA11yViolations, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

async function controlledPage(viewport: { width: number; height: number }) {
  const opened = await shop.newPage(viewport);
  await opened.page.goto('/');
  // The worker is registered after the load event, keeps the shell, then takes the page over.
  await opened.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  expect(await opened.page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${shop.url}/sw.js`);
  return opened;
}

async function signedIn(page: Page, context: Parameters<Shop['loginAs']>[0]) {
  const client = await createTestUser(shop.db);
  await shop.loginAs(context, client.email);
  await page.goto('/account');
  await page.getByRole('heading', { name: 'Your account' }).waitFor();
}

describe('installable app', () => {
  it('links a valid manifest with 192 and 512 px icons, plain and maskable, in the brand colour', async () => {
    const { page, context } = await shop.newPage(DESKTOP);
    const home = await page.goto('/');
    expect(home?.headers()['content-security-policy']).toMatch(/worker-src 'self'/);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const themeColor = await page.locator('meta[name="theme-color"]').getAttribute('content');

    const res = await page.request.get(href ?? '');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    expect(res.headers()['cache-control']).toBe('no-cache');
    const manifest = await res.json();
    expect(manifest).toMatchObject({
      name: 'Damso Stream',
      short_name: expect.any(String),
      start_url: '/',
      display: 'standalone',
      theme_color: themeColor,
      background_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
    });
    expect(themeColor).toMatch(/^#[0-9a-f]{6}$/i);

    const icons: string[] = [];
    for (const icon of manifest.icons as Array<{ src: string; sizes: string; type: string; purpose: string }>) {
      const file = await page.request.get(icon.src);
      expect(file.headers()['content-type']).toBe('image/png');
      expect(pngSize(await file.body())).toBe(icon.sizes);
      icons.push(`${icon.sizes} ${icon.purpose}`);
    }
    expect(icons.sort()).toEqual(['192x192 any', '192x192 maskable', '512x512 any', '512x512 maskable']);

    const worker = await page.request.get('/sw.js');
    expect(worker.headers()['content-type']).toMatch(/^(text|application)\/javascript/);
    // A cached worker would keep an old shell after a deploy.
    expect(worker.headers()['cache-control']).toBe('no-cache');
    await context.close();
  });

  for (const [name, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`registers the service worker and shows the offline page when the network is gone (${name})`, async () => {
      const { page, context, errors } = await controlledPage(viewport);
      await context.setOffline(true);
      await page.goto('/orders');
      await page.getByRole('heading', { name: 'You are offline' }).waitFor();
      // Styled by the kept stylesheet, and the address is still the one asked for, so "Try again" works.
      expect(new URL(page.url()).pathname).toBe('/orders');
      const button = page.getByRole('button', { name: 'Try again' });
      expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

      // Back online, the same button loads the real page.
      await context.setOffline(false);
      await button.click();
      await page.getByRole('heading', { name: 'You are offline' }).waitFor({ state: 'detached' });
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      expect(errors.filter((e) => !/net::ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e))).toEqual([]);
      await context.close();
    });
  }

  it('never answers the API from the worker’s cache', async () => {
    const { page, context } = await controlledPage(DESKTOP);
    const keys = await page.evaluate(async () => {
      const names = await caches.keys();
      const urls = await Promise.all(
        names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname)),
      );
      return urls.flat();
    });
    expect(keys).toContain('/offline.html');
    expect(keys.filter((k) => k.startsWith('/trpc') || k.startsWith('/api') || k.startsWith('/uploads'))).toEqual([]);
    await context.setOffline(true);
    const answer = await page.evaluate(() =>
      fetch('/trpc/system.bootstrap').then(
        (r) => r.status,
        () => 'network error',
      ),
    );
    expect(answer).toBe('network error');
    await context.close();
  });

  for (const [name, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`offers the push opt-in in the account settings and asks the browser when it is switched on (${name})`, async () => {
      const { page, context } = await controlledPage(viewport);
      await context.grantPermissions(['notifications'], { origin: shop.url });
      await signedIn(page, context);
      const toggle = page.getByRole('switch', { name: 'Send notifications to this device' });
      await expect.poll(() => toggle.isEnabled()).toBe(true);
      expect(await toggle.isChecked()).toBe(false);
      expect(await seriousA11yViolations(page)).toEqual([]);

      await toggle.check({ force: true }).catch(() => undefined);
      // Headless Chromium has no push service: the subscription fails and the page says so, switch off.
      const outcome = page
        .getByText('This browser could not turn notifications on.')
        .or(page.getByText('Notifications are on for this device.'));
      await outcome.first().waitFor();
      const subscribed = await shop.db.selectFrom('push_subscriptions').select('endpoint').execute();
      expect(await toggle.isChecked()).toBe(subscribed.length > 0);
      await context.close();
    });
  }

  it('shows no opt-in where the browser has no web push', async () => {
    const { page, context } = await shop.newPage(DESKTOP);
    await context.addInitScript(() => {
      delete (window as { PushManager?: unknown }).PushManager;
    });
    await signedIn(page, context);
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Notifications on this device' }).count()).toBe(0);
    await context.close();
  });
});
