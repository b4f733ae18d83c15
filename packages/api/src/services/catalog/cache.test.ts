// The catalog cache (cache.ts) with the server's setting on: repeated catalog reads and an offer's
// comments come from memory, a change made through the services shows at once in the process that
// made it, and a change committed by another process shows once this one next reads the version.
import { randomBytes, randomInt } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import type { OfferFormValues } from '@damso/validators';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser, testConfig } from '../../testing/index.ts';

let t: TestDatabase;
let admin: SessionUser;
let categoryId: number;
const config = testConfig({ catalogCache: true });
const shopper = () => callerFor(t.db, null, { config });
const asAdmin = () => callerFor(t.db, admin, { config });

beforeAll(async () => {
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { role: 'admin' });
  ({ id: categoryId } = await asAdmin().admin.categories.create({ name: `Cached ${randomBytes(3).toString('hex')}` }));
});
afterAll(() => t.drop());

const form = (over: Partial<OfferFormValues> = {}): OfferFormValues => ({
  title: `Cachely Plus ${randomBytes(3).toString('hex')}`,
  serviceName: 'Cachely',
  categoryId,
  description: 'A plan that the catalog cache keeps in memory.',
  duration: '30',
  price: '4.99',
  compareAt: '',
  deliveryMode: 'manual',
  isActive: true,
  isFeatured: false,
  lowStockThreshold: 0,
  imageKey: null,
  ...over,
});

const priceIn = async (title: string) => {
  const page = await shopper().catalog.search({ q: title });
  return page.items.find((o) => o.title === title)?.priceCents ?? null;
};

/** What another app process does when it changes an offer: the row and a version shard, in one transaction. */
async function otherProcessSetsPrice(offerId: number, cents: number) {
  await t.db.transaction().execute(async (trx) => {
    await trx.updateTable('offers').set({ price_cents: cents }).where('id', '=', offerId).execute();
    await sql`UPDATE cache_versions SET version = version + 1
      WHERE name = 'catalog' AND shard = ${randomInt(16)}`.execute(trx);
  });
}

describe('the catalog cache', () => {
  it('answers a repeated search from memory until another process commits a change, then shows it', async () => {
    const title = `Cachely Plus ${randomBytes(3).toString('hex')}`;
    const created = await asAdmin().admin.offers.create(form({ title }));
    expect(await priceIn(title)).toBe(499);
    // Changed behind the services' back (no version change): the shop keeps its answer.
    await t.db.updateTable('offers').set({ price_cents: 555 }).where('id', '=', created.id).execute();
    expect(await priceIn(title)).toBe(499);
    // Another process's committed change is seen once this process reads the version again.
    await otherProcessSetsPrice(created.id, 777);
    await expect.poll(() => priceIn(title)).toBe(777);
  });

  it('shows an admin’s change at once: offer page, search, home and the categories', async () => {
    const title = `Cachely Max ${randomBytes(3).toString('hex')}`;
    const created = await asAdmin().admin.offers.create(form({ title, isFeatured: true }));
    expect((await shopper().catalog.offer({ slug: created.slug })).priceCents).toBe(499);
    expect(await priceIn(title)).toBe(499);
    const before = await shopper().catalog.categories();

    await asAdmin().admin.offers.update({ id: created.id, offer: form({ title: title, price: '3.49' }) });
    expect((await shopper().catalog.offer({ slug: created.slug })).priceCents).toBe(349);
    expect(await priceIn(title)).toBe(349);

    await asAdmin().admin.offers.setActive({ id: created.id, active: false });
    await expect(shopper().catalog.offer({ slug: created.slug })).rejects.toThrow('This offer is not available.');
    expect(await priceIn(title)).toBeNull();
    const count = (list: typeof before) => list.find((c) => c.id === categoryId)?.offerCount;
    expect(count(await shopper().catalog.categories())).toBe((count(before) ?? 0) - 1);
    expect((await shopper().catalog.home()).featured.map((o) => o.id)).not.toContain(created.id);

    await asAdmin().admin.categories.rename({ id: categoryId, name: `Renamed ${randomBytes(3).toString('hex')}` });
    const renamed = (await shopper().catalog.categories()).find((c) => c.id === categoryId)?.name;
    expect(renamed).toMatch(/^Renamed /);
  });

  it('keeps the cache off when the setting is off: every read sees the tables', async () => {
    const created = await asAdmin().admin.offers.create(form());
    const uncached = () => callerFor(t.db, null, { config: testConfig() }).catalog.offer({ slug: created.slug });
    expect((await uncached()).priceCents).toBe(499);
    await t.db.updateTable('offers').set({ price_cents: 612 }).where('id', '=', created.id).execute();
    expect((await uncached()).priceCents).toBe(612);
  });
});

describe('an offer’s comments, cached like the catalog', () => {
  const comments = (offerId: number, viewer: SessionUser | null = null) =>
    callerFor(t.db, viewer, { config }).comments.list({ offerId, page: 1 });
  const bodies = async (offerId: number, viewer: SessionUser | null = null) =>
    (await comments(offerId, viewer)).items.map((c) => c.body);

  it('shows a visitor each new comment, reply, edit, rename and hide at once, but not a row written behind its back', async () => {
    const { id: offerId } = await asAdmin().admin.offers.create(form());
    const [ana, ben] = [await createTestUser(t.db), await createTestUser(t.db)];
    const anaSays = await callerFor(t.db, ana, { config }).comments.create({
      offerId,
      body: 'Works well',
      rating: null,
    });
    expect(await bodies(offerId)).toEqual(['Works well']);

    // Written behind the services' back (no version change): the visitor keeps the answer it has.
    await t.db
      .insertInto('comments')
      .values({ offer_id: offerId, user_id: ben.id, body: 'Unseen', created_at: new Date() })
      .execute();
    expect(await bodies(offerId)).toEqual(['Works well']);

    await callerFor(t.db, ben, { config }).comments.create({ offerId, body: 'Me too', rating: null });
    expect(await bodies(offerId)).toEqual(['Me too', 'Unseen', 'Works well']);
    await callerFor(t.db, ana, { config }).comments.update({ id: anaSays.id, body: 'Works very well', rating: null });
    expect(await bodies(offerId)).toContain('Works very well');
    await asAdmin().comments.reply({ parentId: anaSays.id, body: 'Thank you!' });
    const answered = (await comments(offerId)).items.find((c) => c.id === anaSays.id);
    expect(answered?.replies.map((r) => r.body)).toEqual(['Thank you!']);
    expect(answered?.author).toMatch(/^Test \d+\.$/);

    await callerFor(t.db, ana, { config }).account.updateProfile({
      fullName: 'Ana Sousa',
      phoneCountry: 'GB',
      phone: '020 7183 8750',
    });
    expect((await comments(offerId)).items.find((c) => c.id === anaSays.id)?.author).toBe('Ana S.');

    await asAdmin().admin.comments.setHidden({ id: anaSays.id, hidden: true });
    expect(await bodies(offerId)).toEqual(['Me too', 'Unseen']);
    // Staff read past the cache: the hidden comment, marked so.
    const staffView = await callerFor(t.db, admin, { config }).comments.list({ offerId, page: 1 });
    expect(staffView.items.find((c) => c.id === anaSays.id)?.hidden).toBe(true);
  });

  it('tells a signed-in client which comments are theirs, and leaves the visitors’ answer as it was', async () => {
    const { id: offerId } = await asAdmin().admin.offers.create(form());
    const ana = await createTestUser(t.db);
    const { id } = await callerFor(t.db, ana, { config }).comments.create({ offerId, body: 'Mine', rating: null });
    const visitor = await comments(offerId);
    const own = await comments(offerId, ana);
    expect(own.items.map((c) => [c.id, c.mine])).toEqual([[id, true]]);
    expect(own.viewer.canComment).toBe(true);
    expect((await comments(offerId)).items.map((c) => [c.id, c.mine])).toEqual([[id, false]]);
    expect(visitor.viewer.canComment).toBe(false);
  });

  it('shows a comment another process committed once this one reads the version again', async () => {
    const { id: offerId } = await asAdmin().admin.offers.create(form());
    const ana = await createTestUser(t.db);
    expect(await bodies(offerId)).toEqual([]);
    await t.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('comments')
        .values({ offer_id: offerId, user_id: ana.id, body: 'From afar', created_at: new Date() })
        .execute();
      await sql`INSERT INTO cache_versions (name, shard, version) VALUES ('comments', ${randomInt(16)}, 1)
        ON DUPLICATE KEY UPDATE version = version + 1`.execute(trx);
    });
    await expect.poll(() => bodies(offerId)).toEqual(['From afar']);
  });
});
