// The offers list's bulk bar: many offers hidden or shown in one transaction, each change audited.
import { hashPassword } from '@damso/auth';
import { seedDemoData } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { localStore } from '@damso/storage';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser, refusalOf, testConfig } from '../../testing/index.ts';

const uploadDir = `/tmp/damso-offers-bulk-${process.pid}`;
const config = testConfig({ storage: localStore(uploadDir) });
let t: TestDatabase;
let admin: SessionUser;
let employee: SessionUser;
const asAdmin = () => callerFor(t.db, admin, { config });

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db, { uploadDir, hashPassword });
  admin = await createTestUser(t.db, { role: 'admin' });
  employee = await createTestUser(t.db, { role: 'employee' });
});
afterAll(() => t.drop());

async function activeOffers(n: number) {
  const rows = await t.db
    .selectFrom('offers')
    .select(['id', 'slug', 'category_id'])
    .where('is_active', '=', 1)
    .orderBy('id')
    .limit(n)
    .execute();
  expect(rows).toHaveLength(n);
  return rows;
}
const catalogVersion = async () =>
  Number(
    (await sql<{ v: string }>`SELECT SUM(version) AS v FROM cache_versions WHERE name = 'catalog'`.execute(t.db))
      .rows[0]?.v ?? 0,
  );
const activeCount = async (categoryId: number) =>
  (
    await t.db
      .selectFrom('categories')
      .select('active_offer_count')
      .where('id', '=', categoryId)
      .executeTakeFirstOrThrow()
  ).active_offer_count;

describe('bulk hide / show offers', () => {
  it('hides several offers at once: the shop drops them, each is audited, the catalog changes once', async () => {
    const [a, b] = await activeOffers(2);
    if (!a || !b) throw new Error('seed');
    const countBefore = await activeCount(a.category_id);
    const version = await catalogVersion();
    const result = await asAdmin().admin.offers.setActiveMany({ ids: [a.id, b.id, a.id], active: false });
    expect(result).toEqual({ changed: 2, unchanged: 0 });
    expect(await catalogVersion()).toBe(version + 1);
    const shop = callerFor(t.db, null);
    await expect(shop.catalog.offer({ slug: a.slug })).rejects.toThrow();
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['entity_id', 'action', 'actor_id'])
      .where('entity_type', '=', 'offer')
      .where('entity_id', 'in', [String(a.id), String(b.id)])
      .where('action', '=', 'offer.deactivate')
      .execute();
    expect(audit.map((r) => [r.entity_id, r.actor_id]).sort()).toEqual(
      [
        [String(a.id), admin.id],
        [String(b.id), admin.id],
      ].sort(),
    );
    const sameCategory = a.category_id === b.category_id ? 2 : 1;
    expect(await activeCount(a.category_id)).toBe(countBefore - sameCategory);
    // Showing them again, one already shown: only the hidden one changes and is audited.
    await asAdmin().admin.offers.setActive({ id: b.id, active: true });
    expect(await asAdmin().admin.offers.setActiveMany({ ids: [a.id, b.id], active: true })).toEqual({
      changed: 1,
      unchanged: 1,
    });
    expect(await activeCount(a.category_id)).toBe(countBefore);
  });

  it('changes nothing when one of the offers is gone (one transaction), and says so', async () => {
    const [a] = await activeOffers(1);
    if (!a) throw new Error('seed');
    const refusal = await refusalOf(asAdmin().admin.offers.setActiveMany({ ids: [a.id, 987654321], active: false }));
    expect(refusal).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/Nothing was changed/) });
    const row = await t.db.selectFrom('offers').select('is_active').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.is_active).toBe(1);
  });

  it('refuses more than 100 offers, none at all, and anyone but an admin', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => i + 1);
    expect(await refusalOf(asAdmin().admin.offers.setActiveMany({ ids, active: false }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await refusalOf(asAdmin().admin.offers.setActiveMany({ ids: [], active: false }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    const [a] = await activeOffers(1);
    if (!a) throw new Error('seed');
    expect(
      await refusalOf(callerFor(t.db, employee, { config }).admin.offers.setActiveMany({ ids: [a.id], active: false })),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await refusalOf(callerFor(t.db, null).admin.offers.setActiveMany({ ids: [a.id], active: false })),
    ).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
