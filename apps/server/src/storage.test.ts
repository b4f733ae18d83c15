// Files in object storage, as a shop behind a proxy runs it: two app instances (each with a local
// upload folder of its own, which must stay empty) share one database and one S3-compatible bucket,
// served by a real S3 server over HTTP. What one instance stores the other serves, receipts only
// after the access check; with the bucket gone every answer is a readable 503 and nothing is half
// written; once it is back the shop works again without a restart.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { type SessionUser, STORAGE_READ_UNAVAILABLE_MESSAGE, STORAGE_WRITE_UNAVAILABLE_MESSAGE } from '@damso/api';
import { callerFor, createTestUser, receiptPicture, writeTestImages } from '@damso/api/testing';
import { createSession } from '@damso/auth';
import { createDb, type Database } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { storageFromEnv } from '@damso/storage';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../../scripts/lib/s3-server.ts';
import { buildApp } from './app.ts';
import { loadEnv } from './env.ts';

const ORIGIN = 'http://shop.test';
// Anything a store, driver or stack trace would put in a message.
const INTERNAL_TEXT = /ECONN|S3RVER|s3:\/\/|127\.0\.0\.1|NoSuch|stack|at \S+:\d+/i;

let s3: TestS3Server;
let t: TestDatabase;
let secondDb: Database;
const scratch = mkdtempSync(path.join(tmpdir(), 'damso-storage-apps-'));
const instances: Array<{ app: Awaited<ReturnType<typeof buildApp>>; base: string; uploadDir: string }> = [];
const users: Record<'admin' | 'alice' | 'bob' | 'employee', SessionUser & { cookie: string }> = {} as never;
let categoryId = 0;
let picture = '';

async function startInstance(db: Database, name: string) {
  const uploadDir = path.join(scratch, name);
  const env = loadEnv({
    DATABASE_URL: t.url,
    PUBLIC_URL: ORIGIN,
    ENCRYPTION_KEY: 'a'.repeat(64),
    WEB_DIST: path.join(scratch, 'no-web-build'),
    UPLOAD_DIR: uploadDir,
    LOG_LEVEL: 'silent',
    JOBS: 'off',
    ...s3.env,
  });
  const app = await buildApp({ env, db });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base, uploadDir };
}

beforeAll(async () => {
  s3 = await startS3Server({ bucket: 'damso-shop' });
  t = await createTestDatabase();
  // The second instance has its own connection pool, as a second process would.
  secondDb = createDb(t.url, { connectionLimit: 5 });
  instances.push(await startInstance(t.db, 'one'), await startInstance(secondDb, 'two'));
  for (const [name, role] of [
    ['admin', 'admin'],
    ['alice', 'client'],
    ['bob', 'client'],
    ['employee', 'employee'],
  ] as const) {
    const user = await createTestUser(t.db, { role });
    users[name] = { ...user, cookie: `damso_session=${(await createSession(t.db, user.id, new Date())).token}` };
  }
  const c = await t.db
    .insertInto('categories')
    .values({ slug: `c-${randomBytes(3).toString('hex')}`, name: `Category ${randomBytes(3).toString('hex')}` })
    .executeTakeFirstOrThrow();
  categoryId = Number(c.insertId);
  picture = (await writeTestImages(path.join(scratch, 'picked'))).validPng;
});
afterAll(async () => {
  for (const { app } of instances) await app.close();
  await secondDb?.destroy();
  await t?.drop();
  await s3?.destroy();
  rmSync(scratch, { recursive: true, force: true });
});

const one = () => instances[0] as (typeof instances)[number];
const two = () => instances[1] as (typeof instances)[number];

/** A new unpaid order of Alice's for an offer of its own. */
async function alicesOrder() {
  const offer = await t.db
    .insertInto('offers')
    .values({
      slug: `plan-${randomBytes(4).toString('hex')}`,
      title: 'Plan',
      service_name: 'Svc',
      category_id: categoryId,
      description: 'd',
      price_cents: 500,
    })
    .executeTakeFirstOrThrow();
  const caller = callerFor(t.db, users.alice);
  await caller.cart.add({ offerId: Number(offer.insertId) });
  return (await caller.orders.checkout({ idempotencyKey: randomBytes(12).toString('hex') })).number;
}

async function post(base: string, url: string, as: keyof typeof users, field: string, bytes: Buffer, name: string) {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${base}${url}`, {
    method: 'POST',
    body: form,
    headers: { origin: ORIGIN, cookie: users[as].cookie },
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Record<string, string>,
  };
}

const uploadReceipt = async (base: string, number: string, bytes: Buffer) =>
  post(base, `/api/orders/${number}/receipt`, 'alice', 'file', bytes, 'receipt.png');

const uploadImage = async (base: string) =>
  post(base, '/api/admin/offer-images', 'admin', 'image', readFileSync(picture), 'cover.png');

function get(base: string, url: string, as?: keyof typeof users, headers: Record<string, string> = {}) {
  return fetch(`${base}${url}`, { headers: { ...headers, ...(as ? { cookie: users[as].cookie } : {}) } });
}

async function createOffer(base: string, title: string, imageKey: string) {
  const res = await fetch(`${base}/trpc/admin.offers.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, cookie: users.admin.cookie },
    body: JSON.stringify({
      json: {
        title,
        serviceName: 'Harbourtone',
        categoryId,
        description: 'Ad-free music on every device, offline listening included.',
        duration: '30',
        price: '4.99',
        compareAt: '',
        deliveryMode: 'manual',
        isActive: true,
        isFeatured: false,
        lowStockThreshold: 0,
        imageKey,
      },
    }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { json: { message: string } } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), message: body.error?.json.message };
}

async function objectBytes(key: string): Promise<Buffer | null> {
  const file = await storageFromEnv(s3.env, '/unused').store.get(key);
  if (!file) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of file.body as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const receiptRows = (number: string) =>
  t.db
    .selectFrom('payment_receipts as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select('r.storage_key')
    .where('o.number', '=', number)
    .execute();

const orderStatus = async (number: string) =>
  (await t.db.selectFrom('orders').select('status').where('number', '=', number).executeTakeFirstOrThrow()).status;

/** Neither instance wrote to its own disk: the bucket is the only copy. */
function localFiles() {
  return instances.flatMap(({ uploadDir }) => {
    try {
      return readdirSync(uploadDir, { recursive: true }).map(String);
    } catch {
      return [];
    }
  });
}

describe('files in a bucket shared by two app instances', () => {
  it('serves an offer image uploaded through one instance from the other, cached for a year', async () => {
    const uploaded = await uploadImage(one().base);
    expect(uploaded.status).toBe(201);
    const key = uploaded.body.key as string;
    for (const width of [320, 640]) {
      const res = await get(two().base, `/uploads/offers/${key}-${width}.webp`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect([meta.format, meta.width]).toEqual(['webp', width]);
    }
    // A browser that has it is told so without the bucket being asked.
    const again = await get(two().base, `/uploads/offers/${key}-640.webp`, undefined, {
      'if-none-match': `"${key}-640.webp"`,
    });
    expect(again.status).toBe(304);
    expect((await get(two().base, `/uploads/offers/${randomBytes(16).toString('hex')}-640.webp`)).status).toBe(404);
    // Only picture names reach the store through this path, never a receipt.
    expect((await get(two().base, `/uploads/offers/..%2Freceipts%2F${key}`)).status).toBe(404);

    // The other instance finds the picture in the bucket when the offer is saved with it.
    const title = `Harbourtone Premium ${randomBytes(3).toString('hex')}`;
    expect((await createOffer(two().base, title, key)).status).toBe(200);
    expect(
      await t.db.selectFrom('offers').select('image_key').where('title', '=', title).executeTakeFirstOrThrow(),
    ).toEqual({ image_key: key });
    expect(localFiles()).toEqual([]);
  });

  it('serves a receipt uploaded through one instance from the other, to its owner and staff only', async () => {
    const number = await alicesOrder();
    const uploaded = await uploadReceipt(one().base, number, await receiptPicture('png'));
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.status).toBe('payment_review');
    const key = uploaded.body.key as string;

    const own = await get(two().base, `/api/receipts/${key}`, 'alice');
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/webp');
    expect(own.headers.get('cache-control')).toBe('private, no-store');
    expect(own.headers.get('content-security-policy')).toMatch(/(^|; )sandbox(;|$)/);
    const served = Buffer.from(await own.arrayBuffer());
    expect(served.equals((await objectBytes(`receipts/${key}`)) as Buffer)).toBe(true);
    expect((await sharp(served).metadata()).width).toBe(1600);

    expect((await get(two().base, `/api/receipts/${key}`, 'employee')).status).toBe(200);
    expect((await get(two().base, `/api/receipts/${key}`, 'bob')).status).toBe(404);
    expect((await get(two().base, `/api/receipts/${key}`)).status).toBe(401);
    expect(localFiles()).toEqual([]);
  });

  it('answers a readable 503 while the bucket is gone, writes nothing half, and recovers without a restart', async () => {
    const earlier = await alicesOrder();
    const kept = await uploadReceipt(one().base, earlier, await receiptPicture('png'));
    expect(kept.status).toBe(201);
    const number = await alicesOrder();
    const image = await uploadImage(one().base);
    expect(image.status).toBe(201);

    await s3.stop();
    try {
      const refused = await uploadReceipt(one().base, number, await receiptPicture('png'));
      expect(refused).toMatchObject({
        status: 503,
        retryAfter: '5',
        body: { message: STORAGE_WRITE_UNAVAILABLE_MESSAGE },
      });
      expect(JSON.stringify(refused.body)).not.toMatch(INTERNAL_TEXT);
      // No row points at a file that was never kept, and the order still waits for its payment.
      expect(await receiptRows(number)).toEqual([]);
      expect(await orderStatus(number)).toBe('awaiting_payment');

      const download = await get(two().base, `/api/receipts/${kept.body.key}`, 'alice');
      expect(download.status).toBe(503);
      expect(download.headers.get('retry-after')).toBe('5');
      expect(((await download.json()) as { message: string }).message).toBe(STORAGE_READ_UNAVAILABLE_MESSAGE);

      const picture = await uploadImage(two().base);
      expect(picture).toMatchObject({ status: 503, body: { message: STORAGE_WRITE_UNAVAILABLE_MESSAGE } });
      expect((await get(two().base, `/uploads/offers/${image.body.key}-320.webp`)).status).toBe(503);

      const title = `Outage offer ${randomBytes(3).toString('hex')}`;
      expect(await createOffer(two().base, title, image.body.key as string)).toEqual({
        status: 503,
        retryAfter: '5',
        message: STORAGE_WRITE_UNAVAILABLE_MESSAGE,
      });
      expect(await t.db.selectFrom('offers').select('id').where('title', '=', title).execute()).toEqual([]);
    } finally {
      await s3.start();
    }

    const retried = await uploadReceipt(two().base, number, await receiptPicture('png'));
    expect(retried.status).toBe(201);
    expect(await receiptRows(number)).toEqual([{ storage_key: retried.body.key }]);
    expect((await get(one().base, `/api/receipts/${retried.body.key}`, 'employee')).status).toBe(200);
    expect((await get(one().base, `/uploads/offers/${image.body.key}-320.webp`)).status).toBe(200);
    expect(localFiles()).toEqual([]);
  });
});

describe('storage configuration', () => {
  function problems(extra: Record<string, string>) {
    try {
      loadEnv({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/damso', ENCRYPTION_KEY: 'a'.repeat(64), ...extra });
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  }

  it('names each missing or invalid storage variable', () => {
    expect(problems({})).toBe('');
    expect(problems({ STORAGE: 'gcs' })).toContain(
      'STORAGE: must be local (files in UPLOAD_DIR on this machine) or s3',
    );
    expect(problems({ STORAGE: 's3' })).toContain('S3_BUCKET: is required when STORAGE=s3');
    expect(problems({ STORAGE: 's3', S3_BUCKET: 'Shop_Files' })).toContain('S3_BUCKET: must be a bucket name');
    expect(problems({ STORAGE: 's3', S3_BUCKET: 'shop', S3_ENDPOINT: 'minio:9000' })).toContain(
      'S3_ENDPOINT: must be the store’s address',
    );
    expect(problems({ STORAGE: 's3', S3_BUCKET: 'shop', S3_ACCESS_KEY_ID: 'AKIA' })).toContain(
      'S3_SECRET_ACCESS_KEY: is required with S3_ACCESS_KEY_ID',
    );
    expect(problems({ STORAGE: 's3', S3_BUCKET: 'shop', S3_FORCE_PATH_STYLE: 'yes' })).toContain(
      'S3_FORCE_PATH_STYLE: must be true',
    );
    expect(problems({ STORAGE: 's3', S3_BUCKET: 'shop' })).toBe('');
  });
});
