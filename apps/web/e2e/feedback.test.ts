// The app's shared feedback in Chromium, at phone and desktop widths: the one confirmation dialog
// (Cancel keeps, the action acts, Escape closes and gives focus back, axe-clean), the toast that says what
// happened, the desk's cancel and refund asking first, and the route error page for a page that crashes
// or whose code is gone after a deploy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { callerFor, createTestUser } from '@damso/api/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, pageIsClean, type Shop, startShop, toastShown, writeComment } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

const WIDTHS = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const;

/**
 * Waits for a toast with this text in the toaster's live region, done sliding in: axe measures the
 * contrast of a toast half faded in as the blend it sees.
 */

/** Whether the open dialog's button of this name has the focus. */
const isFocused = (page: Page, name: string) =>
  page
    .getByRole('dialog')
    .getByRole('button', { name, exact: true })
    .evaluate((el) => el === document.activeElement);

/** A client of the test's own with one order awaiting payment, placed through the real API. */
async function clientWithOrder() {
  const client = await createTestUser(shop.db);
  const offer = await shop.db
    .selectFrom('offers')
    .select(['id', 'title'])
    .where('is_active', '=', 1)
    .where('delivery_mode', '=', 'manual')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const caller = callerFor(shop.db, client);
  await caller.cart.add({ offerId: offer.id, quantity: 1 });
  const { number } = await caller.orders.checkout({ idempotencyKey: `feedback-order-${client.id}`.padEnd(16, '0') });
  return { client, number, offer };
}

async function signedIn(viewport: { width: number; height: number }, email: string) {
  const session = await shop.newPage(viewport);
  await shop.loginAs(session.context, email);
  return session;
}

const orderStatus = async (number: string) =>
  (await shop.db.selectFrom('orders').select('status').where('number', '=', number).executeTakeFirstOrThrow()).status;

describe('the confirmation dialog and toasts', () => {
  for (const [width, viewport] of WIDTHS) {
    it(`a client deletes their comment through the dialog, by keyboard and pointer (${width})`, async () => {
      const client = await createTestUser(shop.db);
      const offer = await shop.db
        .selectFrom('offers')
        .select(['id', 'slug'])
        .where('slug', '=', 'tunewave-duo-3-months')
        .executeTakeFirstOrThrow();
      const body = `Setup took a minute on my ${width}.`;
      const commentId = await writeComment(shop.db, { offer_id: offer.id, user_id: client.id, body });
      const commentExists = async () =>
        (await shop.db.selectFrom('comments').select('id').where('id', '=', commentId).executeTakeFirst()) !==
        undefined;
      const { page, context, errors } = await signedIn(viewport, client.email);
      await page.goto(`/offers/${offer.slug}#comments`);
      const mine = page.locator('.comment', { hasText: body });
      const remove = mine.getByRole('button', { name: 'Delete' });
      await remove.waitFor();
      const dialog = page.getByRole('dialog', { name: 'Delete your comment?' });

      // Keyboard: Enter opens it with the safe choice focused; Escape closes it and gives focus back.
      await remove.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => dialog.isVisible()).toBe(true);
      expect(await dialog.getByText('This cannot be undone.').isVisible()).toBe(true);
      await expect.poll(() => isFocused(page, 'Cancel')).toBe(true);
      const box = await dialog.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= viewport.width).toBe(true);
      await pageIsClean(page, 'dialog open');
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      await expect.poll(() => remove.evaluate((el) => el === document.activeElement)).toBe(true);
      // Enter on the focused Cancel keeps the comment too: a stray key press deletes nothing.
      await page.keyboard.press('Enter');
      await expect.poll(() => dialog.isVisible()).toBe(true);
      await expect.poll(() => isFocused(page, 'Cancel')).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(await commentExists()).toBe(true);
      expect(await mine.count()).toBe(1);

      // Pointer: Cancel keeps it, the red action deletes it and a toast says so.
      await remove.click();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(await commentExists()).toBe(true);
      await remove.click();
      const confirm = dialog.getByRole('button', { name: 'Delete comment' });
      expect(await confirm.getAttribute('class')).toContain('button--danger');
      await confirm.click();
      await toastShown(page, 'Your comment was deleted.');
      await expect.poll(() => mine.count()).toBe(0);
      expect(await commentExists()).toBe(false);
      await pageIsClean(page, 'toast shown');
      expect(errors).toEqual([]);
      await context.close();
    });

    it(`a client cancels an order through the dialog (${width})`, async () => {
      const { client, number } = await clientWithOrder();
      const { page, context, errors } = await signedIn(viewport, client.email);
      await page.goto(`/orders/${number}`);
      const cancel = page.getByRole('button', { name: 'Cancel this order' });
      await cancel.click();
      const dialog = page.getByRole('dialog', { name: `Cancel order ${number}?` });
      await expect.poll(() => isFocused(page, 'Keep order')).toBe(true);
      await pageIsClean(page, 'cancel dialog');
      await dialog.getByRole('button', { name: 'Keep order' }).click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(await orderStatus(number)).toBe('awaiting_payment');

      await cancel.click();
      await dialog.getByRole('button', { name: 'Cancel order' }).click();
      await toastShown(page, `Order ${number} is cancelled.`);
      await expect.poll(() => page.getByRole('heading', { name: `Order ${number} Cancelled` }).isVisible()).toBe(true);
      expect(await orderStatus(number)).toBe('cancelled');
      await pageIsClean(page, 'order cancelled');
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('an admin deletes a comment and a never-ordered offer through the dialog (desktop)', async () => {
    const author = await createTestUser(shop.db);
    const { id: offerId } = await shop.db
      .selectFrom('offers')
      .select('id')
      .where('slug', '=', 'tunewave-duo-3-months')
      .executeTakeFirstOrThrow();
    const body = 'Spam spam spam, visit my shop instead.';
    await writeComment(shop.db, { offer_id: offerId, user_id: author.id, body });
    const { id: categoryId } = await shop.db.selectFrom('categories').select('id').executeTakeFirstOrThrow();
    // Inactive, so the category's count of active offers is not involved.
    const draft = await shop.db
      .insertInto('offers')
      .values({
        slug: `draft-${author.id}`,
        title: 'Draft plan — never sold',
        service_name: 'Draftly',
        category_id: categoryId,
        description: 'Made by mistake.',
        price_cents: 500,
        is_active: 0,
      })
      .executeTakeFirstOrThrow();
    const { page, context, errors } = await signedIn(DESKTOP, 'admin@damso.test');

    await page.goto('/admin/comments');
    const item = page.locator('.moderation-list .comment', { hasText: body });
    await item.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this comment for everyone?' });
    await pageIsClean(page, 'moderation dialog');
    await dialog.getByRole('button', { name: 'Delete comment' }).click();
    await toastShown(page, 'The comment was deleted for everyone.');
    await expect.poll(() => item.count()).toBe(0);
    expect(await shop.db.selectFrom('comments').select('id').where('body', '=', body).execute()).toEqual([]);

    await page.goto(`/admin/offers/${draft.insertId}`);
    await page.getByRole('button', { name: 'Delete offer' }).click();
    const offerDialog = page.getByRole('dialog', { name: 'Delete this offer for good?' });
    await offerDialog.getByRole('button', { name: 'Cancel' }).click();
    expect(new URL(page.url()).pathname).toBe(`/admin/offers/${draft.insertId}`);
    await page.getByRole('button', { name: 'Delete offer' }).click();
    await offerDialog.getByRole('button', { name: 'Delete offer' }).click();
    await toastShown(page, 'Offer “Draft plan — never sold” deleted.');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/offers');
    expect(await shop.db.selectFrom('offers').select('id').where('id', '=', Number(draft.insertId)).execute()).toEqual(
      [],
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the desk asks before cancelling, and keeps the typed reason when the employee backs out (phone)', async () => {
    const { number } = await clientWithOrder();
    const { page, context, errors } = await signedIn(PHONE, 'employee@damso.test');
    await page.goto(`/desk/orders/${number}`);
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect.poll(() => page.getByText('You are working on this order.').isVisible()).toBe(true);
    const reason = page.getByLabel('Reason for cancelling (shown to the client)');
    await reason.fill('The client asked us to cancel by phone.');
    await page.getByRole('button', { name: 'Cancel order' }).click();
    const dialog = page.getByRole('dialog', { name: `Cancel order ${number}?` });
    await expect.poll(() => dialog.textContent()).toContain('“The client asked us to cancel by phone.”');
    await pageIsClean(page, 'desk cancel dialog');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await reason.inputValue()).toBe('The client asked us to cancel by phone.');
    expect(await orderStatus(number)).toBe('awaiting_payment');

    await page.getByRole('button', { name: 'Cancel order' }).click();
    await dialog.getByRole('button', { name: 'Cancel order' }).click();
    await toastShown(page, `Order ${number} is cancelled.`);
    await expect.poll(() => page.getByRole('heading', { name: `Order ${number} Cancelled` }).isVisible()).toBe(true);
    expect(await orderStatus(number)).toBe('cancelled');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an admin refunds a paid order only after confirming it (desktop)', async () => {
    const { client, number } = await clientWithOrder();
    // The client pays the way the shop's page does: a receipt through the upload route.
    const payer = await signedIn(DESKTOP, client.email);
    const upload = await payer.page.request.post(`/api/orders/${number}/receipt`, {
      headers: { origin: shop.url },
      multipart: { file: { name: 'receipt.pdf', mimeType: 'application/pdf', buffer: PDF } },
    });
    expect(upload.status()).toBe(201);
    await payer.context.close();

    const { page, context, errors } = await signedIn(DESKTOP, 'admin@damso.test');
    await page.goto(`/desk/orders/${number}`);
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await page.getByRole('button', { name: 'Approve payment' }).click();
    await expect.poll(() => page.getByRole('heading', { name: `Order ${number} Paid` }).isVisible()).toBe(true);
    await page.getByLabel('Reason for the refund').fill('Paid twice by mistake.');
    await page.getByRole('button', { name: 'Refund order' }).click();
    const dialog = page.getByRole('dialog', { name: `Refund order ${number}?` });
    await expect.poll(() => isFocused(page, 'Keep order')).toBe(true);
    await dialog.getByRole('button', { name: 'Keep order' }).click();
    expect(await orderStatus(number)).toBe('paid');

    await page.getByRole('button', { name: 'Refund order' }).click();
    await dialog.getByRole('button', { name: 'Refund order' }).click();
    await toastShown(page, `Order ${number} is refunded.`);
    await expect.poll(() => page.getByRole('heading', { name: `Order ${number} Refunded` }).isVisible()).toBe(true);
    expect(await orderStatus(number)).toBe('refunded');
    await pageIsClean(page, 'refunded');
    expect(errors).toEqual([]);
    await context.close();
  });
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The built file of a page loaded on demand, from Vite's manifest. */
function chunkOf(source: string): string {
  const manifest = JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, '..', 'dist', '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, { file: string }>;
  const file = manifest[source]?.file;
  if (!file) throw new Error(`${source} is not a chunk of its own in the build`);
  return file;
}

/** The header is still there and works: the layout survived the page's failure. */
async function layoutStillWorks(page: Page) {
  expect(await page.getByRole('banner').getByRole('link', { name: /Cart/ }).isVisible()).toBe(true);
}

/** What the browser logs when the test breaks a page on purpose; anything else is a defect. */
const unexpected = (errors: string[], expected: RegExp) => errors.filter((e) => !expected.test(e));

async function noInternalText(page: Page) {
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toMatch(/TypeError|undefined|Cannot read|at \w+ \(|\.js:\d+|dynamically imported/);
}

describe('the route error page', () => {
  for (const [width, viewport] of WIDTHS) {
    it(`a page whose code is gone after a deploy offers a reload under the shop's header (${width})`, async () => {
      const { page, context, errors } = await shop.newPage(viewport);
      const gone = `**/${chunkOf('src/pages/catalog-page.tsx')}`;
      await page.route(gone, (route) => route.fulfill({ status: 404, body: 'Not found' }));
      await page.goto('/catalog');
      await expect
        .poll(() => page.getByRole('heading', { level: 1, name: 'This page needs a reload' }).isVisible())
        .toBe(true);
      await layoutStillWorks(page);
      await noInternalText(page);
      await pageIsClean(page, 'stale chunk page');
      // The new version is there now: the reload brings the page.
      await page.unroute(gone);
      await page.getByRole('button', { name: 'Reload the page' }).click();
      await expect.poll(() => page.locator('.offer-card').count()).toBeGreaterThan(0);
      expect(unexpected(errors, /status of 404|dynamically imported module/)).toEqual([]);
      await context.close();
    });

    it(`a page that crashes shows "Something went wrong", no internals, and a way home (${width})`, async () => {
      const { client, number } = await clientWithOrder();
      const { page, context, errors } = await signedIn(viewport, client.email);
      // The server answers something this page cannot read (as a newer API might to an old tab): the
      // order without its dates and lists. The rest of the batch is left as the server sent it.
      await page.route('**/trpc/**', async (route) => {
        const procedures = new URL(route.request().url()).pathname.slice('/trpc/'.length).split(',');
        const at = procedures.indexOf('orders.get');
        if (at < 0) return route.continue();
        const response = await route.fetch();
        const broken = { result: { data: { json: { number, status: 'awaiting_payment' } } } };
        const body = (await response.json()) as unknown;
        const json = Array.isArray(body) ? body.map((answer, i) => (i === at ? broken : answer)) : broken;
        await route.fulfill({ response, json });
      });
      await page.goto(`/orders/${number}`);
      await expect
        .poll(() => page.getByRole('heading', { level: 1, name: 'Something went wrong' }).isVisible())
        .toBe(true);
      expect(await page.getByRole('button', { name: 'Reload the page' }).isVisible()).toBe(true);
      await layoutStillWorks(page);
      await noInternalText(page);
      await pageIsClean(page, 'crashed page');
      await page.getByRole('link', { name: 'Back to the shop' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/');
      await expect.poll(() => page.locator('.offer-card').count()).toBeGreaterThan(0);
      expect(await page.getByRole('heading', { name: 'Something went wrong' }).count()).toBe(0);
      expect(unexpected(errors, /Cannot read properties of undefined/)).toEqual([]);
      await context.close();
    });
  }
});
