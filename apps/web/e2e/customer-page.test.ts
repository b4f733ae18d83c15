// The customer page in Chromium: an admin opens a client from the orders list, sees their orders and
// latest message, and adds a note (desktop and phone); a client ends their other sessions from the
// account page and the other browser is signed out.

import { randomBytes } from 'node:crypto';
import { formatOrderNumber } from '@damso/api';
import { hashPassword } from '@damso/auth';
import { orderClient } from '@damso/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  hasHorizontalScroll,
  PHONE,
  type Shop,
  seriousA11yViolations,
  startShop,
  toastShown,
} from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

/** A client of their own with two orders and a message on the newer one, written as the shop would. */
async function clientWithOrders(email: string, fullName: string) {
  const client = await shop.db
    .insertInto('users')
    .values({ email, full_name: fullName, phone: '+14155550142', password_hash: 'x', email_verified_at: new Date() })
    .executeTakeFirstOrThrow();
  const userId = Number(client.insertId);
  const clientColumns = await orderClient(shop.db, userId);
  const numbers: string[] = [];
  for (const total of [1500, 2900]) {
    const order = await shop.db
      .insertInto('orders')
      .values({
        user_id: userId,
        ...clientColumns,
        status: 'awaiting_payment',
        subtotal_cents: total,
        total_cents: total,
        idempotency_key: randomBytes(12).toString('hex'),
      })
      .executeTakeFirstOrThrow();
    const id = Number(order.insertId);
    await shop.db
      .insertInto('order_items')
      .values({
        order_id: id,
        offer_id: (await shop.db.selectFrom('offers').select('id').limit(1).executeTakeFirstOrThrow()).id,
        title: `Customer plan ${total}`,
        service_name: 'Customerly',
        unit_price_cents: total,
        quantity: 1,
        delivery_mode: 'manual',
      })
      .execute();
    const number = formatOrderNumber(id);
    await shop.db.updateTable('orders').set({ number }).where('id', '=', id).execute();
    numbers.push(number);
  }
  const newest = await shop.db
    .selectFrom('orders')
    .select('id')
    .where('number', '=', numbers[1] ?? '')
    .executeTakeFirstOrThrow();
  await shop.db
    .insertInto('order_messages')
    .values({ order_id: newest.id, user_id: userId, body: 'Is my code on its way?' })
    .execute();
  return { userId, numbers };
}

describe('customer page', () => {
  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`an admin opens a client from the orders list, sees their orders and adds a note (${name})`, async () => {
      const email = `cora.${name}.${randomBytes(3).toString('hex')}@example.test`;
      const { userId, numbers } = await clientWithOrders(email, `Cora ${name}`);
      const { page, context, errors } = await shop.newPage(viewport);
      await shop.loginAs(context, 'admin@damso.test');
      await page.goto(`/admin/orders?q=${encodeURIComponent(email)}`);
      const rows = page.locator('.admin-table tbody tr');
      await expect.poll(() => rows.count()).toBe(2);
      await rows.first().getByRole('link', { name: email }).click();

      await expect.poll(() => new URL(page.url()).pathname).toBe(`/admin/users/${userId}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Cora ${name}`);
      const orders = page.getByRole('table', { name: 'Their orders, newest first' });
      await expect.poll(() => orders.getByRole('link').allTextContents()).toEqual([numbers[1], numbers[0]]);
      const messages = page.locator('section', { has: page.getByRole('heading', { name: 'Recent messages' }) });
      expect(await messages.textContent()).toContain('Is my code on its way?');
      expect(await messages.getByRole('link', { name: numbers[1] }).getAttribute('href')).toBe(
        `/desk/orders/${numbers[1]}`,
      );
      expect(await hasHorizontalScroll(page)).toBe(false);
      expect(await seriousA11yViolations(page)).toEqual([]);

      const note = page.getByLabel('New note');
      await note.fill('x'.repeat(2001));
      await expect
        .poll(() => page.locator('.field__error').allTextContents())
        .toEqual(['Keep the note under 2,000 characters']);
      await note.fill('Asked twice about delivery times; answer by email.');
      await page.getByRole('button', { name: 'Add note' }).click();
      const notes = page.getByRole('list', { name: 'Notes, newest first' });
      await expect.poll(() => notes.textContent()).toContain('Asked twice about delivery times; answer by email.');
      expect(await notes.textContent()).toContain('Ada Admin');
      expect(await note.inputValue()).toBe('');
      await toastShown(page, 'Note added.');
      const saved = await shop.db.selectFrom('user_notes').select('body').where('user_id', '=', userId).execute();
      expect(saved).toEqual([{ body: 'Asked twice about delivery times; answer by email.' }]);
      expect(await hasHorizontalScroll(page)).toBe(false);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('a client logs out their other sessions and the other browser is signed out (phone)', async () => {
    const email = `sid.${randomBytes(3).toString('hex')}@example.test`;
    const { userId } = await clientWithOrders(email, 'Sid Sessions');
    const password = 'laptop-lantern-harbour-7';
    await shop.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', userId)
      .execute();
    // The laptop logs in through the form, so its session knows the browser it came from.
    const laptop = await shop.newPage(DESKTOP);
    await laptop.page.goto('/login?next=/account');
    await laptop.page.getByLabel('Email').fill(email);
    await laptop.page.getByLabel('Password').fill(password);
    await laptop.page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => laptop.page.getByRole('heading', { name: 'Your account' }).count()).toBe(1);

    const { page, context, errors } = await shop.newPage(PHONE);
    await shop.loginAs(context, email);
    await page.goto('/account');
    const sessions = page.getByRole('list', { name: 'Your active sessions' }).getByRole('listitem');
    await expect.poll(() => sessions.count()).toBe(2);
    expect(await sessions.first().locator('.session-list__current').textContent()).toBe('This device');
    expect(await sessions.nth(1).textContent()).toMatch(/^Chrome on Linux.*Signed in .* from 127\.0\.0\.1/);
    expect(await sessions.nth(1).locator('.session-list__current').count()).toBe(0);
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Log out everywhere else' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log out everywhere else?' });
    await dialog.getByRole('button', { name: 'Log out other devices' }).click();
    await expect.poll(() => sessions.count()).toBe(1);
    expect(await sessions.first().locator('.session-list__current').textContent()).toBe('This device');
    expect(await page.getByRole('button', { name: 'Log out everywhere else' }).isDisabled()).toBe(true);

    // The other browser's next visit finds no session: the account page sends it to log in.
    await laptop.page.goto('/account');
    await expect.poll(() => new URL(laptop.page.url()).pathname).toBe('/login');
    // This one stays signed in.
    await page.reload();
    await expect.poll(() => sessions.count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await laptop.context.close();
    await context.close();
  });
});
