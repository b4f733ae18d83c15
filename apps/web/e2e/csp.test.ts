// The shop runs under a strict Content-Security-Policy (no eval, no inline script): no page may trip
// it, not even with a probe a script catches, since each one is a violation report. And zxcvbn's
// dictionaries load only where a password is chosen, never with the shop's pages.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, type Shop, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

/** Visits each path, waits until its heading shows, and returns the violations the browser reported. */
async function violationsOn(page: Page, paths: string[]): Promise<string[]> {
  const seen: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    seen.push(
      ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).map((v) => `${path}: ${v}`),
    );
  }
  return seen;
}

async function watchedPage(email?: string) {
  const opened = await shop.newPage(DESKTOP);
  if (email) await shop.loginAs(opened.context, email);
  await opened.context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.sourceFile}`));
  });
  const scripts: string[] = [];
  opened.page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  return { ...opened, scripts };
}

describe('Content-Security-Policy', () => {
  it('no shop page reports a violation, and none loads the password dictionaries', async () => {
    const { page, context, scripts } = await watchedPage('client@damso.test');
    const offer = await shop.db
      .selectFrom('offers')
      .select('slug')
      .where('is_active', '=', 1)
      .executeTakeFirstOrThrow();
    expect(
      await violationsOn(page, ['/', '/catalog', `/offers/${offer.slug}`, '/cart', '/orders', '/account']),
    ).toEqual([]);
    // The profile page has the change-password form: typing a new password is what loads zxcvbn.
    expect(scripts.filter((s) => /password-strength/.test(s))).toEqual([]);
    await page.getByLabel('New password', { exact: true }).fill('Quiet-Orchard-55-Lamp');
    await expect.poll(() => page.getByText('Strength: Very strong').isVisible()).toBe(true);
    expect(scripts.filter((s) => /password-strength/.test(s))).toHaveLength(1);
    await context.close();
  });

  it('a visitor’s pages load no zxcvbn until a password is typed, and sign-up reports no violation either', async () => {
    const { page, context, scripts } = await watchedPage();
    expect(await violationsOn(page, ['/', '/catalog', '/login'])).toEqual([]);
    expect(scripts.filter((s) => /password-strength/.test(s))).toEqual([]);
    expect(await violationsOn(page, ['/signup'])).toEqual([]);
    // The form alone does not fetch the dictionaries: its hint says what makes a good password.
    await page.getByText('At least 10 characters.', { exact: false }).waitFor();
    expect(scripts.filter((s) => /password-strength/.test(s))).toEqual([]);
    await page.getByLabel('Password').fill('Password123!');
    await expect.poll(() => page.getByText('Strength: Weak').isVisible()).toBe(true);
    expect(scripts.filter((s) => /password-strength/.test(s))).toHaveLength(1);
    await page.getByLabel('Password').fill('Quiet-Orchard-55-Lamp');
    await expect.poll(() => page.getByText('Strength: Very strong').isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    await context.close();
  });

  it('the desk and the admin statistics report no violation', async () => {
    const employee = await watchedPage('employee@damso.test');
    expect(await violationsOn(employee.page, ['/desk'])).toEqual([]);
    await employee.context.close();
    const admin = await watchedPage('admin@damso.test');
    expect(await violationsOn(admin.page, ['/admin', '/admin/stats'])).toEqual([]);
    await admin.context.close();
  });
});
