// Offer management as an admin sees it, and what the shop and the audit log show afterwards.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { hashPassword } from '@damso/auth';
import { orderClient, seedDemoData } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { localStore } from '@damso/storage';
import { type OfferFormValues, offerInput } from '@damso/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { writeTestImages } from '../../testing/images.ts';
import { callerFor, createTestUser, refusalOf, testConfig } from '../../testing/index.ts';
import { storeOfferImage } from './images.ts';

const uploadDir = `/tmp/damso-admin-offers-${process.pid}`;
const config = testConfig({ storage: localStore(uploadDir) });
let t: TestDatabase;
let admin: SessionUser;
const asAdmin = () => callerFor(t.db, admin, { config });
let musicId: number;

const form = (over: Partial<OfferFormValues> = {}): OfferFormValues => ({
  title: 'Soundbay Premium — 1 month',
  serviceName: 'Soundbay',
  categoryId: musicId,
  description: 'Ad-free music on every device, offline listening included.',
  duration: '30',
  price: '4.99',
  compareAt: '9.99',
  deliveryMode: 'automatic',
  isActive: true,
  isFeatured: false,
  lowStockThreshold: 5,
  imageKey: null,
  ...over,
});

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db, { uploadDir, hashPassword });
  admin = await createTestUser(t.db, { role: 'admin' });
  musicId = (await t.db.selectFrom('categories').select('id').where('slug', '=', 'music').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t.drop();
  await rm(uploadDir, { recursive: true, force: true });
});

describe('admin offers', () => {
  it('creates an offer with an uploaded image; the shop finds it and the audit log records it', async () => {
    // A brand no other test uses, so the search below finds this test's offers only.
    const brand = { title: 'Harbourtone Premium — 1 month', serviceName: 'Harbourtone' };
    const files = await writeTestImages(path.join(uploadDir, 'picked'));
    const { key } = await storeOfferImage(config.storage, await readFile(files.validPng));
    const created = await asAdmin().admin.offers.create(form({ ...brand, imageKey: key }));
    expect(created.slug).toBe('harbourtone-premium-1-month');
    const shop = await callerFor(t.db, null).catalog.search({ q: 'harbourtone' });
    expect(shop.items.map((o) => [o.title, o.priceCents, o.compareAtCents, o.imageKey])).toEqual([
      ['Harbourtone Premium — 1 month', 499, 999, key],
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'offer.create')
      .where('entity_id', '=', String(created.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(admin.id);
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({
      title: 'Harbourtone Premium — 1 month',
      price_cents: 499,
    });
    const twin = await asAdmin().admin.offers.create(form(brand));
    expect(twin.slug).toBe('harbourtone-premium-1-month-2');
  });

  it('reports bad fields one by one and writes nothing', async () => {
    const before = (await asAdmin().admin.offers.list({})).total;
    const bad = await refusalOf(
      asAdmin().admin.offers.create(form({ title: 'x', price: '4,999.00', compareAt: '1.00', description: 'short' })),
    );
    expect(bad).toEqual({
      code: 'BAD_REQUEST',
      message: expect.any(String),
      fields: {
        title: 'Title needs at least 3 characters',
        price: 'Enter an amount like 8.99',
        description: 'Description needs at least 10 characters',
      },
    });
    const lower = await refusalOf(asAdmin().admin.offers.create(form({ compareAt: '1.00' })));
    expect(lower?.fields).toEqual({ compareAt: 'The compare-at price must be higher than the price' });
    const noImage = await refusalOf(asAdmin().admin.offers.create(form({ imageKey: 'a'.repeat(32) })));
    expect(noImage?.message).toBe('The image was not found; please upload it again.');
    const noCategory = await refusalOf(asAdmin().admin.offers.create(form({ categoryId: 999_999 })));
    expect(noCategory?.message).toBe('Choose a category from the list.');
    expect((await asAdmin().admin.offers.list({})).total).toBe(before);
  });

  it('edits an offer keeping its slug, and audits the price change with before and after', async () => {
    const { id } = await asAdmin().admin.offers.create(form({ title: 'Soundbay Student' }));
    const loaded = await asAdmin().admin.offers.get({ id });
    expect(loaded.form.price).toBe('4.99');
    await asAdmin().admin.offers.update({
      id,
      offer: { ...loaded.form, title: 'Soundbay Student Plus', price: '3.49' },
    });
    const after = await asAdmin().admin.offers.get({ id });
    expect([after.slug, after.form.title, after.form.price]).toEqual([
      'soundbay-student',
      'Soundbay Student Plus',
      '3.49',
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'offer.update')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json ?? '{}').price_cents).toBe(499);
    expect(JSON.parse(audit.after_json ?? '{}').price_cents).toBe(349);
  });

  it('saves an unchanged form without an audit entry or a new "updated" time, and audits the next real change', async () => {
    const { id } = await asAdmin().admin.offers.create(form({ title: 'Soundbay Family', compareAt: '' }));
    const loaded = await asAdmin().admin.offers.get({ id });
    const updates = () =>
      t.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'offer.update')
        .where('entity_id', '=', String(id))
        .execute();
    const stamp = async () =>
      (await t.db.selectFrom('offers').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow()).updated_at;
    const before = await stamp();
    await asAdmin().admin.offers.update({ id, offer: loaded.form });
    expect(await updates()).toHaveLength(0);
    expect(await stamp()).toEqual(before);
    await asAdmin().admin.offers.update({ id, offer: { ...loaded.form, lowStockThreshold: 9 } });
    expect(await updates()).toHaveLength(1);
  });

  it('deactivates an offer out of the shop and back, filtering the admin list by state', async () => {
    const { id, slug } = await asAdmin().admin.offers.create(form({ title: 'Soundbay Lite' }));
    await asAdmin().admin.offers.setActive({ id, active: false });
    await expect(callerFor(t.db, null).catalog.offer({ slug })).rejects.toThrow('This offer is not available.');
    const inactive = await asAdmin().admin.offers.list({ state: 'inactive' });
    expect(inactive.items.map((o) => o.title)).toEqual(['Soundbay Lite']);
    await asAdmin().admin.offers.setActive({ id, active: true });
    expect((await callerFor(t.db, null).catalog.offer({ slug })).title).toBe('Soundbay Lite');
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['offer.create', 'offer.deactivate', 'offer.activate']);
  });

  it('deletes an offer never sold, and refuses to delete one that was ordered', async () => {
    const { id } = await asAdmin().admin.offers.create(form({ title: 'Soundbay Trial' }));
    await asAdmin().admin.offers.delete({ id });
    await expect(asAdmin().admin.offers.get({ id })).rejects.toThrow('This offer does not exist (any more).');
    const sold = await t.db
      .selectFrom('offers')
      .select(['id', 'title', 'service_name', 'price_cents'])
      .where('slug', '=', 'streamly-premium-1-month')
      .executeTakeFirstOrThrow();
    const order = await t.db
      .insertInto('orders')
      .values({
        user_id: admin.id,
        ...(await orderClient(t.db, admin.id)),
        subtotal_cents: 899,
        total_cents: 899,
        idempotency_key: 'k-delete-test',
      })
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('order_items')
      .values({
        order_id: Number(order.insertId),
        offer_id: sold.id,
        title: sold.title,
        service_name: sold.service_name,
        unit_price_cents: 899,
        quantity: 1,
        delivery_mode: 'automatic',
      })
      .execute();
    const refused = await refusalOf(asAdmin().admin.offers.delete({ id: sold.id }));
    expect(refused).toMatchObject({
      code: 'CONFLICT',
      message: 'This offer has been ordered, so it cannot be deleted. Deactivate it instead.',
    });
    expect((await asAdmin().admin.offers.get({ id: sold.id })).form.title).toBe(sold.title);
  });

  it('searches the admin list by service and category', async () => {
    const r = await asAdmin().admin.offers.list({ q: 'tunewave', categoryId: musicId });
    expect(r.items.map((o) => o.serviceName)).toEqual(['Tunewave', 'Tunewave', 'Tunewave']);
    expect((await asAdmin().admin.offers.list({ q: '%' })).total).toBe(0);
  });
});

describe('stock codes', () => {
  it('imports pasted codes encrypted, refusing and counting duplicates and blank lines', async () => {
    const { id } = await asAdmin().admin.offers.create(form({ title: 'Soundbay Codes' }));
    const first = await asAdmin().admin.offers.addStockCodes({
      offerId: id,
      text: 'AAA-111\nBBB-222\n\nAAA-111\n  \nCCC-333\n',
    });
    expect(first).toEqual({ added: 3, duplicates: 1, blank: 2, tooLong: 0, available: 3 });
    const csv = await asAdmin().admin.offers.addStockCodes({
      offerId: id,
      text: 'code,note\r\n"DDD-444",new\r\nBBB-222,again',
    });
    expect(csv).toEqual({ added: 1, duplicates: 1, blank: 0, tooLong: 0, available: 4 });
    const rows = await t.db
      .selectFrom('offer_stock_codes')
      .select(['code_ciphertext'])
      .where('offer_id', '=', id)
      .execute();
    const plain = rows.map((r) => config.encryptor.decrypt(r.code_ciphertext)).sort();
    expect(plain).toEqual(['AAA-111', 'BBB-222', 'CCC-333', 'DDD-444']);
    expect(rows.every((r) => !r.code_ciphertext.toString('latin1').includes('AAA-111'))).toBe(true);
    const listed = await asAdmin().admin.offers.list({ q: 'Soundbay Codes' });
    expect(listed.items[0]?.stockAvailable).toBe(4);
    expect(JSON.stringify(await asAdmin().admin.offers.get({ id }))).not.toMatch(/AAA-111/);
    expect((await asAdmin().admin.offers.get({ id })).stock).toEqual({ available: 4, delivered: 0, revoked: 0 });
    // Long multi-byte codes are counted as too long rather than overflowing the encrypted column.
    const wide = await asAdmin().admin.offers.addStockCodes({ offerId: id, text: `${'é'.repeat(300)}\nEEE-555` });
    expect(wide).toEqual({ added: 1, duplicates: 0, blank: 0, tooLong: 1, available: 5 });
  });
});

describe('categories', () => {
  it('creates, renames and reorders categories, refusing a duplicate name', async () => {
    const { id } = await asAdmin().admin.categories.create({ name: 'Gaming' });
    expect((await refusalOf(asAdmin().admin.categories.create({ name: 'Music' })))?.message).toBe(
      'A category with this name already exists.',
    );
    await asAdmin().admin.categories.rename({ id, name: 'Games' });
    const list = await asAdmin().admin.categories.list();
    expect(list.map((c) => c.name)).toEqual(['Streaming video', 'Music', 'Office', 'Creative', 'Security', 'Games']);
    await asAdmin().admin.categories.reorder({ ids: [id, ...list.filter((c) => c.id !== id).map((c) => c.id)] });
    const home = await callerFor(t.db, null).catalog.home();
    expect(home.categories[0]?.name).toBe('Games');
    expect((await refusalOf(asAdmin().admin.categories.reorder({ ids: [id] })))?.code).toBe('CONFLICT');
  });
});

describe('offer form rules', () => {
  it('checks the compare-at price against the price as soon as both are readable, even with other fields empty', () => {
    const r = offerInput.safeParse(form({ title: '', compareAt: '1.00', price: '4.99' }));
    expect(r.success).toBe(false);
    const fields = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(fields).toEqual({
      title: 'Title needs at least 3 characters',
      compareAt: 'The compare-at price must be higher than the price',
    });
  });
});
