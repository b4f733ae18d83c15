// The admin order and user lists at scale, as an admin notices them: "Next" and "Previous" walk every
// row once in order, with or without filters; counts stop at "1,000+"; deep page numbers lead to Next.
import { randomBytes } from 'node:crypto';
import { orderClient } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser } from '../../testing/index.ts';

let t: TestDatabase;
let admin: SessionUser;
const asAdmin = () => callerFor(t.db, admin);

type Status = 'awaiting_payment' | 'paid' | 'delivered' | 'cancelled';
const STATUSES: Status[] = ['delivered', 'delivered', 'cancelled', 'paid', 'awaiting_payment'];
let orders: Array<{ id: number; status: Status; created: number }> = [];
let users: Array<{ id: number; email: string; name: string; role: string; created: number }> = [];

beforeAll(async () => {
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { role: 'admin' });
  const tag = randomBytes(3).toString('hex');
  const base = Date.now() - 50 * 86_400_000;
  // Users whose join dates tie in threes, so the id decides between them.
  await t.db
    .insertInto('users')
    .values(
      Array.from({ length: 1040 }, (_, i) => ({
        email: `${i % 4 === 0 ? 'marta' : 'user'}-${tag}-${i}@example.test`,
        full_name: i % 5 === 0 ? `Marc Tester ${i}` : `Person ${i}`,
        phone: '+14155550101',
        password_hash: 'not-a-real-hash',
        role: i % 7 === 0 ? ('employee' as const) : ('client' as const),
        created_at: new Date(base + Math.floor(i / 3) * 60_000),
      })),
    )
    .execute();
  const stored = await t.db.selectFrom('users').select(['id', 'email', 'full_name', 'role', 'created_at']).execute();
  users = stored.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.full_name,
    role: u.role,
    created: u.created_at.getTime(),
  }));
  const buyer = stored[1]?.id ?? 0;
  const buyerColumns = await orderClient(t.db, buyer);
  await t.db
    .insertInto('orders')
    .values(
      Array.from({ length: 1030 }, (_, i) => ({
        number: `T${tag}-${i}`,
        user_id: buyer,
        ...buyerColumns,
        status: STATUSES[i % STATUSES.length] as Status,
        subtotal_cents: 1000,
        total_cents: 1000,
        idempotency_key: `paging-${tag}-${i}`,
        created_at: new Date(base + Math.floor(i / 4) * 60_000),
      })),
    )
    .execute();
  const made = await t.db.selectFrom('orders').select(['id', 'status', 'created_at']).execute();
  orders = made.map((o) => ({ id: o.id, status: o.status as Status, created: o.created_at.getTime() }));
});
afterAll(() => t.drop());

const newestFirst = (a: { id: number; created: number }, b: { id: number; created: number }) =>
  b.created - a.created || b.id - a.id;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
  prevCursor: string | null;
}

/** Follows Next from page 1 to the end, then Previous back; returns the ids seen each way. */
async function walk<T extends { id: number }>(load: (page: number, cursor?: string) => Promise<Page<T>>) {
  const forward: number[] = [];
  let n = 1;
  let page = await load(1);
  forward.push(...page.items.map((r) => r.id));
  while (page.nextCursor) {
    page = await load(++n, page.nextCursor);
    forward.push(...page.items.map((r) => r.id));
    if (n > 200) throw new Error('no end in sight');
  }
  const backward = page.items.map((r) => r.id);
  while (page.prevCursor) {
    page = await load(--n, page.prevCursor);
    backward.unshift(...page.items.map((r) => r.id));
    if (n < -200) throw new Error('no start in sight');
  }
  return { forward, backward };
}

/** The list shows order numbers; the test compares ids. */
async function orderIdsByNumber() {
  const rows = await t.db.selectFrom('orders').select(['id', 'number']).execute();
  return new Map(rows.map((o) => [o.number ?? '', o.id]));
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'NOT_A_TRPC_ERROR';
  }
}

describe('admin order list', () => {
  it('walks every order of a status newest first with Next and back with Previous', async () => {
    const numbers = await orderIdsByNumber();
    const expected = orders
      .filter((o) => o.status === 'delivered')
      .sort(newestFirst)
      .map((o) => o.id);
    const { forward, backward } = await walk(async (page, cursor) => {
      const r = await asAdmin().admin.orders.list({ status: 'delivered', page, pageSize: 50, cursor });
      return { ...r, items: r.orders.map((o) => ({ id: numbers.get(o.number) ?? 0 })) };
    });
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
  });

  it('walks all orders by number, newest first, and counts "1,000+" without counting on', async () => {
    const numbers = await orderIdsByNumber();
    const expected = orders.map((o) => o.id).sort((a, b) => b - a);
    const { forward, backward } = await walk(async (page, cursor) => {
      const r = await asAdmin().admin.orders.list({ page, pageSize: 100, cursor });
      return { ...r, items: r.orders.map((o) => ({ id: numbers.get(o.number) ?? 0 })) };
    });
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
    const first = await asAdmin().admin.orders.list({});
    expect([first.total, first.totalCapped, first.pageCount]).toEqual([1000, true, null]);
    const paid = await asAdmin().admin.orders.list({ status: 'paid' });
    expect([paid.total, paid.totalCapped, paid.pageCount]).toEqual([206, false, 9]);
  });

  it("walks a client's orders found by email with Next and back with Previous, newest first and on the desk oldest first", async () => {
    const numbers = await orderIdsByNumber();
    const q = users[1]?.email ?? '';
    const all = orders.map((o) => o.id).sort((a, b) => b - a);
    const admin = await walk(async (page, cursor) => {
      const r = await asAdmin().admin.orders.list({ q, page, pageSize: 100, cursor });
      return { ...r, items: r.orders.map((o) => ({ id: numbers.get(o.number) ?? 0 })) };
    });
    expect(admin.forward).toEqual(all);
    expect(admin.backward).toEqual(all);
    const first = await asAdmin().admin.orders.list({ q });
    expect([first.total, first.totalCapped]).toEqual([1000, true]);

    const paid = orders
      .filter((o) => o.status === 'paid')
      .map((o) => o.id)
      .sort((a, b) => a - b);
    const desk = await walk(async (page, cursor) => {
      const r = await asAdmin().desk.queue({ queue: 'paid', q, page, pageSize: 50, cursor });
      return { ...r, items: r.orders.map((o) => ({ id: numbers.get(o.number) ?? 0 })) };
    });
    expect(desk.forward).toEqual(paid);
    expect(desk.backward).toEqual(paid);
    const queue = await asAdmin().desk.queue({ queue: 'paid', q, page: 2, pageSize: 50 });
    expect([queue.total, queue.totalCapped, queue.pageCount]).toEqual([206, false, 5]);
    expect(queue.orders.map((o) => numbers.get(o.number))).toEqual(paid.slice(50, 100));
    // Someone else's email prefix finds none of them.
    expect((await asAdmin().admin.orders.list({ q: users[2]?.email ?? '' })).total).toBe(0);
  });

  it('leads deep page numbers to Next and refuses a cursor to an order that is gone', async () => {
    expect(await codeOf(asAdmin().admin.orders.list({ page: 40 }))).toBeNull();
    expect(await codeOf(asAdmin().admin.orders.list({ page: 41 }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAdmin().admin.orders.list({ status: 'paid', cursor: 'a.999999999' }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAdmin().admin.orders.list({ cursor: 'a.1; DROP TABLE orders' }))).toBe('BAD_REQUEST');
  });
});

describe('admin user list', () => {
  it.each<[string, { q?: string; role?: 'employee' | 'client' }, (u: (typeof users)[number]) => boolean]>([
    ['everyone', {}, () => true],
    ['employees', { role: 'employee' }, (u) => u.role === 'employee'],
    ['an email or name prefix', { q: 'mar' }, (u) => u.email.startsWith('mar') || u.name.startsWith('Mar')],
    [
      'a prefix among clients',
      { q: 'mar', role: 'client' },
      (u) => u.role === 'client' && (u.email.startsWith('mar') || u.name.startsWith('Mar')),
    ],
  ])('walks %s newest first with Next and back with Previous', async (_name, filters, keep) => {
    const expected = users
      .filter(keep)
      .sort(newestFirst)
      .map((u) => u.id);
    const { forward, backward } = await walk(async (page, cursor) => {
      const r = await asAdmin().admin.users.list({ ...filters, page, pageSize: 40, cursor });
      return { ...r, items: r.users };
    });
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
    const first = await asAdmin().admin.users.list(filters);
    expect(first.total).toBe(Math.min(expected.length, 1000));
    expect(first.totalCapped).toBe(expected.length > 1000);
  });

  it('refuses a Next or Previous link to a user who is gone, in every sort', async () => {
    for (const sort of ['joined', 'name', 'email'] as const) {
      for (const cursor of ['a.999999999', 'b.999999999']) {
        expect(await codeOf(asAdmin().admin.users.list({ sort, cursor }))).toBe('BAD_REQUEST');
      }
    }
    expect(await codeOf(asAdmin().admin.users.list({ q: 'mar', cursor: 'a.999999999' }))).toBe('BAD_REQUEST');
  });
});

describe('desk counts', () => {
  it('count each queue exactly up to 1,000, say "1,000+" past it, and follow every change below it', async () => {
    const desk = () => asAdmin().desk.counts();
    const before = await desk();
    expect(before).toMatchObject({ paid: 206, awaiting_payment: 206, payment_review: 0, capped: [] });

    const buyer = users[1]?.id ?? 0;
    const buyerColumns = await orderClient(t.db, buyer);
    const tag = randomBytes(3).toString('hex');
    await t.db
      .insertInto('orders')
      .values(
        Array.from({ length: 1001 }, (_, i) => ({
          number: `R${tag}-${i}`,
          user_id: buyer,
          ...buyerColumns,
          status: 'payment_review' as const,
          subtotal_cents: 1000,
          total_cents: 1000,
          idempotency_key: `review-${tag}-${i}`,
        })),
      )
      .execute();
    const many = await desk();
    expect(many).toMatchObject({ payment_review: 1000, paid: 206, capped: ['payment_review'] });
    const queue = await asAdmin().desk.queue({ queue: 'payment_review' });
    expect([queue.total, queue.totalCapped]).toEqual([1000, true]);

    // A queue under the cap is read on every load: one order delivered shows at once.
    const paid = orders.find((o) => o.status === 'paid');
    await t.db
      .updateTable('orders')
      .set({ status: 'delivered' })
      .where('id', '=', paid?.id ?? 0)
      .execute();
    expect(await desk()).toMatchObject({ paid: 205, capped: ['payment_review'] });
    expect((await asAdmin().desk.queue({ queue: 'paid' })).total).toBe(205);
  });
});

describe('order search by client', () => {
  /** Every order of a client whose email or name starts with the text, from the rows themselves. */
  async function ordersOfClients(prefix: string, newest: boolean) {
    const rows = await t.db
      .selectFrom('orders as o')
      .innerJoin('users as u', 'u.id', 'o.user_id')
      .select('o.id')
      .where((eb) => eb.or([eb('u.email', 'like', `${prefix}%`), eb('u.full_name', 'like', `${prefix}%`)]))
      .orderBy('o.id', newest ? 'desc' : 'asc')
      .execute();
    return rows.map((r) => r.id);
  }

  it('finds every order of clients sharing a common prefix, in order, and says when a search was narrowed', async () => {
    const martas = users.filter((u) => u.email.startsWith('marta'));
    expect(martas.length).toBeGreaterThan(200);
    const tag = randomBytes(3).toString('hex');
    await t.db
      .insertInto('orders')
      .values(
        await Promise.all(
          martas.map(async (u, i) => ({
            number: `M${tag}-${i}`,
            user_id: u.id,
            ...(await orderClient(t.db, u.id)),
            status: 'awaiting_payment' as const,
            subtotal_cents: 1000,
            total_cents: 1000,
            idempotency_key: `marta-${tag}-${i}`,
          })),
        ),
      )
      .execute();
    const numbers = await orderIdsByNumber();
    const idsOf = (list: { orders: Array<{ number: string }> }) => list.orders.map((o) => numbers.get(o.number) ?? 0);

    // A queue of a few hundred orders, oldest first: all of them come, past 200 clients — the first time
    // checked one by one, then (the text is now known to be shared by many) along the orders' client copies.
    const awaiting = new Set(
      (await t.db.selectFrom('orders').select('id').where('status', '=', 'awaiting_payment').execute()).map(
        (o) => o.id,
      ),
    );
    const inQueue = (await ordersOfClients('mar', false)).filter((id) => awaiting.has(id));
    expect(inQueue.length).toBeGreaterThan(martas.length - 1);
    for (const time of ['first', 'again']) {
      const queue = await asAdmin().desk.queue({ queue: 'awaiting_payment', q: 'mar', pageSize: 100 });
      expect([time, queue.total, queue.totalCapped, queue.searchLimitedTo]).toEqual([
        time,
        inQueue.length,
        false,
        null,
      ]);
      expect(idsOf(queue)).toEqual(inQueue.slice(0, 100));
    }

    // All orders (over a thousand, so not checked one by one): newest first, every matching order once
    // with Next, and back with Previous; nothing is left out however many clients share the text.
    const expected = await ordersOfClients('mar', true);
    const all = await asAdmin().admin.orders.list({ q: 'mar', pageSize: 100 });
    expect([all.total, all.totalCapped, all.searchLimitedTo]).toEqual([expected.length, false, null]);
    expect(idsOf(all)).toEqual(expected.slice(0, 100));
    const { forward, backward } = await walk(async (page, cursor) => {
      const r = await asAdmin().admin.orders.list({ q: 'Mar', page, pageSize: 100, cursor });
      return { ...r, items: idsOf(r).map((id) => ({ id })) };
    });
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
    // Page 3 by number, oldest first: the same orders the other way round.
    const oldest = await asAdmin().admin.orders.list({ q: 'mar', page: 3, pageSize: 100, dir: 'asc' });
    expect(idsOf(oldest)).toEqual([...expected].reverse().slice(200, 300));
    // A longer text: only its own clients' orders.
    const marta = await asAdmin().admin.orders.list({ q: 'marta', pageSize: 100 });
    expect(idsOf(marta)).toEqual((await ordersOfClients('marta', true)).slice(0, 100));

    // Under a date filter, or with two letters, a shared prefix is searched for its first 200 clients
    // each way, and the answer says so.
    const since = await asAdmin().admin.orders.list({ q: 'mar', pageSize: 100, createdFrom: '2001-01-01' });
    expect(since.searchLimitedTo).toBe(200);
    expect(idsOf(since).every((id) => expected.includes(id))).toBe(true);
    const short = await asAdmin().admin.orders.list({ q: 'ma', pageSize: 100 });
    expect(short.searchLimitedTo).toBe(200);
    // One client's whole email is narrow: nothing is left out.
    const one = martas[0];
    const exact = await asAdmin().admin.orders.list({ q: one?.email ?? '' });
    expect([exact.total, exact.searchLimitedTo, exact.orders[0]?.clientId]).toEqual([1, null, one?.id]);
  });
});
