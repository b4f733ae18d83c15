// The admin's orders CSV and the list's date range: what the file holds, escaped so a spreadsheet
// shows what the clients typed (never runs it), and the same filters as the list on screen.
import { randomBytes } from 'node:crypto';
import { orderClient } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser, refusalOf } from '../../testing/index.ts';
import { csvCell, csvLine } from '../shared/csv.ts';
import { ordersCsv, ordersCsvFilename } from './orders-csv.ts';

let t: TestDatabase;
let admin: SessionUser;
let employee: SessionUser;
let offerId: number;
const tag = randomBytes(2).toString('hex').toUpperCase();
const num = (n: number) => `T${tag}-${n}`;

async function order(user: SessionUser, n: number, status: 'paid' | 'delivered', createdAt: string, title: string) {
  const r = await t.db
    .insertInto('orders')
    .values({
      user_id: user.id,
      ...(await orderClient(t.db, user.id)),
      number: num(n),
      status,
      subtotal_cents: 1250,
      total_cents: 1250,
      idempotency_key: `${tag}-${n}`,
      created_at: new Date(createdAt),
    })
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('order_items')
    .values({
      order_id: Number(r.insertId),
      offer_id: offerId,
      title,
      service_name: 'Soundbay',
      quantity: 2,
      unit_price_cents: 625,
      delivery_mode: 'manual',
    })
    .execute();
}

async function text(gen: AsyncIterable<string>) {
  let out = '';
  for await (const piece of gen) out += piece;
  return out;
}

beforeAll(async () => {
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { role: 'admin' });
  employee = await createTestUser(t.db, { role: 'employee' });
  const category = await t.db
    .insertInto('categories')
    .values({ name: `Music ${tag}`, slug: `music-${tag.toLowerCase()}` })
    .executeTakeFirstOrThrow();
  const offer = await t.db
    .insertInto('offers')
    .values({
      slug: `soundbay-${tag.toLowerCase()}`,
      title: 'Soundbay',
      service_name: 'Soundbay',
      category_id: Number(category.insertId),
      description: 'Music.',
      price_cents: 625,
    })
    .executeTakeFirstOrThrow();
  offerId = Number(offer.insertId);
  const mallory = await createTestUser(t.db);
  // A client's own name, as typed at sign-up: a formula, a quote, a comma and a line break.
  await t.db
    .updateTable('users')
    .set({ full_name: '=HYPERLINK("http://evil.test"),\nBoss' })
    .where('id', '=', mallory.id)
    .execute();
  const alice = await createTestUser(t.db);
  await order(alice, 1, 'paid', '2026-11-01T10:00:00Z', 'Soundbay, 1 month');
  await order(mallory, 2, 'delivered', '2026-11-15T23:59:59Z', '@SUM(A1) "quoted"');
  await order(alice, 3, 'paid', '2026-11-16T00:00:00Z', 'Soundbay, 1 month');
});
afterAll(() => t.drop());

describe('the CSV writer', () => {
  it('quotes quotes, commas and line breaks, and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 1])).toBe('a,1\r\n');
  });
});

describe('orders CSV', () => {
  it('writes a header and one escaped row per order, newest first', async () => {
    const csv = await text(ordersCsv(t.db, { q: undefined }));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('number,placed_at_utc,status,client_name,client_email,items,total,currency');
    expect(lines[1]).toMatch(new RegExp(`^${num(3)},2026-11-16T00:00:00Z,paid,Test client \\d+,client-`));
    expect(lines[1]).toMatch(/,"Soundbay, 1 month × 2",12\.50,USD$/);
    expect(csv).toContain(`${num(2)},2026-11-15T23:59:59Z,delivered,"'=HYPERLINK(""http://evil.test""),\nBoss",`);
    expect(csv).toContain(`,"'@SUM(A1) ""quoted"" × 2",12.50,USD\r\n`);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('follows the filters: status, search and the date range (whole UTC days, both included)', async () => {
    const numbers = async (input: Parameters<typeof ordersCsv>[1]) =>
      (await text(ordersCsv(t.db, input)))
        .split('\r\n')
        .slice(1)
        .filter((l) => l.startsWith('T'))
        .map((l) => l.split(',')[0]);
    expect(await numbers({ status: 'paid' })).toEqual([num(3), num(1)]);
    expect(await numbers({ createdFrom: '2026-11-02', createdTo: '2026-11-15' })).toEqual([num(2)]);
    expect(await numbers({ createdFrom: '2026-11-15' })).toEqual([num(3), num(2)]);
    expect(await numbers({ status: 'paid', createdTo: '2026-11-15' })).toEqual([num(1)]);
    expect(await numbers({ q: num(2) })).toEqual([num(2)]);
    expect(await numbers({ createdFrom: '2026-11-01' })).toHaveLength(3);
  });

  it('reads chunk after chunk below the last row sent, and stops at the row cap', async () => {
    const first = async (input: Parameters<typeof ordersCsv>[1], options: Parameters<typeof ordersCsv>[2]) =>
      (await text(ordersCsv(t.db, input, options)))
        .trim()
        .split('\r\n')
        .map((l) => l.split(',')[0]);
    expect(await first({}, { chunk: 1 })).toEqual(['number', num(3), num(2), num(1)]);
    // One status walks (status, created_at): the same keyset, by date then id.
    expect(await first({ status: 'paid' }, { chunk: 1 })).toEqual(['number', num(3), num(1)]);
    expect(await first({}, { maxRows: 2, chunk: 1 })).toEqual(['number', num(3), num(2)]);
  });

  it('names the file after its filters', () => {
    const today = new Date('2026-12-07T12:00:00Z');
    expect(ordersCsvFilename({}, today)).toBe('orders-2026-12-07.csv');
    expect(ordersCsvFilename({ status: 'paid', createdFrom: '2026-11-01', createdTo: '2026-11-30' }, today)).toBe(
      'orders-paid-from-2026-11-01-to-2026-11-30.csv',
    );
  });
});

describe('the orders list date range', () => {
  it('narrows the list, with or without a status, and refuses an end before the start', async () => {
    const list = (input: object) =>
      callerFor(t.db, admin)
        .admin.orders.list(input)
        .then((d) => d.orders.map((o) => o.number));
    expect(await list({ createdFrom: '2026-11-15', createdTo: '2026-11-15' })).toEqual([num(2)]);
    expect(await list({ status: 'paid', createdFrom: '2026-11-16' })).toEqual([num(3)]);
    expect(await list({ status: 'paid', createdTo: '2026-11-01' })).toEqual([num(1)]);
    const refusal = await refusalOf(
      callerFor(t.db, admin).admin.orders.list({ createdFrom: '2026-11-16', createdTo: '2026-11-01' }),
    );
    expect(refusal?.fields).toEqual({ createdTo: 'The end date must be on or after the start date' });
    expect(await refusalOf(callerFor(t.db, admin).admin.orders.list({ createdFrom: '2026-02-30' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await refusalOf(callerFor(t.db, employee).admin.orders.list({}))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
