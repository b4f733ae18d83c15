// "My subscriptions" in Chromium at phone and desktop widths: the cards show service, days left,
// progress and status; Renew puts the offer in the cart; axe-clean, no sideways scroll. Then the
// admin's reminder-days field refuses a bad list and saves a good one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, pageIsClean, type Shop, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

const DAY = 86_400_000;

async function clientWithSubscriptions(width: string) {
  const email = `subs-${width}@example.test`;
  const u = await shop.db
    .insertInto('users')
    .values({
      email,
      full_name: `Subscriber ${width}`,
      phone: '+14155550101',
      password_hash: 'not-used',
      email_verified_at: new Date(),
    })
    .executeTakeFirstOrThrow();
  const offers = await shop.db
    .selectFrom('offers')
    .select(['id', 'title', 'service_name'])
    .where('duration_days', 'is not', null)
    .where('is_active', '=', 1)
    .orderBy('id')
    .limit(2)
    .execute();
  const [long, soon] = offers;
  if (!long || !soon) throw new Error('The demo data needs two timed offers.');
  const now = Date.now();
  // 20 of 30 days left, and one ending in 2 days (shown as ending soon).
  await shop.db
    .insertInto('subscriptions')
    .values([
      {
        user_id: Number(u.insertId),
        offer_id: long.id,
        starts_at: new Date(now - 10 * DAY),
        ends_at: new Date(now + 20 * DAY - 60_000),
      },
      {
        user_id: Number(u.insertId),
        offer_id: soon.id,
        starts_at: new Date(now - 28 * DAY),
        ends_at: new Date(now + 2 * DAY - 60_000),
      },
    ])
    .execute();
  return { email, fullName: `Subscriber ${width}`, long, soon };
}

describe('my subscriptions', () => {
  for (const [width, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`shows each subscription with progress and status, and Renew fills the cart — at ${width} width`, async () => {
      const { email, fullName, long, soon } = await clientWithSubscriptions(width);
      const { page, context, errors } = await shop.newPage(viewport);
      await shop.loginAs(context, email);
      await page.goto('/');
      await page.getByText(fullName).click();
      await page.getByRole('link', { name: 'My subscriptions' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'My subscriptions' }).isVisible()).toBe(true);

      const longCard = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: long.title }) });
      await expect.poll(() => longCard.getByRole('heading', { name: long.service_name }).isVisible()).toBe(true);
      await expect(longCard.getByText('20 days left').isVisible()).resolves.toBe(true);
      await expect(longCard.getByText('Active', { exact: true }).isVisible()).resolves.toBe(true);
      const bar = longCard.getByRole('progressbar', { name: `Time left on ${long.service_name}` });
      expect(await bar.getAttribute('aria-valuenow')).toBe('20');
      expect(await bar.getAttribute('aria-valuemax')).toBe('30');
      expect(await bar.getAttribute('aria-valuetext')).toBe('20 days left of 30 days');

      const soonCard = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: soon.title }) });
      await expect(soonCard.getByText('2 days left').isVisible()).resolves.toBe(true);
      await expect(soonCard.getByText('Ending soon').isVisible()).resolves.toBe(true);
      await pageIsClean(page, 'my subscriptions');

      await soonCard.getByRole('button', { name: `Renew ${soon.title}` }).click();
      await expect
        .poll(() => soonCard.getByRole('status').filter({ hasText: 'Added to your cart.' }).isVisible())
        .toBe(true);
      await expect.poll(() => page.getByRole('link', { name: 'Cart, 1 item' }).count()).toBe(1);
      await pageIsClean(page, 'after renew');
      await soonCard.getByRole('link', { name: 'View cart' }).click();
      await expect.poll(() => page.getByRole('main').getByText(soon.title).first().isVisible()).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('the admin sets the reminder days, with a message for a bad list', async () => {
    const { page, context } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin/settings');
    const field = page.getByLabel('Subscription reminder emails, days before the end');
    await expect.poll(() => field.inputValue()).toBe('7,3,1');
    await field.fill('7,x');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByText(/whole numbers of days from 1 to 365/).isVisible()).toBe(true);
    await field.fill('10, 2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByText('Settings saved.').isVisible()).toBe(true);
    const stored = await shop.db
      .selectFrom('settings')
      .select('value')
      .where('name', '=', 'subscription_reminder_days')
      .executeTakeFirst();
    expect(stored?.value).toBe('10,2');
    await pageIsClean(page, 'admin settings with reminder days');
    await context.close();
  });
});
