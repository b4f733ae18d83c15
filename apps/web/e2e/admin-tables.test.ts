// The admin's tables in Chromium: bulk actions on offers and reported comments, the orders CSV with
// the list's date range, and sorting users, offers and orders. Each test makes its own rows, under a
// tag no other uses.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { orderClient } from '@damso/db';
import { sql } from 'kysely';
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

/**
 * A client and their paid orders, one item each, placed at the given times (in this order, so ids grow
 * with the time as in the shop); numbered `<prefix><tag>`. Returns the order numbers.
 */
async function clientWithPaidOrders(
  client: { email: string; fullName: string },
  prefix: string,
  orders: ReadonlyArray<{ placedAt: Date; cents: number }>,
): Promise<string[]> {
  const user = await shop.db
    .insertInto('users')
    .values({
      email: client.email,
      full_name: client.fullName,
      phone: '+14155550199',
      password_hash: 'not-a-real-hash',
    })
    .executeTakeFirstOrThrow();
  const offer = await shop.db.selectFrom('offers').select(['id', 'title']).orderBy('id').executeTakeFirstOrThrow();
  const clientColumns = await orderClient(shop.db, Number(user.insertId));
  const numbers: string[] = [];
  for (const { placedAt, cents } of orders) {
    const number = `${prefix}${tag().toUpperCase()}`;
    numbers.push(number);
    const r = await shop.db
      .insertInto('orders')
      .values({
        user_id: Number(user.insertId),
        ...clientColumns,
        number,
        status: 'paid',
        subtotal_cents: cents,
        total_cents: cents,
        idempotency_key: randomBytes(12).toString('hex'),
        created_at: placedAt,
      })
      .executeTakeFirstOrThrow();
    await shop.db
      .insertInto('order_items')
      .values({
        order_id: Number(r.insertId),
        offer_id: offer.id,
        title: offer.title,
        service_name: 'Test',
        unit_price_cents: cents,
        quantity: 1,
        delivery_mode: 'manual',
      })
      .execute();
  }
  return numbers;
}

/** Two shown offers of a brand only this test uses, counted in their category as the app counts them. */
async function twoOffers(brand: string) {
  const category = await shop.db.selectFrom('categories').select('id').orderBy('id').executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const n of [1, 2]) {
    const r = await shop.db
      .insertInto('offers')
      .values({
        slug: `${brand.toLowerCase()}-${n}`,
        title: `${brand} Plan ${n}`,
        service_name: brand,
        category_id: category.id,
        description: 'An offer made by the admin tables test.',
        price_cents: 500 * n,
        is_active: 1,
      })
      .executeTakeFirstOrThrow();
    ids.push(Number(r.insertId));
  }
  await sql`UPDATE categories SET active_offer_count = active_offer_count + 2 WHERE id = ${category.id}`.execute(
    shop.db,
  );
  return ids;
}

describe('admin tables', () => {
  it('hides two offers at once from the offers list (desktop)', async () => {
    const brand = `Bulkbrand${tag()}`;
    const ids = await twoOffers(brand);
    const { page, context, errors } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto(`/admin/offers?q=${brand}`);
    const rows = page.getByRole('table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const hide = page.getByRole('button', { name: 'Hide from shop' });
    expect(await hide.isDisabled()).toBe(true);
    await page.getByLabel('Select all on this page').check();
    await expect.poll(() => page.locator('.bulk-bar__count').textContent()).toBe('2 selected');
    expect(await page.getByLabel(`Select ${brand} Plan 1`).isChecked()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await hide.click();
    const dialog = page.getByRole('dialog', { name: 'Hide these 2 offers from the shop?' });
    await dialog.getByRole('button', { name: 'Hide 2 offers' }).click();
    await toastShown(page, '2 offers hidden from the shop.');
    await expect
      .poll(() => rows.locator('button.toggle').allTextContents())
      .toEqual([`${brand} Plan 2: Inactive`, `${brand} Plan 1: Inactive`]);
    await expect.poll(() => page.locator('.bulk-bar__count').textContent()).toBe('No offers selected');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const stored = await shop.db.selectFrom('offers').select('is_active').where('id', 'in', ids).execute();
    expect(stored.map((o) => o.is_active)).toEqual([0, 0]);
    // The shop no longer finds them.
    await page.goto(`/catalog?q=${brand}`);
    await expect.poll(() => page.getByText(`${brand} Plan 1`).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('deletes reported comments together from the moderation queue (phone)', async () => {
    const word = `Spamword${tag()}`;
    const offer = await shop.db.selectFrom('offers').select('id').orderBy('id').executeTakeFirstOrThrow();
    const author = await shop.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'client@damso.test')
      .executeTakeFirstOrThrow();
    for (const n of [1, 2]) {
      await writeComment(shop.db, {
        offer_id: offer.id,
        user_id: author.id,
        body: `${word} number ${n}`,
        report_count: 50 + n,
      });
    }
    const { page, context, errors } = await shop.newPage(PHONE);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin/comments?tab=reported');
    await expect.poll(() => page.getByText(`${word} number 2`).count()).toBe(1);
    const mine = page.locator('.moderation-list > li', { hasText: word });
    expect(await mine.count()).toBe(2);
    for (const box of await mine.getByRole('checkbox').all()) await box.check();
    await expect.poll(() => page.locator('.bulk-bar__count').textContent()).toBe('2 selected');
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.locator('.bulk-bar').getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: 'Delete these 2 comments for everyone?' })
      .getByRole('button', { name: 'Delete 2 comments' })
      .click();
    await toastShown(page, '2 comments deleted.');
    await expect.poll(() => mine.count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('downloads the orders of a date range as CSV, as the list shows them (desktop and phone)', async () => {
    const name = `Csvclient ${tag()}`;
    const numbers = await clientWithPaidOrders({ email: `csv-${tag()}@damso.test`, fullName: name }, 'CSV', [
      { placedAt: new Date('2024-06-03T08:00:00Z'), cents: 1500 },
      { placedAt: new Date('2024-06-20T08:00:00Z'), cents: 2500 },
      { placedAt: new Date('2024-07-02T08:00:00Z'), cents: 900 },
    ]);
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, context, errors } = await shop.newPage(viewport);
      await shop.loginAs(context, 'admin@damso.test');
      await page.goto('/admin/orders?from=2024-06-30&to=2024-06-01');
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe('The end date must be on or after the start date');
      expect(await page.getByRole('link', { name: 'Download CSV' }).count()).toBe(0);
      await page.getByLabel('Placed to (UTC)').fill('2024-06-30');
      await page.getByLabel('Placed from (UTC)').fill('2024-06-01');
      await expect.poll(() => new URL(page.url()).search).toBe('?from=2024-06-01&to=2024-06-30');
      await expect.poll(() => page.getByText(numbers[1] ?? '').count()).toBe(1);
      expect(await page.getByText(numbers[2] ?? '').count()).toBe(0);
      expect(await page.getByText('at most 50,000 rows per file').count()).toBe(1);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(await hasHorizontalScroll(page)).toBe(false);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('orders-from-2024-06-01-to-2024-06-30.csv');
      const lines = (await readFile(await download.path(), 'utf8')).split('\r\n');
      expect(lines[0]).toBe('number,placed_at_utc,status,client_name,client_email,items,total,currency');
      const row = lines.find((l) => l.startsWith(`${numbers[1]},`)) ?? '';
      expect(row.startsWith(`${numbers[1]},2024-06-20T08:00:00Z,paid,${name},csv-`)).toBe(true);
      expect(row.endsWith(',25.00,USD')).toBe(true);
      expect(lines.filter((l) => l.includes(name)).map((l) => l.split(',')[0])).toEqual([numbers[1], numbers[0]]);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('keeps both dates of a range filled in one go, as autofill or a quick hand does (desktop)', async () => {
    const { page, context, errors } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin/orders');
    await page.getByLabel('Placed from (UTC)').waitFor();
    // Both fields change in one task, before the page re-renders after the first.
    await page.evaluate(() => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      const range: Array<[string, string]> = [
        ['Placed from (UTC)', '2024-06-01'],
        ['Placed to (UTC)', '2024-06-30'],
      ];
      for (const [label, day] of range) {
        const id = [...document.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))?.htmlFor;
        const input = id ? (document.getElementById(id) as HTMLInputElement | null) : null;
        if (!input || !setter) throw new Error(`No field labelled ${label}`);
        setter.call(input, day);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    await expect.poll(() => new URL(page.url()).search).toBe('?from=2024-06-01&to=2024-06-30');
    // The fields follow the address once the page has re-rendered.
    await expect.poll(() => page.getByLabel('Placed from (UTC)').inputValue()).toBe('2024-06-01');
    await expect.poll(() => page.getByLabel('Placed to (UTC)').inputValue()).toBe('2024-06-30');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sorts users by name and email from the column headers (desktop) and the sort select (phone)', async () => {
    const t = tag();
    // Names and emails in different orders, and join dates in a third.
    for (const [name, local, at] of [
      ['Bravo', 'c', '2024-01-01'],
      ['Alpha', 'b', '2024-01-03'],
      ['Charlie', 'a', '2024-01-02'],
    ] as const) {
      await shop.db
        .insertInto('users')
        .values({
          email: `qsort${t}-${local}@damso.test`,
          full_name: `Qsort${t} ${name}`,
          phone: '+14155550199',
          password_hash: 'not-a-real-hash',
          email_verified_at: new Date(`${at}T10:00:00Z`),
          created_at: new Date(`${at}T10:00:00Z`),
        })
        .execute();
    }
    const emails = (page: Page) => page.locator('tbody td[data-label="Email"]').allTextContents();
    const mail = (...locals: string[]) => locals.map((l) => `qsort${t}-${l}@damso.test`);

    const desktop = await shop.newPage(DESKTOP);
    await shop.loginAs(desktop.context, 'admin@damso.test');
    let page = desktop.page;
    await page.goto(`/admin/users?q=qsort${t}`);
    await expect.poll(() => emails(page)).toEqual(mail('b', 'a', 'c'));
    const header = (name: string) => page.getByRole('columnheader', { name });
    expect(await header('Joined').getAttribute('aria-sort')).toBe('descending');
    await header('Name').getByRole('button').click();
    await expect.poll(() => emails(page)).toEqual(mail('b', 'c', 'a'));
    expect(await header('Name').getAttribute('aria-sort')).toBe('ascending');
    expect(await header('Joined').getAttribute('aria-sort')).toBe(null);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('name');
    await header('Name').getByRole('button').click();
    await expect.poll(() => emails(page)).toEqual(mail('a', 'c', 'b'));
    expect(await header('Name').getAttribute('aria-sort')).toBe('descending');
    await header('Email').getByRole('button').click();
    await expect.poll(() => emails(page)).toEqual(mail('a', 'b', 'c'));
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The sort is in the address: Back returns to the previous one.
    await page.goBack();
    await expect.poll(() => emails(page)).toEqual(mail('a', 'c', 'b'));
    expect(desktop.errors).toEqual([]);
    await desktop.context.close();

    const phone = await shop.newPage(PHONE);
    await shop.loginAs(phone.context, 'admin@damso.test');
    page = phone.page;
    await page.goto(`/admin/users?q=qsort${t}`);
    await expect.poll(() => emails(page)).toEqual(mail('b', 'a', 'c'));
    await page.getByLabel('Sort by').selectOption({ label: 'Email, Z to A' });
    await expect.poll(() => emails(page)).toEqual(mail('c', 'b', 'a'));
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });

  it('sorts offers by price from the Price header (desktop) and the sort select (phone)', async () => {
    const brand = `Pricesort${tag()}`;
    const category = await shop.db.selectFrom('categories').select('id').orderBy('id').executeTakeFirstOrThrow();
    // Updated in another order than their prices, so the default (last updated first) is not by price.
    for (const [n, cents] of [
      [1, 1500],
      [2, 500],
      [3, 2500],
    ] as const) {
      await shop.db
        .insertInto('offers')
        .values({
          slug: `${brand.toLowerCase()}-${n}`,
          title: `${brand} Plan ${n}`,
          service_name: brand,
          category_id: category.id,
          description: 'An offer made by the admin tables test.',
          price_cents: cents,
          // Hidden from the shop, so the category's shown-offer count stays right.
          is_active: 0,
          updated_at: new Date(Date.now() - n * 3_600_000),
        })
        .execute();
    }
    /** The prices in the table's order, in dollars, read under the "Price" header. */
    const prices = (page: Page) =>
      page.getByRole('table').evaluate((table) => {
        const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
        const at = heads.findIndex((h) => h.startsWith('Price'));
        return [...table.querySelectorAll('tbody tr')].map((tr) =>
          Number((tr.children[at]?.textContent ?? '').replace(/[^\d.]/g, '')),
        );
      });

    const desktop = await shop.newPage(DESKTOP);
    await shop.loginAs(desktop.context, 'admin@damso.test');
    let page = desktop.page;
    await page.goto(`/admin/offers?q=${brand}`);
    await expect.poll(() => prices(page)).toEqual([15, 5, 25]);
    const price = page.getByRole('columnheader', { name: 'Price' });
    expect(await page.getByRole('columnheader', { name: 'Updated' }).getAttribute('aria-sort')).toBe('descending');
    await price.getByRole('button').click();
    await expect.poll(() => prices(page)).toEqual([5, 15, 25]);
    expect(await price.getAttribute('aria-sort')).toBe('ascending');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('price');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await price.getByRole('button').click();
    await expect.poll(() => prices(page)).toEqual([25, 15, 5]);
    expect(await price.getAttribute('aria-sort')).toBe('descending');
    expect(new URL(page.url()).searchParams.get('dir')).toBe('desc');
    expect(desktop.errors).toEqual([]);
    await desktop.context.close();

    const phone = await shop.newPage(PHONE);
    await shop.loginAs(phone.context, 'admin@damso.test');
    page = phone.page;
    // A sort the list does not have (an old or edited link) shows the default order.
    await page.goto(`/admin/offers?q=${brand}&sort=bogus&dir=sideways`);
    await expect.poll(() => prices(page)).toEqual([15, 5, 25]);
    expect(await page.getByLabel('Sort by').inputValue()).toBe('updated.desc');
    await page.getByLabel('Sort by').selectOption({ label: 'Price, lowest first' });
    await expect.poll(() => prices(page)).toEqual([5, 15, 25]);
    await page.getByLabel('Sort by').selectOption({ label: 'Price, highest first' });
    await expect.poll(() => prices(page)).toEqual([25, 15, 5]);
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });

  it('lists orders oldest first and keeps that choice in the address after a reload (desktop and phone)', async () => {
    const email = `oldest-${tag()}@damso.test`;
    // Placed a day apart, oldest first.
    const numbers = await clientWithPaidOrders(
      { email, fullName: 'Oldest First' },
      'OLD',
      [3, 2, 1].map((daysAgo) => ({ placedAt: new Date(Date.now() - daysAgo * 86_400_000), cents: 1000 })),
    );
    const shown = (page: Page) => page.locator('tbody tr td:first-child a').allTextContents();
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, context, errors } = await shop.newPage(viewport);
      await shop.loginAs(context, 'admin@damso.test');
      await page.goto(`/admin/orders?q=${email}`);
      await expect.poll(() => shown(page)).toEqual([...numbers].reverse());
      if (viewport === DESKTOP) {
        await page.getByRole('columnheader', { name: 'Placed' }).getByRole('button').click();
      } else {
        await page.getByLabel('Sort by').selectOption({ label: 'Oldest first' });
      }
      await expect.poll(() => shown(page)).toEqual(numbers);
      const params = new URL(page.url()).searchParams;
      expect([params.get('sort'), params.get('dir')]).toEqual(['placed', 'asc']);
      await page.reload();
      await expect.poll(() => shown(page)).toEqual(numbers);
      expect(await page.getByLabel('Sort by').inputValue()).toBe('placed.asc');
      expect(await page.getByRole('columnheader', { name: 'Placed' }).getAttribute('aria-sort')).toBe('ascending');
      expect(await hasHorizontalScroll(page)).toBe(false);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('deletes an empty category and an unused coupon; a category with offers is refused (phone)', async () => {
    const t = tag();
    const empty = `Emptycat ${t}`;
    await shop.db
      .insertInto('categories')
      .values({ name: empty, slug: `emptycat-${t}`, position: 99 })
      .execute();
    await shop.db
      .insertInto('coupons')
      .values({ code: `TYPO${t}`.toUpperCase(), kind: 'percent', amount: 5 })
      .execute();
    const used = await shop.db
      .selectFrom('categories as c')
      .innerJoin('offers as o', 'o.category_id', 'c.id')
      .select('c.name')
      .executeTakeFirstOrThrow();
    const { page, context, errors } = await shop.newPage(PHONE);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin/categories');
    await page.getByRole('button', { name: `Delete ${used.name}`, exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete category' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/still has \d+ offers?\. Move/);
    await page.getByRole('button', { name: `Delete ${empty}` }).click();
    await page
      .getByRole('dialog', { name: `Delete the category ${empty}?` })
      .getByRole('button', { name: 'Delete category' })
      .click();
    await toastShown(page, `The category ${empty} was deleted.`);
    await expect.poll(() => page.getByText(empty).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.goto('/admin/coupons');
    const code = `TYPO${t}`.toUpperCase();
    await page.getByRole('button', { name: `Delete ${code}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete coupon' }).click();
    await toastShown(page, `The coupon ${code} was deleted.`);
    await expect.poll(() => page.getByRole('cell', { name: code }).count()).toBe(0);
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The refused delete's answer, and nothing else.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    await context.close();
  });
});
