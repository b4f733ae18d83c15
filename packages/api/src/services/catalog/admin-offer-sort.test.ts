// The admin's offers list sorted by last update, title, price or sales, both ways, page after page:
// many offers share a value, so only the id breaking ties keeps pages from repeating or skipping one.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser, refusalOf } from '../../testing/index.ts';

let t: TestDatabase;
let admin: SessionUser;
interface Row {
  id: number;
  title: string;
  price: number;
  sold: number;
  updated: number;
}
const rows: Row[] = [];
/** Three pages of the list's 25. */
const COUNT = 60;

beforeAll(async () => {
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { role: 'admin' });
  const category = await t.db
    .insertInto('categories')
    .values({ slug: 'sorting', name: 'Sorting' })
    .executeTakeFirstOrThrow();
  const start = Date.now() - 86_400_000;
  for (let i = 0; i < COUNT; i += 1) {
    // Few distinct values per column, spread differently, so every sort has ties and its own order.
    const row = {
      title: `Plan ${String.fromCharCode(65 + ((i * 7) % 13))}`,
      price: 100 * (1 + ((i * 13) % 5)),
      sold: (i * 11) % 4,
      updated: start + ((i * 17) % 10) * 60_000,
    };
    const r = await t.db
      .insertInto('offers')
      .values({
        slug: `plan-${i}`,
        title: row.title,
        service_name: 'Sortly',
        category_id: Number(category.insertId),
        description: 'An offer of the sorting test.',
        price_cents: row.price,
        sold_count: row.sold,
        updated_at: new Date(row.updated),
      })
      .executeTakeFirstOrThrow();
    rows.push({ id: Number(r.insertId), ...row });
  }
});
afterAll(() => t.drop());

type ListInput = Parameters<ReturnType<typeof callerFor>['admin']['offers']['list']>[0];
const column = { updated: 'updated', title: 'title', price: 'price', sold: 'sold' } as const;

/** The ids the list should show: by the column, then by id, both the same way. */
function expected(sort: keyof typeof column, dir: 'asc' | 'desc') {
  const key = column[sort];
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id - b.id)).map((r) => r.id);
}

/** Every page of the list, from page 1 until the last. */
async function allPages(input: ListInput) {
  const ids: number[] = [];
  for (let page = 1; ; page += 1) {
    const d = await callerFor(t.db, admin).admin.offers.list({ ...input, page });
    ids.push(...d.items.map((o) => o.id));
    if (page >= d.pageCount) return { ids, pageCount: d.pageCount };
  }
}

describe('admin offers list sorts', () => {
  for (const sort of ['updated', 'title', 'price', 'sold'] as const) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`sorts by ${sort} ${dir === 'asc' ? 'ascending' : 'descending'} across pages, ties by id`, async () => {
        const { ids, pageCount } = await allPages({ sort, dir });
        expect(pageCount).toBe(3);
        expect(ids).toEqual(expected(sort, dir));
      });
    }
  }

  it('starts from the last updated, titles from A, the lowest price and the best sellers', async () => {
    const first = async (input: ListInput) =>
      (await callerFor(t.db, admin).admin.offers.list(input)).items.map((o) => o.id);
    expect(await first({})).toEqual(expected('updated', 'desc').slice(0, 25));
    expect(await first({ sort: 'title' })).toEqual(expected('title', 'asc').slice(0, 25));
    expect(await first({ sort: 'price' })).toEqual(expected('price', 'asc').slice(0, 25));
    expect(await first({ sort: 'sold' })).toEqual(expected('sold', 'desc').slice(0, 25));
  });

  it('sorts within the filters', async () => {
    const cheap = rows.filter((r) => r.price === 100).map((r) => r.id);
    await t.db.updateTable('offers').set({ is_active: 0 }).where('id', 'in', cheap).execute();
    const d = await callerFor(t.db, admin).admin.offers.list({ state: 'inactive', sort: 'sold', dir: 'asc' });
    expect(d.items.map((o) => o.id)).toEqual(expected('sold', 'asc').filter((id) => cheap.includes(id)));
    await t.db.updateTable('offers').set({ is_active: 1 }).where('id', 'in', cheap).execute();
  });

  it('refuses a sort or a direction it does not know', async () => {
    const list = (input: ListInput) => callerFor(t.db, admin).admin.offers.list(input);
    expect(await refusalOf(list({ sort: 'category' as 'title' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refusalOf(list({ sort: 'price', dir: 'up' as 'asc' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});
