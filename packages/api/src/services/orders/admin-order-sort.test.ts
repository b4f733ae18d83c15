// The admin's orders list oldest first or newest first (?sort=placed&dir=), page after page with "Next"
// and back with "Previous", along each walk the list takes: by id, along (status, created_at) and along
// (created_at) for a range of days.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser, refusalOf } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';

const bed = orderTestBed({ admin: true });
/** The orders in the order they were placed. */
const placed: string[] = [];
let client: SessionUser;
let firstDay: string;
let lastDay: string;

beforeAll(async () => {
  client = await createTestUser(bed.db);
  const offer = await bed.w.offer();
  // Over three days, two orders sharing a timestamp on each: the walks must break ties by id.
  const start = Date.now() - 3 * 86_400_000;
  for (let i = 0; i < 7; i += 1) {
    bed.w.setNow(new Date(start + Math.floor(i / 2) * 86_400_000 * 0.9));
    placed.push(await bed.w.placeOrder(client, [{ offerId: offer.id }]));
    // Two in payment review, sent while the order could still be paid.
    if (i === 1 || i === 4) await bed.w.toReview(placed[i] ?? '', client);
  }
  bed.w.setNow(null);
  const days = await bed.db.selectFrom('orders').select('created_at').orderBy('id').execute();
  firstDay = (days[0]?.created_at ?? new Date()).toISOString().slice(0, 10);
  lastDay = (days.at(-1)?.created_at ?? new Date()).toISOString().slice(0, 10);
});

type ListInput = Parameters<ReturnType<typeof bed.w.as>['admin']['orders']['list']>[0];
const list = (input: ListInput) => bed.w.as(bed.admin).admin.orders.list(input);
const numbers = (page: { orders: Array<{ number: string }> }) => page.orders.map((o) => o.number);

/** Every page with "Next" from the first, checking that "Previous" from each next page comes back. */
async function walk(input: ListInput) {
  const seen: string[] = [];
  let page = await list({ ...input, pageSize: 2 });
  for (let n = 0; n < 10; n += 1) {
    seen.push(...numbers(page));
    if (!page.nextCursor) return seen;
    const next = await list({ ...input, pageSize: 2, cursor: page.nextCursor });
    const back = await list({ ...input, pageSize: 2, cursor: next.prevCursor ?? '' });
    expect(numbers(back)).toEqual(numbers(page));
    page = next;
  }
  return seen;
}

describe('admin orders sorted by date placed', () => {
  it('lists newest first by default and oldest first when asked, paging both ways without gaps or repeats', async () => {
    const newest = [...placed].reverse();
    expect(numbers(await list({}))).toEqual(newest);
    expect(numbers(await list({ sort: 'placed', dir: 'desc' }))).toEqual(newest);
    expect(numbers(await list({ sort: 'placed', dir: 'asc' }))).toEqual(placed);
    expect(await walk({ sort: 'placed', dir: 'asc' })).toEqual(placed);
    expect(await walk({ sort: 'placed', dir: 'desc' })).toEqual(newest);
  });

  it('keeps oldest first along (status, created_at), along days, and within a search', async () => {
    const waiting = placed.filter((n) => n !== placed[1] && n !== placed[4]);
    expect(await walk({ status: 'awaiting_payment', dir: 'asc' })).toEqual(waiting);
    expect(await walk({ status: 'awaiting_payment', dir: 'desc' })).toEqual([...waiting].reverse());
    expect(await walk({ createdFrom: firstDay, createdTo: lastDay, dir: 'asc' })).toEqual(placed);
    expect(await walk({ createdFrom: firstDay, createdTo: lastDay, dir: 'desc' })).toEqual([...placed].reverse());
    expect(await walk({ q: client.email, dir: 'asc' })).toEqual(placed);
  });

  it('refuses a sort or a direction it does not know', async () => {
    expect(await refusalOf(list({ sort: 'total' as 'placed' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refusalOf(list({ dir: 'up' as 'asc' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});
