// The database stops while a client is using the shop in Chromium: the page says "we'll be right
// back", a form that could not be saved says so and keeps what was typed, a page opened meanwhile
// appears by itself, and once the database is back everything works without a reload.
import { createDb, migrateToLatest } from '@damso/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScratchDatabase, startScratchDatabase } from '../../../scripts/lib/scratch-db.ts';
import { DESKTOP, type Shop, startShop } from './harness.ts';

let scratch: ScratchDatabase;
let shop: Shop;
beforeAll(async () => {
  // A database server of this file's own: this test stops it.
  scratch = await startScratchDatabase();
  const db = createDb(scratch.url);
  await migrateToLatest(db);
  shop = await startShop({ database: { db, url: scratch.url, name: 'damso', drop: () => db.destroy() } });
});
afterAll(async () => {
  await shop?.close();
  await scratch?.destroy();
});

/** Failed requests are what this test provokes; anything else in the console is a defect. */
const unexpected = (errors: string[]) =>
  errors.filter((e) => !/^Failed to load resource: the server responded with a status of 503\b/.test(e));

describe('the database goes away while a client uses the shop', () => {
  it('keeps the typed form, says when it cannot save, comes back by itself and saves', async () => {
    const { page, context, errors } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'client@damso.test');
    await page.goto('/account');
    const name = page.getByLabel('Full name');
    await expect.poll(() => name.inputValue()).toBe('Chloe Client');
    await name.fill('Chloe Outage-Proof');

    await scratch.stop();
    await page.getByRole('button', { name: 'Save details' }).click();
    const banner = page.locator('.outage-banner');
    await expect.poll(() => banner.textContent()).toContain('We’ll be right back.');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^We’ll be right back: the shop cannot reach its database for a moment\. Nothing you typed is lost\./);
    expect(await name.inputValue()).toBe('Chloe Outage-Proof');

    // A page opened during the outage waits, and appears once the database is back.
    const other = await context.newPage();
    await other.goto('/orders');
    await expect.poll(() => other.locator('.outage-banner').count()).toBe(1);

    await scratch.start();
    await expect.poll(() => banner.count()).toBe(0);
    await expect.poll(() => other.getByRole('heading', { level: 1 }).textContent()).toMatch(/orders/i);
    await expect.poll(() => other.locator('.outage-banner').count()).toBe(0);

    expect(await name.inputValue()).toBe('Chloe Outage-Proof');
    await page.getByRole('button', { name: 'Save details' }).click();
    await expect.poll(() => page.getByText('Your details are saved.').count()).toBe(1);
    const saved = await shop.db
      .selectFrom('users')
      .select('full_name')
      .where('email', '=', 'client@damso.test')
      .executeTakeFirstOrThrow();
    expect(saved.full_name).toBe('Chloe Outage-Proof');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
});
