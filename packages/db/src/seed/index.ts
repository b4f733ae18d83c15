// Demo data for a fresh database: categories, about 30 offers with drawn images, one user per role,
// one delivered order and a few comments. Runs only when the database has no users, so running it twice
// changes nothing. Every time is written from `now`, never left to the database's clock, which may differ
// from the app's, and in the order the app would have written them (never after `now`). Counts shown in
// the shop (sold, ratings, offers per category) are recounted from the seeded rows, never typed in.
import { randomBytes } from 'node:crypto';
import type { FileStore } from '@damso/storage';
import { sql } from 'kysely';
import { recountCategoryOffers } from '../category-counts.ts';
import type { Database } from '../client.ts';
import { recountOfferRatings, recountOfferSales } from '../offer-counts.ts';
import { orderClient } from '../order-client.ts';
import { itemsSummary } from '../order-items-summary.ts';
import { DEMO_CATEGORIES, DEMO_OFFERS, describe } from './catalog-data.ts';
import { drawOfferImage, drawReceiptImage } from './images.ts';

/** Where the demo pictures go: the server's file store, or its local upload folder. */
type SeedFiles = { storage: FileStore; uploadDir?: undefined } | { uploadDir: string; storage?: undefined };

export const DEMO_PASSWORD = 'damso-demo-2026';
export const DEMO_LOGINS = [
  { role: 'admin', email: 'admin@damso.test', fullName: 'Ada Admin', phone: '+14155550101' },
  { role: 'employee', email: 'employee@damso.test', fullName: 'Eli Employee', phone: '+442071838750' },
  { role: 'client', email: 'client@damso.test', fullName: 'Chloe Client', phone: '+33612345678' },
] as const;

export interface SeedResult {
  seeded: boolean;
  offers: number;
  stockCodes: number;
}

/** The part of @damso/auth's Encryptor the seed needs; typed here so db does not depend on auth. */
export interface SeedEncryptor {
  encrypt(plain: string): Buffer;
  fingerprint(plain: string): string;
}

// Automatic offers get this many codes; every third one is left short so "low stock" shows in the admin.
const DEMO_STOCK = 12;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DEMO_LOW_STOCK = 3;

function demoCode(service: string) {
  const part = () => randomBytes(3).toString('hex').toUpperCase();
  return `${service
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 6)
    .toUpperCase()}-${part()}-${part()}`;
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function durationLabel(days: number | null) {
  return days === null ? 'Lifetime' : days === 365 ? '12 months' : `${days / 30} month${days > 30 ? 's' : ''}`;
}

export async function seedDemoData(
  db: Database,
  options: SeedFiles & {
    hashPassword: (plain: string) => Promise<string>;
    now?: Date;
    /** Without it no stock codes are made (they must be encrypted with the server's key). */
    encryptor?: SeedEncryptor;
  },
): Promise<SeedResult> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return { seeded: false, offers: 0, stockCodes: 0 };
  let stockCodes = 0;
  const now = options.now ?? new Date();
  const passwordHash = await options.hashPassword(DEMO_PASSWORD);
  const images = await Promise.all(
    DEMO_OFFERS.map((offer) =>
      drawOfferImage(
        options.storage ?? options.uploadDir,
        offer.service,
        `${offer.plan} · ${durationLabel(offer.duration)}`,
        offer.color,
      ),
    ),
  );

  const receipt = await drawReceiptImage(options.storage ?? options.uploadDir, [
    'Bank transfer — confirmation',
    'To: Damso Stream Ltd',
    'Reference: DS-000001',
    'Status: executed',
  ]);

  await db.transaction().execute(async (trx) => {
    // A second seeder racing this one stops here on the unique email instead of doubling the catalog.
    const userIds: Record<string, number> = {};
    for (const login of DEMO_LOGINS) {
      const r = await trx
        .insertInto('users')
        .values({
          email: login.email,
          full_name: login.fullName,
          phone: login.phone,
          password_hash: passwordHash,
          role: login.role,
          email_verified_at: now,
          created_at: now,
        })
        .executeTakeFirstOrThrow();
      userIds[login.role] = Number(r.insertId);
    }
    const categoryIds: Record<string, number> = {};
    for (const [position, category] of DEMO_CATEGORIES.entries()) {
      const r = await trx
        .insertInto('categories')
        .values({ ...category, position, created_at: now })
        .executeTakeFirstOrThrow();
      categoryIds[category.slug] = Number(r.insertId);
    }
    const rows = DEMO_OFFERS.map((offer, i) => {
      const title = `${offer.service} ${offer.plan}${offer.duration === null ? ' (lifetime)' : ` — ${durationLabel(offer.duration)}`}`;
      return {
        slug: slugify(`${offer.service} ${offer.plan} ${durationLabel(offer.duration)}`),
        title,
        service_name: offer.service,
        category_id: categoryIds[offer.category] as number,
        description: describe(offer),
        duration_days: offer.duration,
        price_cents: offer.price,
        compare_at_cents: offer.compareAt,
        image_key: images[i] ?? null,
        delivery_mode: offer.automatic ? ('automatic' as const) : ('manual' as const),
        is_featured: offer.featured ? 1 : 0,
        // Spread creation times so "newest" has a visible order.
        created_at: new Date(now.getTime() - (DEMO_OFFERS.length - i) * 3_600_000),
        updated_at: now,
      };
    });
    await trx.insertInto('offers').values(rows).execute();
    const offers = await trx
      .selectFrom('offers')
      .select(['id', 'slug', 'service_name', 'delivery_mode'])
      .orderBy('id')
      .execute();
    const { encryptor } = options;
    if (encryptor) {
      const codes = offers
        .filter((offer) => offer.delivery_mode === 'automatic')
        .flatMap((offer, i) =>
          Array.from({ length: i % 3 === 2 ? DEMO_LOW_STOCK : DEMO_STOCK }, () => {
            const code = demoCode(offer.service_name);
            return {
              offer_id: offer.id,
              code_ciphertext: encryptor.encrypt(code),
              code_hash: encryptor.fingerprint(code),
              created_at: now,
            };
          }),
        );
      if (codes.length) await trx.insertInto('offer_stock_codes').values(codes).execute();
      stockCodes = codes.length;
    }

    // The demo client bought the offers they rate below, so their "verified purchase" badges are true.
    const rated = [0, 7, 13].map((i) => ({ offer: offers[i], spec: DEMO_OFFERS[i] })).filter((r) => r.offer && r.spec);
    const subtotal = rated.reduce((sum, r) => sum + (r.spec?.price ?? 0), 0);
    // The order's life five days ago, step by step as the app records it: ordered, receipt sent,
    // payment verified, delivered.
    const orderedAt = new Date(now.getTime() - 5 * DAY_MS);
    const receiptAt = new Date(orderedAt.getTime() + 12 * MINUTE_MS);
    const paidAt = new Date(orderedAt.getTime() + 40 * MINUTE_MS);
    const deliveredAt = new Date(orderedAt.getTime() + 55 * MINUTE_MS);
    const order = await trx
      .insertInto('orders')
      .values({
        number: 'DS-000001',
        user_id: userIds.client as number,
        ...(await orderClient(trx, userIds.client as number)),
        status: 'delivered',
        subtotal_cents: subtotal,
        total_cents: subtotal,
        idempotency_key: 'demo-seed-order',
        items_summary: itemsSummary(
          rated.map(({ spec }) => ({ title: `${spec?.service} ${spec?.plan}`, quantity: 1 })),
        ),
        created_at: orderedAt,
        paid_at: paidAt,
        delivered_at: deliveredAt,
        updated_at: deliveredAt,
      })
      .executeTakeFirstOrThrow();
    const orderId = Number(order.insertId);
    await trx
      .insertInto('payment_receipts')
      .values({
        order_id: orderId,
        storage_key: receipt.key,
        original_name: 'bank-transfer-DS-000001.webp',
        mime_type: 'image/webp',
        size_bytes: receipt.size,
        uploaded_by: userIds.client as number,
        created_at: receiptAt,
      })
      .execute();
    await trx
      .insertInto('order_items')
      .values(
        rated.map(({ offer, spec }) => ({
          order_id: orderId,
          offer_id: offer?.id as number,
          title: `${spec?.service} ${spec?.plan}`,
          service_name: spec?.service as string,
          unit_price_cents: spec?.price as number,
          quantity: 1,
          duration_days: spec?.duration ?? null,
          delivery_mode: offer?.delivery_mode as 'manual' | 'automatic',
          delivery_ciphertext: encryptor ? encryptor.encrypt(demoCode(spec?.service as string)) : null,
          delivered_at: deliveredAt,
          delivered_by: userIds.employee as number,
        })),
      )
      .execute();
    await trx
      .insertInto('order_events')
      .values([
        {
          order_id: orderId,
          from_status: null,
          to_status: 'awaiting_payment',
          actor_id: userIds.client as number,
          created_at: orderedAt,
        },
        {
          order_id: orderId,
          from_status: 'awaiting_payment',
          to_status: 'payment_review',
          actor_id: userIds.client as number,
          created_at: receiptAt,
        },
        {
          order_id: orderId,
          from_status: 'payment_review',
          to_status: 'paid',
          actor_id: userIds.employee as number,
          created_at: paidAt,
        },
        {
          order_id: orderId,
          from_status: 'paid',
          to_status: 'delivered',
          actor_id: userIds.employee as number,
          created_at: deliveredAt,
        },
      ])
      .execute();
    const items = await trx
      .selectFrom('order_items')
      .select(['id', 'offer_id', 'duration_days'])
      .where('order_id', '=', orderId)
      .execute();
    const subscriptions = items.flatMap((item) =>
      item.duration_days
        ? [
            {
              user_id: userIds.client as number,
              offer_id: item.offer_id,
              order_item_id: item.id,
              starts_at: deliveredAt,
              ends_at: new Date(deliveredAt.getTime() + item.duration_days * DAY_MS),
              created_at: deliveredAt,
            },
          ]
        : [],
    );
    if (subscriptions.length) {
      await trx.insertInto('subscriptions').values(subscriptions).execute();
      // Each subscription's paid time, as delivery records it next to the subscription.
      await sql`INSERT INTO subscription_periods (subscription_id, order_item_id, starts_at, ends_at, delivered_at, created_at)
        SELECT id, order_item_id, starts_at, ends_at, ${deliveredAt}, ${deliveredAt} FROM subscriptions
        WHERE user_id = ${userIds.client as number}`.execute(trx);
    }

    // Reviews written in the days after the delivery, the question a few hours ago.
    const comments = [
      {
        offer: 0,
        body: 'Code arrived two minutes after my transfer was confirmed. Works perfectly.',
        rating: 5,
        at: 1,
      },
      { offer: 7, body: 'Great price for a month of music, renewal was painless too.', rating: 4, at: 2 },
      { offer: 13, body: 'Activated on my laptop and phone without any trouble.', rating: 5, at: 3 },
      { offer: 3, body: 'Does the family plan work on two TVs at the same time?', rating: null, at: null },
    ];
    for (const c of comments) {
      const offer = offers[c.offer];
      if (!offer) continue;
      await trx
        .insertInto('comments')
        .values({
          offer_id: offer.id,
          user_id: userIds.client as number,
          body: c.body,
          rating: c.rating,
          verified_purchase: c.rating ? 1 : 0,
          created_at:
            c.at === null
              ? new Date(now.getTime() - 3 * 60 * MINUTE_MS)
              : new Date(deliveredAt.getTime() + c.at * DAY_MS),
        })
        .execute();
    }
    await recountOfferSales(trx);
    await recountOfferRatings(trx);
    await recountCategoryOffers(trx);
    await trx
      .insertInto('settings')
      .values({
        name: 'payment_instructions',
        value:
          'Pay by bank transfer to Damso Stream Ltd, IBAN GB00 DEMO 0000 0000 0000 00, and put your order number in the reference. Then upload your receipt on the order page.',
      })
      .execute();
  });
  return { seeded: true, offers: DEMO_OFFERS.length, stockCodes };
}
