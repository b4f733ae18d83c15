// Claiming before working, as staff see it: an unclaimed order's desk page says to claim it and shows its
// actions disabled; once claimed, the employee verifies the payment and the queue says "You". An admin
// takes over another employee's order through the confirmation dialog. At phone and desktop widths, with axe.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, orderOfNewClient, PHONE, pageIsClean, type Shop, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

/** An order of a new client of its own, waiting for a staff member to check the receipt. */
const orderInReview = (email: string) =>
  orderOfNewClient(shop.db, { email, fullName: 'Cora Claim', phone: '+14155550188', status: 'payment_review' });

const statusOf = async (number: string) =>
  (await shop.db.selectFrom('orders').select('status').where('number', '=', number).executeTakeFirstOrThrow()).status;

/** The "Claimed by" cell of the order's row in a desk queue, found by searching for its number. */
async function claimedByInQueue(page: Page, queue: string, number: string) {
  await page.goto(`/desk/queue/${queue}?q=${number}`);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: number, exact: true }) });
  await expect.poll(() => row.count()).toBe(1);
  return (await row.getByRole('cell').last().textContent())?.trim();
}

describe('claiming an order before working on it', () => {
  for (const [width, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`an employee claims an unclaimed order, verifies its payment and the queue says “You” — at ${width} width`, async () => {
      const number = await orderInReview(`cora.claim.${width}@example.test`);
      const { page, context, errors } = await shop.newPage(viewport);
      await shop.loginAs(context, 'employee@damso.test');
      expect(await claimedByInQueue(page, 'payment_review', number)).toBe('Unclaimed');

      await page.getByRole('link', { name: number, exact: true }).click();
      await page.waitForURL(new RegExp(`/desk/orders/${number}$`));
      const banner = page.getByRole('status').filter({ hasText: 'Claim this order to work on it.' });
      await expect.poll(() => banner.isVisible()).toBe(true);
      // The work is there to read, but disabled until the order is claimed.
      const approve = page.getByRole('button', { name: 'Approve payment' });
      const rejectReason = page.getByLabel('Reason for rejecting (shown to the client)');
      const cancelReason = page.getByLabel('Reason for cancelling (shown to the client)');
      expect(await approve.isVisible()).toBe(true);
      expect(await approve.isDisabled()).toBe(true);
      expect(await rejectReason.isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Reject payment' }).isDisabled()).toBe(true);
      expect(await cancelReason.isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Cancel order' }).isDisabled()).toBe(true);
      await pageIsClean(page, 'unclaimed order');

      await banner.getByRole('button', { name: 'Claim', exact: true }).click();
      const mine = page.getByRole('status').filter({ hasText: 'You are working on this order.' });
      await expect.poll(() => mine.isVisible()).toBe(true);
      expect(await mine.getByRole('button', { name: 'Release' }).isVisible()).toBe(true);
      await expect.poll(() => approve.isEnabled()).toBe(true);
      expect(await rejectReason.isEnabled()).toBe(true);
      expect(await cancelReason.isEnabled()).toBe(true);
      await pageIsClean(page, 'claimed order');

      await approve.click();
      await expect.poll(() => page.getByRole('heading', { name: `Order ${number} Paid` }).isVisible()).toBe(true);
      expect(await statusOf(number)).toBe('paid');
      // Paid and still mine: the delivery form is open to type in.
      expect(await mine.isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Deliver items' }).isEnabled()).toBe(true);

      expect(await claimedByInQueue(page, 'paid', number)).toBe('You');
      await pageIsClean(page, 'paid queue');
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('an admin sees who has an order and takes it over only after confirming; the employee then sees the admin’s name (phone)', async () => {
    const number = await orderInReview('cora.takeover@example.test');
    const employee = await shop.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'employee@damso.test')
      .executeTakeFirstOrThrow();
    await shop.db
      .updateTable('orders')
      .set({ claimed_by: employee.id, claimed_at: new Date() })
      .where('number', '=', number)
      .execute();

    const admin = await shop.newPage(PHONE);
    await shop.loginAs(admin.context, 'admin@damso.test');
    expect(await claimedByInQueue(admin.page, 'payment_review', number)).toBe('Eli Employee');
    await admin.page.goto(`/desk/orders/${number}`);
    const theirs = admin.page.getByRole('status').filter({ hasText: 'Eli Employee is working on this order.' });
    await expect.poll(() => theirs.isVisible()).toBe(true);
    const approve = admin.page.getByRole('button', { name: 'Approve payment' });
    expect(await approve.isDisabled()).toBe(true);
    await pageIsClean(admin.page, 'order claimed by another');

    const takeOver = theirs.getByRole('button', { name: 'Take over' });
    const dialog = admin.page.getByRole('dialog', { name: `Take over order ${number}?` });
    await takeOver.click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await pageIsClean(admin.page, 'take-over dialog');
    await dialog.getByRole('button', { name: 'Leave it' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(
      (await shop.db.selectFrom('orders').select('claimed_by').where('number', '=', number).executeTakeFirstOrThrow())
        .claimed_by,
    ).toBe(employee.id);

    await takeOver.click();
    await dialog.getByRole('button', { name: 'Take over' }).click();
    const mine = admin.page.getByRole('status').filter({ hasText: 'You are working on this order.' });
    await expect.poll(() => mine.isVisible()).toBe(true);
    await expect.poll(() => approve.isEnabled()).toBe(true);

    // The employee who had it now finds the admin's name, no take-over button and the actions disabled.
    const staff = await shop.newPage(PHONE);
    await shop.loginAs(staff.context, 'employee@damso.test');
    await staff.page.goto(`/desk/orders/${number}`);
    const adminHasIt = staff.page.getByRole('status').filter({ hasText: 'Ada Admin is working on this order.' });
    await expect.poll(() => adminHasIt.isVisible()).toBe(true);
    expect(await adminHasIt.getByRole('button').count()).toBe(0);
    expect(await staff.page.getByRole('button', { name: 'Approve payment' }).isDisabled()).toBe(true);
    await pageIsClean(staff.page, 'order claimed by the admin');

    await approve.click();
    await expect.poll(() => admin.page.getByRole('heading', { name: `Order ${number} Paid` }).isVisible()).toBe(true);
    expect(admin.errors).toEqual([]);
    expect(staff.errors).toEqual([]);
    await admin.context.close();
    await staff.context.close();
  });
});
