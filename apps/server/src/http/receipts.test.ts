import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { type ApiConfig, createCaller, type SessionUser } from '@damso/api';
import {
  jpegHtmlPolyglot,
  pdf,
  pdfEscapedOpenAction,
  pdfOpenActionJs,
  pdfWithObjectStream,
  pictureSize,
  pngBomb,
  pngHtmlPolyglot,
  pngWithScriptChunk,
  receiptPicture,
} from '@damso/api/testing';
import { createEncryptor } from '@damso/auth';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { localStore } from '@damso/storage';
import { RECEIPT_MAX_BYTES } from '@damso/validators';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptRoutes } from './receipts.ts';

let t: TestDatabase;
let app: FastifyInstance;
const uploadDir = `/tmp/damso-receipts-test-${process.pid}`;
const config: ApiConfig = {
  storeName: 'Damso Stream',
  currency: 'USD',
  publicUrl: 'http://localhost:3000',
  storage: localStore(uploadDir),
  production: false,
  encryptor: createEncryptor(randomBytes(32)),
};
const users: Record<'alice' | 'bob' | 'employee', SessionUser> = {} as never;
let offerId = 0;
let base = '';
let PNG: Buffer;

async function user(role: SessionUser['role'], name: string): Promise<SessionUser> {
  const email = `${name}-${randomBytes(3).toString('hex')}@example.test`;
  const r = await t.db
    .insertInto('users')
    .values({ email, full_name: name, phone: '+14155550101', password_hash: 'x', role, email_verified_at: new Date() })
    .executeTakeFirstOrThrow();
  return { id: Number(r.insertId), email, fullName: name, role, emailVerified: true };
}

function multipart(bytes: Buffer, filename: string, ...more: Array<[Buffer, string]>) {
  const boundary = `----damso${randomBytes(8).toString('hex')}`;
  const part = ([b, name]: [Buffer, string]) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      b,
      Buffer.from('\r\n'),
    ]);
  const payload = Buffer.concat([
    ...[[bytes, filename] as [Buffer, string], ...more].map(part),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  t = await createTestDatabase();
  PNG = await receiptPicture('png');
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
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app.close();
  await t.drop();
  await rm(uploadDir, { recursive: true, force: true });
});

/** A new unpaid order of Alice's, placed through the API: each test uploads to an order of its own. */
async function alicesOrder() {
  const caller = createCaller({
    db: t.db,
    readDb: t.db,
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
    // What is kept is our own re-encode, at the size it was sent (a receipt must stay legible).
    expect(own.headers['content-type']).toBe('image/webp');
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect(own.headers['content-security-policy']).toMatch(/(^|; )sandbox(;|$)/);
    expect(own.headers['content-disposition']).toBe('inline; filename="my_receipt.webp"');
    expect(own.rawPayload.equals(PNG)).toBe(false);
    expect(await pictureSize(own.rawPayload)).toEqual({ format: 'webp', width: 1600, height: 1200 });
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

async function upload(number: string, body: { payload: Buffer; headers: Record<string, string> }) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/orders/${number}/receipt`,
    payload: body.payload,
    headers: { ...body.headers, 'x-test-user': 'alice' },
  });
  return { status: res.statusCode, body: res.json() as { key?: string; mimeType?: string; message?: string } };
}

async function keptFor(number: string) {
  return t.db
    .selectFrom('payment_receipts as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select(['r.storage_key', 'o.status'])
    .where('o.number', '=', number)
    .execute();
}

const storedFiles = () => readdir(path.join(uploadDir, 'receipts')).catch(() => [] as string[]);

/**
 * Sends a PDF of `size` bytes in 64 KB chunks with no Content-Length, as a browser streaming a file does.
 * A PDF, because its first 5 MB alone would pass every check: only the size limit can refuse it.
 */
function streamUpload(number: string, size: number): Promise<number> {
  const boundary = `----damso${randomBytes(8).toString('hex')}`;
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/api/orders/${number}/receipt`,
      {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-test-user': 'alice' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    // The server may answer 413 and close before the whole body is sent.
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    // The first write ends exactly at the limit, the rest follows once it is on the wire: the server
    // sees a chunk boundary right at 5 MB, where busboy marks the file truncated only after the last
    // chunk it kept was handed over.
    const head = Buffer.alloc(RECEIPT_MAX_BYTES, ' ');
    head.write('%PDF-1.7\n');
    req.write(head, () =>
      req.end(Buffer.concat([Buffer.alloc(size - RECEIPT_MAX_BYTES, ' '), Buffer.from(`\r\n--${boundary}--\r\n`)])),
    );
  });
}

describe('hostile receipts', () => {
  it('refuses picture polyglots, a script inside a PNG and a decompression bomb, keeping nothing', async () => {
    const number = await alicesOrder();
    const before = await storedFiles();
    for (const [bytes, name] of [
      [await pngHtmlPolyglot(), 'receipt.png'],
      [await jpegHtmlPolyglot(), 'receipt.jpg'],
      [await pngWithScriptChunk(), 'receipt.png'],
    ] as const) {
      expect(await upload(number, multipart(bytes, name))).toEqual({
        status: 415,
        body: { error: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/hidden content/) },
      });
    }
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await upload(number, multipart(bomb, 'bomb.png'))).toEqual({
      status: 413,
      body: { error: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/too large: at most 40 million pixels/) },
    });
    expect(await keptFor(number)).toEqual([]);
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses PDFs that run script or act on opening, however the names are hidden, and keeps a plain one', async () => {
    const number = await alicesOrder();
    for (const bytes of [
      pdfOpenActionJs(),
      pdfEscapedOpenAction(),
      pdfWithObjectStream(),
      pdfWithObjectStream('4 0 << /AA << /O 7 0 R >> >>'),
      pdf('/Names << /EmbeddedFiles 8 0 R >>'),
      pdf('', '9 0 obj << /S /Launch /F (calc.exe) >> endobj'),
    ]) {
      const r = await upload(number, multipart(bytes, 'receipt.pdf'));
      expect(r.status).toBe(415);
      expect(r.body.message).toMatch(/contains active content \/\w+ and was refused|active content/);
    }
    expect(await keptFor(number)).toEqual([]);
    const plain = await upload(number, multipart(pdf(), 'statement.pdf'));
    expect(plain).toMatchObject({ status: 201, body: { mimeType: 'application/pdf' } });
    // Served only as a download, under a sandbox, whatever the query asks.
    const served = await app.inject({
      method: 'GET',
      url: `/api/receipts/${plain.body.key}`,
      headers: { 'x-test-user': 'employee' },
    });
    expect(served.headers['content-disposition']).toBe('attachment; filename="statement.pdf"');
    expect(served.headers['content-security-policy']).toMatch(/(^|; )sandbox(;|$)/);
    expect(served.rawPayload.equals(pdf())).toBe(true);
  });

  it('refuses two files in one form', async () => {
    const number = await alicesOrder();
    const r = await upload(number, multipart(PNG, 'one.png', [PNG, 'two.png']));
    expect(r).toEqual({
      status: 400,
      body: { error: 'BAD_REQUEST', message: 'Send one receipt file in a form field named "file".' },
    });
    expect(await keptFor(number)).toEqual([]);
  });

  it('answers 413 to a 6 MB receipt streamed without a length, every time, and keeps nothing of it', async () => {
    const number = await alicesOrder();
    const before = await storedFiles();
    const answers: number[] = [];
    for (let i = 0; i < 5; i += 1) answers.push(await streamUpload(number, 6 * 1024 * 1024));
    expect(answers).toEqual([413, 413, 413, 413, 413]);
    expect(await keptFor(number)).toEqual([]);
    expect(await storedFiles()).toEqual(before);
  });

  it('keeps a phone photo of a receipt legible: a 4000 × 3000 JPEG becomes a 2560 × 1920 WebP', async () => {
    const number = await alicesOrder();
    const r = await upload(number, multipart(await receiptPicture('jpeg', 4000, 3000), 'photo.jpg'));
    expect(r).toMatchObject({ status: 201, body: { mimeType: 'image/webp' } });
    const served = await app.inject({
      method: 'GET',
      url: `/api/receipts/${r.body.key}`,
      headers: { 'x-test-user': 'alice' },
    });
    expect(await pictureSize(served.rawPayload)).toEqual({ format: 'webp', width: 2560, height: 1920 });
  });
});
