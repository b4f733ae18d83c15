import { hashPassword } from '@damso/auth';
import { seedDemoData } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor } from '../../testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db, { uploadDir: `/tmp/damso-test-uploads-${process.pid}`, hashPassword });
});
afterAll(() => t.drop());

describe('catalog through createCaller', () => {
  it('home lists the five demo categories with their offer counts and the featured offers', async () => {
    const home = await callerFor(t.db, null).catalog.home();
    expect(home.categories.map((c) => c.name)).toEqual(['Streaming video', 'Music', 'Office', 'Creative', 'Security']);
    expect(home.categories.reduce((sum, c) => sum + Number(c.offerCount), 0)).toBe(30);
    expect(home.featured.length).toBeGreaterThanOrEqual(5);
    for (const offer of home.featured) {
      expect(offer.priceCents).toBeGreaterThan(0);
      expect(offer).not.toHaveProperty('description');
    }
  });

  it('search finds an offer by the prefix of a word and pages through the rest', async () => {
    const caller = callerFor(t.db, null);
    const found = await caller.catalog.search({ q: 'strea' });
    expect(found.items.length).toBeGreaterThan(0);
    expect(found.items[0]?.serviceName).toBe('Streamly');
    const page1 = await caller.catalog.search({ pageSize: 12 });
    const page3 = await caller.catalog.search({ pageSize: 12, page: 3 });
    expect(page1.total).toBe(30);
    expect(page3.items).toHaveLength(6);
    expect(page1.pageCount).toBe(3);
  });

  it('treats hostile search text as text', async () => {
    const caller = callerFor(t.db, null);
    const r = await caller.catalog.search({ q: "'; DROP TABLE offers; --" });
    expect(r.items).toEqual([]);
    expect((await caller.catalog.search({ q: 'premium)) OR ((1' })).items.every((o) => /premium/i.test(o.title))).toBe(
      true,
    );
    expect((await caller.catalog.search({})).total).toBe(30);
  });
});
