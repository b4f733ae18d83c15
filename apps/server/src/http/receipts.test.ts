import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { type ApiConfig, createCaller, type SessionUser } from '@damso/api';
import { createEncryptor } from '@damso/auth';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptRoutes } from './receipts.ts';

let t: TestDatabase;
let app: FastifyInstance;
const config: ApiConfig = {
  storeName: 'Damso Stream',
  currency: 'USD',
  publicUrl: 'http://localhost:3000',
  uploadDir: `/tmp/damso-receipts-test-${process.pid}`,
  production: false,
  encryptor: createEncryptor(randomBytes(32)),
};
const users: Record<'alice' | 'bob' | 'employee', SessionUser> = {} as never;
let offerId = 0;

async function user(role: SessionUser['role'], name: string): Promise<SessionUser> {
  const email = `${name}-${randomBytes(3).toString('hex')}@example.test`;
  const r = await t.db
    .insertInto('users')
    .values({ email, full_name: name, phone: '+14155550101', password_hash: 'x', role, email_verified_at: new Date() })
    .executeTakeFirstOrThrow();
  return { id: Number(r.insertId), email, fullName: name, role, emailVerified: true };
}

function multipart(bytes: Buffer, filename: string) {
  const boundary = `----damso${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  t = await createTestDatabase();
  users.alice = await user('client', 'Alice');
  users.bob = await user('client', 'Bob');
  users.employee = await user('employee', 'Erin');
  const category = await t.db.insertInto('categories').values({ slug: 'c', name: 'C' }).executeTakeFirstOrThrow();
  const offer = await t.db
    .insertInto('offers')
    .values({
      slug: 'o',
      title: 'Plan',
      service_name: 'Svc',
      category_id: Number(category.insertId),
      description: 'd',
      price_cents: 500,
    })
    .executeTakeFirstOrThrow();
  offerId = Number(offer.insertId);

  app = Fastify();
  // The resolver stands in for the session cookie: the header names the test user.
  await app.register(receiptRoutes, {
    db: t.db,
    config,
    clock: () => new Date(),
    resolveUser: async (req) => users[req.headers['x-test-user'] as keyof typeof users] ?? null,
  });
});
afterAll(async () => {
  await app.close();
  await t.drop();
  await rm(config.uploadDir, { recursive: true, force: true });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)]);

/** A new unpaid order of Alice's, placed through the API: each test uploads to an order of its own. */
async function alicesOrder() {
  const caller = createCaller({
    db: t.db,
    config,
    clock: () => new Date(),
    session: { id: 's', expiresAt: new Date(Date.now() + 60_000), user: users.alice },
    req: { ip: '127.0.0.1', userAgent: null, requestId: 'r' },
    setCookie: () => {},
  });
  await caller.cart.add({ offerId });
  return (await caller.orders.checkout({ idempotencyKey: `receipt-route-${randomBytes(6).toString('hex')}` })).number;
}

describe('receipt upload and download over HTTP', () => {
  it('refuses visitors, strangers, files that are not images or PDFs, and files over 5 MB', async () => {
    const number = await alicesOrder();
    const url = `/api/orders/${number}/receipt`;
    expect((await app.inject({ method: 'POST', url, ...multipart(PNG, 'r.png') })).statusCode).toBe(401);
    const png = multipart(PNG, 'r.png');
    const stranger = await app.inject({
      method: 'POST',
      url,
      payload: png.payload,
      headers: { ...png.headers, 'x-test-user': 'bob' },
    });
    expect(stranger.statusCode).toBe(404);
    // An HTML page renamed to .png is refused: the type comes from the bytes.
    const fake = multipart(Buffer.from('<html><script>alert(1)</script></html>'), 'receipt.png');
    const wrong = await app.inject({
      method: 'POST',
      url,
      payload: fake.payload,
      headers: { ...fake.headers, 'x-test-user': 'alice' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toMatch(/JPEG, PNG, WebP image or a PDF/);
    const big = multipart(Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]), 'big.png');
    const tooBig = await app.inject({
      method: 'POST',
      url,
      payload: big.payload,
      headers: { ...big.headers, 'x-test-user': 'alice' },
    });
    expect(tooBig.statusCode).toBe(413);
    const rows = await t.db
      .selectFrom('payment_receipts as r')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .select('r.id')
      .where('o.number', '=', number)
      .execute();
    expect(rows).toHaveLength(0);
    const order = await t.db.selectFrom('orders').select('status').where('number', '=', number).executeTakeFirst();
    expect(order?.status).toBe('awaiting_payment');
  });

  it('stores the owner’s receipt, moves the order to review, and serves it to the owner and staff only', async () => {
    const number = await alicesOrder();
    const body = multipart(PNG, 'my receipt.png');
    const res = await app.inject({
      method: 'POST',
      url: `/api/orders/${number}/receipt`,
      payload: body.payload,
      headers: { ...body.headers, 'x-test-user': 'alice' },
    });
    expect(res.statusCode).toBe(201);
    const { key, status } = res.json();
    expect(status).toBe('payment_review');
    expect(key).toMatch(/^[a-f0-9]{32}$/);

    const own = await app.inject({ method: 'GET', url: `/api/receipts/${key}`, headers: { 'x-test-user': 'alice' } });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect(own.headers['content-disposition']).toBe('inline; filename="my_receipt.png"');
    expect(own.rawPayload.equals(PNG)).toBe(true);
    const staff = await app.inject({
      method: 'GET',
      url: `/api/receipts/${key}?download=1`,
      headers: { 'x-test-user': 'employee' },
    });
    expect(staff.statusCode).toBe(200);
    expect(staff.headers['content-disposition']).toMatch(/^attachment;/);
    expect(
      (await app.inject({ method: 'GET', url: `/api/receipts/${key}`, headers: { 'x-test-user': 'bob' } })).statusCode,
    ).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/receipts/${key}` })).statusCode).toBe(401);
  });
});
