// The catalog at scale, as a shopper notices it: every sort walks page by page with "Next" and back
// with "Previous" without a gap or a repeat, both query plans give the same pages, counts stay right
// as offers change, and a sale or a rating moves an offer in its sort at once.
import { randomBytes } from 'node:crypto';
import { recountCategoryOffers } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import type { CatalogSearchInput } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser } from '../../testing/index.ts';
import { orderWorld } from '../../testing/orders.ts';
import { searchOffers } from './catalog.ts';
import { forgetSearchSample } from './search-plan.ts';

let t: TestDatabase;
const visitor = () => callerFor(t.db, null);

interface Made {
  id: number;
  title: string;
  category: string;
  active: boolean;
  price: number;
  sold: number;
  created: number;
  duration: number | null;
  rating: number;
  ratings: number;
}
let made: Made[] = [];
let slugs: { a: string; b: string };

const BRANDS = ['Alphacast', 'Betaview', 'Gammatune'];
const PLANS = ['Family', 'Premium', 'Solo', 'Student'];

/** Offers with many ties (price, sales, date, rating), so the id tie-break is what orders them. */
async function makeCatalog(count: number) {
  const tag = randomBytes(3).toString('hex');
  slugs = { a: `cat-a-${tag}`, b: `cat-b-${tag}` };
  const ids: Record<string, number> = {};
  for (const slug of [slugs.a, slugs.b]) {
    const r = await t.db
      .insertInto('categories')
      .values({ slug, name: `Category ${slug}` })
      .executeTakeFirstOrThrow();
    ids[slug] = Number(r.insertId);
  }
  const base = Date.now() - 100 * 86_400_000;
  const rows = Array.from({ length: count }, (_, i) => {
    const ratings = i % 4;
    return {
      slug: `plan-${tag}-${i}`,
      title: `${BRANDS[i % 3]} ${PLANS[i % 4]} — ${i % 2 ? '1 month' : '12 months'}`,
      service_name: BRANDS[i % 3] as string,
      category_id: ids[i % 3 === 2 ? slugs.b : slugs.a] as number,
      description: 'A plan for paging tests.',
      duration_days: [30, 365, null, 90][i % 4] ?? null,
      price_cents: 500 + (i % 7) * 250,
      is_active: i % 10 === 9 ? 0 : 1,
      sold_count: (i * 13) % 5,
      rating_sum: ratings * (1 + (i % 5)),
      rating_count: ratings,
      created_at: new Date(base + Math.floor(i / 3) * 3_600_000),
    };
  });
  await t.db.insertInto('offers').values(rows).execute();
  await recountCategoryOffers(t.db);
  const stored = await t.db
    .selectFrom('offers as o')
    .innerJoin('categories as c', 'c.id', 'o.category_id')
    .select([
      'o.id',
      'o.title',
      'c.slug',
      'o.is_active',
      'o.price_cents',
      'o.sold_count',
      'o.created_at',
      'o.duration_days',
      'o.rating_sum',
      'o.rating_count',
    ])
    .execute();
  made = stored.map((r) => ({
    id: r.id,
    title: r.title,
    category: r.slug,
    active: r.is_active === 1,
    price: r.price_cents,
    sold: r.sold_count,
    created: r.created_at.getTime(),
    duration: r.duration_days,
    rating: r.rating_count ? r.rating_sum / r.rating_count : 0,
    ratings: r.rating_count,
  }));
}

beforeAll(async () => {
  t = await createTestDatabase();
  await makeCatalog(150);
});
afterAll(() => t.drop());

type Sort = NonNullable<CatalogSearchInput['sort']>;
const ORDER: Record<Sort, (a: Made, b: Made) => number> = {
  popular: (a, b) => b.sold - a.sold || b.id - a.id,
  price_asc: (a, b) => a.price - b.price || a.id - b.id,
  price_desc: (a, b) => b.price - a.price || b.id - a.id,
  newest: (a, b) => b.created - a.created || b.id - a.id,
  rating: (a, b) => b.rating - a.rating || b.ratings - a.ratings || b.id - a.id,
};
const SORTS = Object.keys(ORDER) as Sort[];

/** Follows "Next" from page 1 to the end, then "Previous" back to the start; returns both walks. */
async function walk(input: CatalogSearchInput, plan?: 'walk' | 'gather') {
  const search = (i: CatalogSearchInput) => (plan ? searchOffers(t.db, i, { plan }) : visitor().catalog.search(i));
  const pages: number[][] = [];
  let page = await search(input);
  pages.push(page.items.map((o) => o.id));
  let n = 1;
  while (page.nextCursor) {
    n += 1;
    page = await search({ ...input, cursor: page.nextCursor, page: n });
    pages.push(page.items.map((o) => o.id));
    if (n > 100) throw new Error('no end in sight');
  }
  const back: number[][] = [page.items.map((o) => o.id)];
  while (page.prevCursor) {
    page = await search({ ...input, cursor: page.prevCursor, page: Math.max(1, --n) });
    back.unshift(page.items.map((o) => o.id));
    if (back.length > 100) throw new Error('no start in sight');
  }
  return { pages, back, first: await search(input) };
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'NOT_A_TRPC_ERROR';
  }
}

describe('catalog pages', () => {
  it.each(SORTS)(
    'walks %s page by page with Next and back with Previous: every active offer once, in order',
    async (sort) => {
      const expected = made
        .filter((o) => o.active)
        .sort(ORDER[sort])
        .map((o) => o.id);
      const { pages, back } = await walk({ sort, pageSize: 7 });
      expect(pages.flat()).toEqual(expected);
      expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
      // Previous leads back through the same pages (the last one may be shorter, so compare the offers).
      expect(back.flat()).toEqual(expected);
      // A page by number is the same page as the one reached by Next.
      const third = await visitor().catalog.search({ sort, pageSize: 7, page: 3 });
      expect(third.items.map((o) => o.id)).toEqual(pages[2]);
    },
  );

  it.each<[string, CatalogSearchInput, (o: Made) => boolean]>([
    ['a common word', { q: 'family' }, (o) => /family/i.test(o.title)],
    ['a brand and a plan', { q: 'alphac prem', sort: 'price_asc' }, (o) => /alphacast premium/i.test(o.title)],
    ['a short word', { q: 'so', sort: 'newest' }, (o) => /\bso/i.test(o.title)],
    [
      'a category and a duration',
      { category: 'b', duration: 'lifetime' },
      (o) => o.category === slugs.b && o.duration === null,
    ],
    [
      'a price range, best rated',
      { minPrice: 1000, maxPrice: 1250, sort: 'rating' },
      (o) => o.price >= 1000 && o.price <= 1250,
    ],
    [
      'words, category and price',
      { q: 'gammatune', category: 'b', maxPrice: 1500 },
      (o) => o.category === slugs.b && o.price <= 1500 && /gammatune/i.test(o.title),
    ],
  ])('finds %s the same way whichever plan reads it', async (_name, raw, keep) => {
    const input = { ...raw, category: raw.category ? slugs[raw.category as 'a' | 'b'] : undefined, pageSize: 5 };
    const sort = input.sort ?? 'popular';
    const expected = made
      .filter((o) => o.active && keep(o))
      .sort(ORDER[sort])
      .map((o) => o.id);
    expect(expected.length).toBeGreaterThan(5);
    for (const plan of ['walk', 'gather'] as const) {
      const { pages, back, first } = await walk(input, plan);
      expect(pages.flat(), plan).toEqual(expected);
      expect(back.flat(), plan).toEqual(expected);
      if (first.total !== null) expect(first.total, plan).toBe(expected.length);
    }
    expect((await walk(input)).pages.flat()).toEqual(expected);
  });

  it('falls back to close matches for a mistyped word, and Next stays on them', async () => {
    const { pages, first } = await walk({ q: 'betaviwe', pageSize: 8 });
    expect(first.loose).toBe(true);
    const expected = made
      .filter((o) => o.active && /betav/i.test(o.title))
      .sort(ORDER.popular)
      .map((o) => o.id);
    expect(pages.flat()).toEqual(expected);
  });

  it('sends deep page numbers to Next, and refuses a forged or foreign cursor with a clear error', async () => {
    expect(await codeOf(visitor().catalog.search({ pageSize: 12, page: 84 }))).toBeNull();
    expect(await codeOf(visitor().catalog.search({ pageSize: 12, page: 85 }))).toBe('BAD_REQUEST');
    const popular = await visitor().catalog.search({ pageSize: 7 });
    expect(await codeOf(visitor().catalog.search({ sort: 'newest', cursor: popular.nextCursor ?? '' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(visitor().catalog.search({ cursor: "p.a.1' OR 1=1" }))).toBe('BAD_REQUEST');
  });
});

describe('catalog counts', () => {
  it('counts exactly up to 1,000 and says "1,000+" beyond, without counting further', async () => {
    const tag = randomBytes(3).toString('hex');
    const c = await t.db
      .insertInto('categories')
      .values({ slug: `big-${tag}`, name: `Big ${tag}` })
      .executeTakeFirstOrThrow();
    const rows = Array.from({ length: 1005 }, (_, i) => ({
      slug: `big-${tag}-${i}`,
      title: `Bulk plan ${i}`,
      service_name: 'Bulkly',
      category_id: Number(c.insertId),
      description: 'One of many.',
      duration_days: 90,
      price_cents: 777,
    }));
    await t.db.insertInto('offers').values(rows).execute();
    await recountCategoryOffers(t.db);
    forgetSearchSample(t.db);
    try {
      const capped = await visitor().catalog.search({ duration: '90' });
      expect([capped.total, capped.totalCapped, capped.pageCount]).toEqual([1000, true, null]);
      const exact = await visitor().catalog.search({ category: `big-${tag}` });
      expect([exact.total, exact.totalCapped, exact.pageCount]).toEqual([1005, false, 84]);
      const narrow = await visitor().catalog.search({ minPrice: 777, maxPrice: 777, pageSize: 48 });
      expect([narrow.total, narrow.totalCapped]).toEqual([1000, true]);
      const all = await visitor().catalog.search({});
      const home = (await visitor().catalog.home()).categories;
      expect(all.total).toBe(home.reduce((n, c) => n + c.offerCount, 0));
      expect(home.find((h) => h.slug === `big-${tag}`)?.offerCount).toBe(1005);
    } finally {
      await t.db.deleteFrom('offers').where('category_id', '=', Number(c.insertId)).execute();
      await t.db.deleteFrom('categories').where('id', '=', Number(c.insertId)).execute();
      forgetSearchSample(t.db);
    }
  });

  it('keeps the category counts of home and the filters right as an admin creates, moves, hides and deletes an offer', async () => {
    const admin = await createTestUser(t.db, { role: 'admin' });
    const caller = callerFor(t.db, admin);
    const counts = async () =>
      Object.fromEntries((await visitor().catalog.home()).categories.map((c) => [c.slug, c.offerCount]));
    const before = await counts();
    const [a, b] = await t.db
      .selectFrom('categories')
      .select('id')
      .where('slug', 'in', [slugs.a, slugs.b])
      .orderBy('slug')
      .execute();
    const form = {
      title: `Counted plan ${randomBytes(2).toString('hex')}`,
      serviceName: 'Countly',
      categoryId: a?.id ?? 0,
      description: 'Counted as it changes.',
      duration: '30' as const,
      price: '9.99',
      compareAt: '',
      deliveryMode: 'manual' as const,
      isActive: true,
      isFeatured: false,
      lowStockThreshold: 5,
      imageKey: null,
    };
    const { id } = await caller.admin.offers.create(form);
    expect(await counts()).toEqual({ ...before, [slugs.a]: (before[slugs.a] ?? 0) + 1 });
    await caller.admin.offers.update({ id, offer: { ...form, categoryId: b?.id ?? 0 } });
    expect(await counts()).toEqual({ ...before, [slugs.b]: (before[slugs.b] ?? 0) + 1 });
    await caller.admin.offers.setActive({ id, active: false });
    expect(await counts()).toEqual(before);
    await caller.admin.offers.setActive({ id, active: true });
    await caller.admin.offers.delete({ id });
    expect(await counts()).toEqual(before);
    const total = (await visitor().catalog.search({})).total;
    expect(total).toBe(Object.values(before).reduce((n, c) => n + c, 0));
  });
});

describe('sort keys after a sale and a rating', () => {
  it('moves a delivered offer up in "popular" and a newly rated one to the top of "best rated"', async () => {
    const w = orderWorld(t.db);
    const employee = await createTestUser(t.db, { role: 'employee' });
    const admin = await createTestUser(t.db, { role: 'admin' });
    const offer = await w.offer({ mode: 'automatic', duration: 30 });
    // The other tests walk the catalog they made: this offer leaves the shop when the test ends.
    onTestFinished(async () => {
      await callerFor(t.db, admin).admin.offers.setActive({ id: offer.id, active: false });
    });
    await w.stock(offer.id, ['SORT-0001', 'SORT-0002', 'SORT-0003', 'SORT-0004', 'SORT-0005', 'SORT-0006']);
    const position = async (sort: Sort) => {
      const page = await visitor().catalog.search({ sort, pageSize: 48 });
      return page.items.findIndex((o) => o.id === offer.id);
    };
    const top = Math.max(...made.map((o) => o.sold));
    expect(await position('popular')).toBe(-1);

    const client: SessionUser = await createTestUser(t.db);
    const number = await w.placeOrder(client, [{ offerId: offer.id, quantity: top + 1 }]);
    await w.toReview(number, client);
    await w.claim(employee, number);
    await w.as(employee).desk.approve({ number });
    expect(await position('popular')).toBe(0);

    expect(await position('rating')).toBe(-1);
    await w.as(client).comments.create({ offerId: offer.id, body: 'Worked at once, five stars.', rating: 5 });
    const rated = await visitor().catalog.search({ sort: 'rating', pageSize: 48 });
    const fives = made.filter((o) => o.active && o.rating === 5);
    // Tied at 5.0 with the offers rated 5 by more people, it comes after them.
    expect(rated.items.findIndex((o) => o.id === offer.id)).toBe(fives.filter((o) => o.ratings > 1).length);
    expect(rated.items.find((o) => o.id === offer.id)?.ratingAverage).toBe(5);
  });
});
