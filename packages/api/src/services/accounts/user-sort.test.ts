// The admin's users list sorted by name or email (the indexed sorts), page after page.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser, refusalOf } from '../../testing/index.ts';

let t: TestDatabase;
let admin: SessionUser;
const people = [
  { name: 'Bea Zed', email: 'zz-bea@example.test', at: '2026-01-03T00:00:00Z' },
  { name: 'Ana Young', email: 'yy-ana@example.test', at: '2026-01-01T00:00:00Z' },
  { name: 'Cleo Xu', email: 'xx-cleo@example.test', at: '2026-01-02T00:00:00Z' },
  { name: 'Ana Young', email: 'ww-ana2@example.test', at: '2026-01-04T00:00:00Z' },
];

beforeAll(async () => {
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { role: 'admin', email: 'aaa-admin@example.test', now: new Date('2025-01-01') });
  for (const p of people) {
    const u = await createTestUser(t.db, { email: p.email, now: new Date(p.at) });
    await t.db.updateTable('users').set({ full_name: p.name }).where('id', '=', u.id).execute();
  }
});
afterAll(() => t.drop());

type ListInput = Parameters<ReturnType<typeof callerFor>['admin']['users']['list']>[0];
async function emails(input: ListInput) {
  return (await callerFor(t.db, admin).admin.users.list(input)).users.map((u) => u.email);
}
/** Every page, following "Next" from the first. */
async function walk(input: ListInput) {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 1; page < 10; page += 1) {
    const d = await callerFor(t.db, admin).admin.users.list({ ...input, pageSize: 2, page, cursor });
    seen.push(...d.users.map((u) => u.email));
    if (!d.nextCursor) return seen;
    cursor = d.nextCursor;
  }
  return seen;
}

describe('users list sorts', () => {
  it('sorts by name from A (ties: the earlier joiner first), and back', async () => {
    // Descending, the later of the two Ana Youngs comes first; the admin is "Test admin …".
    const byName = ['aaa-admin', 'xx-cleo', 'zz-bea', 'ww-ana2', 'yy-ana'];
    expect(await emails({ sort: 'name', role: 'client' })).toEqual(
      ['yy-ana', 'ww-ana2', 'zz-bea', 'xx-cleo'].map((e) => `${e}@example.test`),
    );
    expect(await walk({ sort: 'name', dir: 'desc' })).toEqual(byName.map((e) => `${e}@example.test`));
  });

  it('sorts by email, walking page after page with the cursor, also within a search', async () => {
    const all = ['aaa-admin', 'ww-ana2', 'xx-cleo', 'yy-ana', 'zz-bea'].map((e) => `${e}@example.test`);
    expect(await walk({ sort: 'email' })).toEqual(all);
    expect(await walk({ sort: 'email', dir: 'desc' })).toEqual([...all].reverse());
    expect(await emails({ sort: 'email', q: 'Ana' })).toEqual(['ww-ana2@example.test', 'yy-ana@example.test']);
  });

  it('keeps newest first by default and refuses a sort no index serves', async () => {
    expect((await emails({}))[0]).toBe('ww-ana2@example.test');
    expect(await refusalOf(callerFor(t.db, admin).admin.users.list({ sort: 'phone' as 'name' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
