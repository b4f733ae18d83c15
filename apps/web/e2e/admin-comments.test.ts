// The moderation queue in Chromium: "Dismiss reports" keeps a reported comment in the shop and takes it
// off the Reported tab and the overview's to-do, for one comment (desktop) and several at once (phone).
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  hasHorizontalScroll,
  PHONE,
  type Shop,
  seriousA11yViolations,
  startShop,
  toastShown,
  writeComment,
} from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

const tag = () => randomBytes(3).toString('hex');

/** Reported comments by the demo client on the first offer, `word` in each body. */
async function reportedComments(word: string, count: number) {
  const offer = await shop.db.selectFrom('offers').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow();
  const author = await shop.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'client@damso.test')
    .executeTakeFirstOrThrow();
  for (let n = 1; n <= count; n++) {
    await writeComment(shop.db, {
      offer_id: offer.id,
      user_id: author.id,
      body: `${word} number ${n}`,
      report_count: 40 + n,
    });
  }
  return offer;
}

/** The overview's to-do line as the admin reads it. */
async function moderateTodo(page: Page) {
  await page.goto('/admin');
  await page.getByRole('heading', { name: 'To do' }).waitFor();
  const link = page.getByRole('link', { name: /reported comments? to moderate/ });
  return (await link.count()) === 0 ? '' : ((await link.textContent()) ?? '');
}

describe('admin comments', () => {
  it('dismisses the reports on one comment: it stays in the shop and leaves the to-do (desktop)', async () => {
    const word = `Oddbutfine${tag()}`;
    const offer = await reportedComments(word, 1);
    const { page, context, errors } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'admin@damso.test');
    const before = await moderateTodo(page);
    const countBefore = Number.parseInt(before, 10);
    expect(countBefore).toBeGreaterThan(0);
    await page.getByRole('link', { name: /reported comments? to moderate/ }).click();
    const mine = page.locator('.moderation-list > li', { hasText: word });
    await expect.poll(() => mine.count()).toBe(1);
    expect(await mine.textContent()).toContain('Reported 41×');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await mine.getByRole('button', { name: 'Dismiss reports' }).click();
    await toastShown(page, 'Reports dismissed. The comment stays as it was.');
    await expect.poll(() => mine.count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Still listed as a shown comment under Newest, no longer flagged.
    await page.getByRole('link', { name: 'Newest' }).click();
    const shown = page.locator('.moderation-list > li', { hasText: word });
    await expect.poll(() => shown.count()).toBe(1);
    expect(await shown.textContent()).not.toContain('Reported');
    expect(await shown.textContent()).not.toContain('Hidden');
    const left = countBefore - 1;
    expect(await moderateTodo(page)).toBe(
      left === 0 ? '' : `${left} ${left === 1 ? 'reported comment' : 'reported comments'} to moderate`,
    );
    // The shop still shows it on the offer page.
    await page.goto(`/offers/${offer.slug}#comments`);
    await expect.poll(() => page.getByText(`${word} number 1`).count()).toBe(1);
    // The audit log says it in words.
    await page.goto('/admin/audit');
    await expect.poll(() => page.getByText('Reports on a comment dismissed').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('dismisses the reports on several comments at once from the bulk bar (phone)', async () => {
    const word = `Notspam${tag()}`;
    await reportedComments(word, 2);
    const { page, context, errors } = await shop.newPage(PHONE);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin/comments?tab=reported');
    const mine = page.locator('.moderation-list > li', { hasText: word });
    await expect.poll(() => mine.count()).toBe(2);
    for (const box of await mine.getByRole('checkbox').all()) await box.check();
    await expect.poll(() => page.locator('.bulk-bar__count').textContent()).toBe('2 selected');
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.locator('.bulk-bar').getByRole('button', { name: 'Dismiss reports' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dismiss the reports on these 2 comments?' });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Dismiss reports' }).click();
    await toastShown(page, '2 comments cleared of reports.');
    await expect.poll(() => mine.count()).toBe(0);
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    const rows = await shop.db
      .selectFrom('comments')
      .select(['report_count', 'hidden_at'])
      .where('body', 'like', `${word}%`)
      .execute();
    expect(rows).toEqual([
      { report_count: 0, hidden_at: null },
      { report_count: 0, hidden_at: null },
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
