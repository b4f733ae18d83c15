// What a shopper notices in the catalog: what a search finds, in which order, how filters and pages behave.
import { hashPassword } from '@damso/auth';
import { seedDemoData } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { callerFor, createTestUser } from '../../testing/index.ts';

let t: TestDatabase;
const visitor = () => callerFor(t.db, null);
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db, { uploadDir: `/tmp/damso-test-uploads-${process.pid}`, hashPassword });
});
afterAll(() => t.drop());

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'NOT_A_TRPC_ERROR';
  }
}

describe('catalog search', () => {
  it('ranks the offer whose title holds every word above offers that only mention them', async () => {
    const r = await visitor().catalog.search({ q: 'tunewave family' });
    expect(r.items[0]?.title).toMatch(/^Tunewave Family/);
    expect(r.items.every((o) => o.serviceName === 'Tunewave')).toBe(true);
  });

  it('finds offers by the start of a word in the service name and in the title', async () => {
    const byService = await visitor().catalog.search({ q: 'pixelf' });
    expect(byService.items.map((o) => o.serviceName)).toEqual(['Pixelforge', 'Pixelforge']);
    const byPlan = await visitor().catalog.search({ q: 'antivir' });
    expect(byPlan.items.map((o) => o.title)).toEqual(['Shieldon Antivirus 1 device — 12 months']);
  });

  it('matches words shorter than the index minimum on the title', async () => {
    const r = await visitor().catalog.search({ q: 'TB' });
    expect(r.items.map((o) => o.title)).toEqual(['Cloudnest 2 TB storage — 12 months']);
  });

  it('falls back to close matches when a word is mistyped, and says so', async () => {
    const r = await visitor().catalog.search({ q: 'streamyl' });
    expect(r.loose).toBe(true);
    expect(r.items[0]?.serviceName).toBe('Streamly');
    const exact = await visitor().catalog.search({ q: 'streamly' });
    expect(exact.loose).toBe(false);
  });

  it('refuses a price range whose highest price is below its lowest, beside the field', async () => {
    const refused = await visitor()
      .catalog.search({ minPrice: 3000, maxPrice: 1000 })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    const error = refused as TRPCError;
    expect(error.code).toBe('BAD_REQUEST');
    expect((error.cause as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues).toEqual([
      expect.objectContaining({ path: ['maxPrice'], message: 'The highest price is below the lowest.' }),
    ]);
  });

  it('filters by category, price range and duration together', async () => {
    const r = await visitor().catalog.search({ category: 'security', minPrice: 1000, maxPrice: 3000, duration: '365' });
    expect(r.items.map((o) => o.title).sort()).toEqual([
      'Keyvault Families — 12 months',
      'Keyvault Password manager — 12 months',
      'Shieldon Antivirus 1 device — 12 months',
      'Tunnelbee VPN — 12 months',
    ]);
    const lifetime = await visitor().catalog.search({ duration: 'lifetime' });
    expect(lifetime.total).toBe(3);
    expect(lifetime.items.every((o) => o.durationDays === null)).toBe(true);
  });

  it('sorts by price both ways, by newest and by rating', async () => {
    const up = await visitor().catalog.search({ sort: 'price_asc', pageSize: 48 });
    const prices = up.items.map((o) => o.priceCents);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const down = await visitor().catalog.search({ sort: 'price_desc', pageSize: 48 });
    expect(down.items.map((o) => o.priceCents)).toEqual([...prices].sort((a, b) => b - a));
    const newest = await visitor().catalog.search({ sort: 'newest', pageSize: 1 });
    expect(newest.items[0]?.title).toBe('Keyvault Families — 12 months');
    const rated = await visitor().catalog.search({ sort: 'rating', pageSize: 3 });
    expect(rated.items.map((o) => o.ratingAverage)).toEqual([5, 5, 4]);
  });

  it('pages without overlap and returns an empty last page past the end', async () => {
    const seen = new Set<number>();
    for (let page = 1; page <= 3; page += 1) {
      const r = await visitor().catalog.search({ page, pageSize: 12, sort: 'price_asc' });
      for (const o of r.items) seen.add(o.id);
    }
    expect(seen.size).toBe(30);
    const past = await visitor().catalog.search({ page: 4, pageSize: 12 });
    expect(past.items).toEqual([]);
    expect(past.pageCount).toBe(3);
    expect(await codeOf(visitor().catalog.search({ page: 0 }))).toBe('BAD_REQUEST');
    expect(await codeOf(visitor().catalog.search({ pageSize: 500 }))).toBe('BAD_REQUEST');
  });

  it('treats boolean-mode operators, quotes and LIKE wildcards as plain text', async () => {
    const ids = async (q?: string) => (await visitor().catalog.search({ q, pageSize: 48 })).items.map((o) => o.id);
    // Hostile text finds exactly what its letters and digits alone would find.
    expect(await ids("' OR 1=1 --")).toEqual(await ids('OR 1 1'));
    expect(await ids('+streamly -premium*')).toEqual(await ids('streamly premium'));
    expect(await ids('%')).toEqual(await ids());
    expect(await ids('_')).toEqual(await ids());
    expect(await ids('"unbalanced')).toEqual([]);
    expect(await ids('zz\\'.repeat(30))).toEqual([]);
    expect(await codeOf(visitor().catalog.search({ q: 'x'.repeat(101) }))).toBe('BAD_REQUEST');
    expect((await visitor().catalog.search({})).total).toBe(30);
  });
});

describe('offer page', () => {
  it('shows an active offer by its slug with description, saving and rating', async () => {
    const offer = await visitor().catalog.offer({ slug: 'streamly-premium-1-month' });
    expect(offer.title).toBe('Streamly Premium — 1 month');
    expect(offer.description.length).toBeGreaterThan(20);
    expect(offer.compareAtCents).toBeGreaterThan(offer.priceCents);
    expect(offer.ratingAverage).toBe(5);
    expect(offer.ratingCount).toBe(1);
  });

  it('hides a deactivated offer from shoppers but lets an admin preview it', async () => {
    const setActive = (on: boolean) =>
      t.db
        .updateTable('offers')
        .set({ is_active: on ? 1 : 0 })
        .where('slug', '=', 'kinora-ultra-hd-1-month')
        .execute();
    await setActive(false);
    // The other tests count the whole demo catalog, so the offer comes back even if this test fails.
    onTestFinished(() => setActive(true).then(() => undefined));
    expect(await codeOf(visitor().catalog.offer({ slug: 'kinora-ultra-hd-1-month' }))).toBe('NOT_FOUND');
    const client = await createTestUser(t.db);
    expect(await codeOf(callerFor(t.db, client).catalog.offer({ slug: 'kinora-ultra-hd-1-month' }))).toBe('NOT_FOUND');
    const admin = await createTestUser(t.db, { role: 'admin' });
    const preview = await callerFor(t.db, admin).catalog.offer({ slug: 'kinora-ultra-hd-1-month' });
    expect(preview.isActive).toBe(false);
    expect((await visitor().catalog.search({ q: 'kinora' })).items.map((o) => o.title)).toEqual([
      'Kinora Ultra HD — 12 months',
    ]);
  });

  it('answers an unknown slug with NOT_FOUND', async () => {
    expect(await codeOf(visitor().catalog.offer({ slug: 'no-such-offer' }))).toBe('NOT_FOUND');
  });
});
