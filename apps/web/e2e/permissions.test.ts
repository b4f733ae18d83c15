// The role → permission table is the only truth: with a copy that also grants `admin:offers` to
// employees, an employee sees exactly the admin sections that permission opens (menu, pages and the
// procedures behind them) and nothing else. No page or menu decides from a role name.
import { ADMIN_SECTIONS, PERMISSIONS, type PermissionTable } from '@damso/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, type Shop, startShop } from './harness.ts';

const granted: PermissionTable = { ...PERMISSIONS, 'admin:offers': ['employee', 'admin'] };
let shop: Shop;
beforeAll(async () => {
  shop = await startShop({ permissions: granted });
});
afterAll(() => shop?.close());

describe('a permission granted in the table', () => {
  it('opens to employees exactly the admin sections it names: menu entries, pages and their data', async () => {
    const { page, context, errors } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'employee@damso.test');
    await page.goto('/');
    const areas = page.getByRole('navigation', { name: 'Areas' });
    await expect.poll(() => areas.getByRole('link').allTextContents()).toEqual(['Shop', 'Order desk', 'Admin']);

    await page.goto('/admin');
    const menu = page.getByRole('navigation', { name: 'Admin console' });
    await expect
      .poll(() => menu.getByRole('link').allTextContents())
      .toEqual(['Overview', ...ADMIN_SECTIONS.filter((s) => s.permission === 'admin:offers').map((s) => s.label)]);

    // A granted section loads its data from the server, which applies the same table.
    await page.goto('/admin/offers');
    await expect.poll(() => page.getByRole('heading', { name: 'Offers', level: 1 }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(1);

    // Every other section stays closed, typed address or not.
    for (const section of ADMIN_SECTIONS.filter((s) => s.permission !== 'admin:offers')) {
      await page.goto(section.path);
      await expect
        .poll(() => page.getByRole('heading', { name: 'This page is not open to your account' }).isVisible())
        .toBe(true);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('leaves the other roles as the table says: a client still has no admin area', async () => {
    const { page, context } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'client@damso.test');
    await page.goto('/admin/offers');
    await expect.poll(() => page.getByRole('heading', { name: 'This area is for staff' }).isVisible()).toBe(true);
    await context.close();
  });
});
