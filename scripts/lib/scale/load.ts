// Runs the whole scale load into an empty, migrated database: users, then two years of orders with
// everything that hangs off them, then subscriptions, shelf stock, the offers with their tallies,
// coupons, carts and settings. Returns the rows written per table.
import type { Encryptor } from '@damso/auth';
import type { Connection } from 'mysql2/promise';
import { BulkWriter, Loader, put } from './bulk.ts';
import { buildCatalog, categoryRows, offerRow } from './catalog.ts';
import { couponRow, makeCoupons } from './coupons.ts';
import { Feedback } from './feedback.ts';
import { drawScaleImages } from './images.ts';
import { canOrder, DAY_MS, type Plan, staffCount } from './model.ts';
import { OrderGenerator } from './orders.ts';
import { writeUsers } from './people.ts';
import { Rng } from './prng.ts';
import type { Progress } from './progress.ts';
import { Stock } from './stock.ts';
import { Subscriptions } from './subscriptions.ts';

export interface LoadOptions {
  plan: Plan;
  /** Two or more connections to the database, used side by side. */
  conns: Connection[];
  passwordHash: string;
  encryptor: Encryptor;
  /** Where offer pictures go (the server's UPLOAD_DIR); null draws none. */
  uploadDir: string | null;
  progress: Progress;
}

const PAYMENT_INSTRUCTIONS =
  'Pay by bank transfer to Damso Stream Ltd, IBAN GB00 DEMO 0000 0000 0000 00, and put your order number in the reference. Then upload your receipt on the order page.';

/** Progress units: one per user, ten per order (its items, events, codes, reviews and messages), six per offer. */
export function progressUnits(plan: Plan): number {
  return plan.users + plan.orders * 10 + plan.offers * 6;
}

export async function loadScaleData({ plan, conns, passwordHash, encryptor, uploadDir, progress }: LoadOptions) {
  const loader = new Loader(conns);
  await loader.begin();
  const w = {
    users: new BulkWriter(loader, 'users'),
    categories: new BulkWriter(loader, 'categories'),
    offers: new BulkWriter(loader, 'offers'),
    orders: new BulkWriter(loader, 'orders'),
    order_items: new BulkWriter(loader, 'order_items'),
    order_events: new BulkWriter(loader, 'order_events'),
    payment_receipts: new BulkWriter(loader, 'payment_receipts'),
    coupons: new BulkWriter(loader, 'coupons'),
    coupon_redemptions: new BulkWriter(loader, 'coupon_redemptions'),
    offer_stock_codes: new BulkWriter(loader, 'offer_stock_codes'),
    subscriptions: new BulkWriter(loader, 'subscriptions'),
    subscription_periods: new BulkWriter(loader, 'subscription_periods'),
    comments: new BulkWriter(loader, 'comments'),
    comment_reports: new BulkWriter(loader, 'comment_reports'),
    order_messages: new BulkWriter(loader, 'order_messages'),
    order_message_reads: new BulkWriter(loader, 'order_message_reads'),
    carts: new BulkWriter(loader, 'carts'),
    cart_items: new BulkWriter(loader, 'cart_items'),
    settings: new BulkWriter(loader, 'settings'),
  };
  const units = progressUnits(plan);
  let base = 0;

  progress.step('catalog');
  const catalog = buildCatalog(plan);
  if (uploadDir) await drawScaleImages(catalog, uploadDir);
  for (const row of categoryRows(new Date(plan.start - 200 * DAY_MS))) await put(w.categories, row);

  progress.step(`users (${plan.users.toLocaleString('en')})`);
  const contacts = await writeUsers(plan, passwordHash, w.users);
  base += plan.users;

  progress.step(`orders (${plan.orders.toLocaleString('en')}) and their rows`);
  const stock = new Stock(plan, w.offer_stock_codes, encryptor);
  const subscriptions = new Subscriptions();
  const feedback = new Feedback(plan, w);
  const coupons = makeCoupons();
  const generator = new OrderGenerator(plan, catalog, w, { stock, subscriptions, feedback, coupons, contacts });
  await generator.run((done) => progress.set(base + done * 10));
  base += plan.orders * 10;
  progress.set(base);

  progress.step(`subscriptions (${subscriptions.count.toLocaleString('en')})`);
  await subscriptions.write(w.subscriptions, w.subscription_periods, plan.now);
  progress.step('stock codes on the shelf');
  await stock.shelf(catalog.offers, plan.now, 8);
  progress.set(base + plan.offers * 3);
  progress.step('offers');
  for (const offer of catalog.offers)
    await put(w.offers, offerRow(offer, stock.available.get(offer.id) ?? 0, plan.now));
  await w.offers.flush();
  for (const coupon of coupons) await put(w.coupons, couponRow(plan, coupon));
  await writeCarts(plan, catalog.offers, w);
  await put(w.settings, {
    name: 'payment_instructions',
    value: PAYMENT_INSTRUCTIONS,
    updated_by: null,
    updated_at: new Date(plan.start),
  });
  for (const writerOf of Object.values(w)) await writerOf.flush();
  progress.step('waiting for the server');
  await loader.end();
  progress.set(units);
  return Object.fromEntries(Object.entries(w).map(([table, bw]) => [table, bw.count])) as Record<
    keyof typeof w,
    number
  >;
}

/** Some clients left something in their cart, at today's price. */
async function writeCarts(
  plan: Plan,
  offers: { id: number; price: number; active: boolean }[],
  w: { carts: BulkWriter<'carts'>; cart_items: BulkWriter<'cart_items'> },
) {
  const rng = new Rng(plan.seed, 7);
  const active = offers.filter((o) => o.active);
  let cartId = 0;
  let itemId = 0;
  const at = new Date(plan.now.getTime() - 2 * DAY_MS);
  for (let userId = staffCount(plan) + 1; userId <= plan.users; userId += 1) {
    if (!canOrder(plan, userId) || !rng.chance(0.02)) continue;
    cartId += 1;
    await put(w.carts, { id: cartId, user_id: userId, created_at: at, updated_at: at });
    const chosen = new Set<number>();
    for (let k = rng.int(1, 3); k > 0; k -= 1) {
      const offer = rng.pick(active);
      if (chosen.has(offer.id)) continue;
      chosen.add(offer.id);
      itemId += 1;
      await put(w.cart_items, {
        id: itemId,
        cart_id: cartId,
        offer_id: offer.id,
        quantity: 1,
        unit_price_seen_cents: offer.price,
        created_at: at,
      });
    }
  }
}
