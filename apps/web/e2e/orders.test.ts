// The order journey across roles in Chromium: a client checks out two offers (one delivered by hand,
// one from stock) and uploads a receipt; an employee claims, approves, delivers and writes; the client
// sees both deliveries and the message. At phone and desktop widths, with axe-core checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, pageIsClean, type Shop, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

// A real 1×1 PNG, so the desk's inline receipt must actually decode.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A verified client of its own, so no other test's cart or orders are in the way. */
async function newClient(email: string): Promise<number> {
  const r = await shop.db
    .insertInto('users')
    .values({
      email,
      full_name: 'Olive Orders',
      phone: '+14155550101',
      password_hash: 'not-used',
      email_verified_at: new Date(),
    })
    .executeTakeFirstOrThrow();
  return Number(r.insertId);
}

describe('order journey across roles', () => {
  for (const [width, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`client orders and pays, employee delivers, client receives — at ${width} width`, async () => {
      const manual = await shop.db
        .selectFrom('offers')
        .select(['id', 'slug', 'title'])
        .where('delivery_mode', '=', 'manual')
        .where('is_active', '=', 1)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const auto = await shop.db
        .selectFrom('offers')
        .select(['id', 'slug', 'title'])
        .where('delivery_mode', '=', 'automatic')
        .where('is_active', '=', 1)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const code = `AUTO-${width.toUpperCase()}-7F3K-22QX`;
      await shop.db
        .insertInto('offer_stock_codes')
        .values({
          offer_id: auto.id,
          code_ciphertext: shop.encryptor.encrypt(code),
          code_hash: shop.encryptor.fingerprint(code),
        })
        .execute();

      // A visitor adds both offers from their pages; the cart lives in the browser until login.
      const client = await shop.newPage(viewport);
      for (const offer of [manual, auto]) {
        await client.page.goto(`/offers/${offer.slug}`);
        await client.page.getByRole('button', { name: 'Add to cart' }).click();
        await expect
          .poll(() => client.page.getByRole('status').filter({ hasText: 'Added to your cart.' }).isVisible())
          .toBe(true);
      }
      await pageIsClean(client.page, 'offer page after adding');
      await client.page.getByRole('link', { name: 'View cart' }).click();
      await expect.poll(() => client.page.getByRole('link', { name: 'Cart, 2 items' }).count()).toBe(1);
      await expect.poll(() => client.page.getByRole('link', { name: 'Log in to check out' }).isVisible()).toBe(true);
      await pageIsClean(client.page, 'visitor cart');

      // After login the browser cart moves to the server; quantity changes show at once.
      const email = `journey-${width}@example.test`;
      await newClient(email);
      await shop.loginAs(client.context, email);
      await client.page.reload();
      const more = client.page.getByRole('button', { name: `One more ${manual.title}` });
      await expect.poll(() => more.isVisible()).toBe(true);
      await more.click();
      await expect.poll(() => client.page.getByRole('link', { name: 'Cart, 3 items' }).count()).toBe(1);
      await client.page.getByRole('button', { name: `One less ${manual.title}` }).click();
      await expect.poll(() => client.page.getByRole('link', { name: 'Cart, 2 items' }).count()).toBe(1);
      await pageIsClean(client.page, 'cart');

      await client.page.getByRole('link', { name: 'Go to checkout' }).click();
      await expect.poll(() => client.page.getByRole('button', { name: 'Place order' }).isVisible()).toBe(true);
      await pageIsClean(client.page, 'checkout');
      await client.page.getByRole('button', { name: 'Place order' }).click();
      await client.page.waitForURL(/\/orders\/DS-\d{6}$/);
      const number = client.page.url().split('/').pop() ?? '';
      await expect
        .poll(() => client.page.getByRole('heading', { name: `Order ${number} Awaiting payment` }).isVisible())
        .toBe(true);
      await client.page
        .getByLabel(/Payment receipt/)
        .setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
      await client.page.getByRole('button', { name: 'Upload receipt' }).click();
      await expect
        .poll(() =>
          client.page.getByText('We received your receipt and are checking the payment.', { exact: false }).isVisible(),
        )
        .toBe(true);
      await pageIsClean(client.page, 'order awaiting review');

      // The employee works the order from the desk queue.
      const employee = await shop.newPage(viewport);
      await shop.loginAs(employee.context, 'employee@damso.test');
      await employee.page.goto('/desk');
      await employee.page.getByRole('link', { name: number }).click();
      await employee.page.getByRole('button', { name: 'Claim', exact: true }).click();
      await expect.poll(() => employee.page.getByText('You are working on this order.').isVisible()).toBe(true);
      const receipt = employee.page.getByRole('img', { name: 'Payment receipt receipt.png' });
      await expect.poll(() => receipt.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
      await pageIsClean(employee.page, 'desk order in review');
      await employee.page.getByRole('button', { name: 'Approve payment' }).click();
      // The automatic item left with a stock code; the manual one waits for typed details.
      const details = employee.page.getByLabel(
        new RegExp(`^${manual.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} × 1`),
      );
      await expect.poll(() => details.isVisible()).toBe(true);
      await details.fill('Invite link: https://invite.example.test/family/93KD');
      await employee.page.getByRole('button', { name: 'Deliver items' }).click();
      await expect
        .poll(() => employee.page.getByRole('heading', { name: `Order ${number} Delivered` }).isVisible())
        .toBe(true);
      await employee.page.getByLabel('Write a message').fill('Both plans are active. Enjoy!');
      await employee.page.getByRole('button', { name: 'Send message' }).click();
      await expect.poll(() => employee.page.getByText('Both plans are active. Enjoy!').isVisible()).toBe(true);
      await pageIsClean(employee.page, 'desk order delivered');

      // The client sees both deliveries, the message and the bell.
      await client.page.reload();
      await expect
        .poll(() => client.page.getByRole('heading', { name: `Order ${number} Delivered` }).isVisible())
        .toBe(true);
      await client.page.getByRole('button', { name: `Show delivery details for ${auto.title}` }).click();
      await client.page.getByRole('button', { name: `Show delivery details for ${manual.title}` }).click();
      await expect.poll(() => client.page.getByText(code).isVisible()).toBe(true);
      await expect
        .poll(() => client.page.getByText('Invite link: https://invite.example.test/family/93KD').isVisible())
        .toBe(true);
      await expect.poll(() => client.page.getByText('Both plans are active. Enjoy!').isVisible()).toBe(true);
      await expect
        .poll(() => client.page.getByRole('button', { name: /^Notifications, [1-9]\d* unread$/ }).count())
        .toBe(1);
      await pageIsClean(client.page, 'order delivered');
      expect(client.errors).toEqual([]);
      expect(employee.errors).toEqual([]);
      await client.context.close();
      await employee.context.close();
    });
  }
});

describe('cart and coupons in the browser', () => {
  async function clientWithCart(email: string, offerId: number, viewport: { width: number; height: number }) {
    const userId = await newClient(email);
    const cart = await shop.db.insertInto('carts').values({ user_id: userId }).executeTakeFirstOrThrow();
    const cartId = Number(cart.insertId);
    const offer = await shop.db
      .selectFrom('offers')
      .select(['title', 'price_cents'])
      .where('id', '=', offerId)
      .executeTakeFirstOrThrow();
    await shop.db
      .insertInto('cart_items')
      .values({ cart_id: cartId, offer_id: offerId, quantity: 1, unit_price_seen_cents: offer.price_cents })
      .execute();
    const session = await shop.newPage(viewport);
    await shop.loginAs(session.context, email);
    return { ...session, cartId, offer };
  }

  it('rolls a quantity change back when it fails, and resyncs when the server refuses it', async () => {
    const { id } = await shop.db
      .selectFrom('offers')
      .select('id')
      .where('is_active', '=', 1)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const { page, context, cartId, offer } = await clientWithCart('rollback@example.test', id, DESKTOP);
    await page.goto('/cart');
    const more = page.getByRole('button', { name: `One more ${offer.title}` });
    await expect.poll(() => more.isVisible()).toBe(true);
    // The connection drops while the change is sent: the badge goes up at once, then back.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/trpc/cart.setQuantity**', async (route) => {
      await held;
      await route.abort('connectionfailed');
    });
    await more.click();
    await expect.poll(() => page.getByRole('link', { name: 'Cart, 2 items' }).count()).toBe(1);
    release();
    await expect.poll(() => page.getByRole('link', { name: 'Cart, 1 item' }).count()).toBe(1);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('We could not save that change. Check your connection and try again.');
    expect(await page.getByRole('combobox', { name: `Quantity of ${offer.title}` }).inputValue()).toBe('1');
    await page.unroute('**/trpc/cart.setQuantity**');
    // The item leaves the cart elsewhere (another tab) before this page changes its quantity.
    await shop.db.deleteFrom('cart_items').where('cart_id', '=', cartId).execute();
    await more.click();
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'This offer is not in your cart.' }).isVisible())
      .toBe(true);
    await expect.poll(() => page.getByText('Your cart is empty.').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: 'Cart, 0 items' }).count()).toBe(1);
    await context.close();
  });

  it('an admin creates a coupon with live field messages; the client gets the discount at checkout', async () => {
    const admin = await shop.newPage(PHONE);
    await shop.loginAs(admin.context, 'admin@damso.test');
    await admin.page.goto('/admin/coupons');
    const code = admin.page.getByLabel('Code', { exact: true });
    await code.fill('x');
    await expect.poll(() => admin.page.getByText('A coupon code has at least 3 characters.').isVisible()).toBe(true);
    await code.fill('SAVE20');
    await admin.page.getByLabel('Percent off').fill('120');
    await expect.poll(() => admin.page.getByText('A percentage is at most 100.').isVisible()).toBe(true);
    await admin.page.getByLabel('Percent off').fill('20');
    await admin.page.getByRole('button', { name: 'Create coupon' }).click();
    await expect.poll(() => admin.page.getByRole('cell', { name: 'SAVE20', exact: true }).isVisible()).toBe(true);
    await pageIsClean(admin.page, 'admin coupons');

    const { id } = await shop.db
      .selectFrom('offers')
      .select('id')
      .where('is_active', '=', 1)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const client = await clientWithCart('coupon@example.test', id, PHONE);
    await client.page.goto('/checkout');
    await client.page.getByLabel('Coupon code').fill('NOSUCHCODE');
    await client.page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => client.page.locator('#couponCode-error').textContent())
      .toBe('This coupon code is not valid.');
    await client.page.getByLabel('Coupon code').fill('save20');
    await client.page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => client.page.getByText('Coupon SAVE20 applied.').isVisible()).toBe(true);
    const expected = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(
      (client.offer.price_cents - Math.floor(client.offer.price_cents * 0.2)) / 100,
    );
    await expect.poll(() => client.page.getByTestId('checkout-total').textContent()).toBe(expected);
    await pageIsClean(client.page, 'checkout with coupon');
    await client.page.getByRole('button', { name: 'Place order' }).click();
    await client.page.waitForURL(/\/orders\/DS-\d{6}$/);
    await expect.poll(() => client.page.getByText('Discount (SAVE20)').isVisible()).toBe(true);
    await admin.context.close();
    await client.context.close();
  });
});
