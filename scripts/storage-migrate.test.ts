// npm run storage:migrate, run in-process as its entry point runs it: a shop that kept its files in
// UPLOAD_DIR (the demo pictures and a receipt uploaded over HTTP) moves them to a real S3-compatible
// bucket, and a server switched to STORAGE=s3 then serves them. Run twice, it copies nothing twice.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { callerFor, pdf } from '@damso/api/testing';
import { createSession, hashPassword } from '@damso/auth';
import { seedDemoData } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { storageFromEnv } from '@damso/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../apps/server/src/app.ts';
import { loadEnv } from '../apps/server/src/env.ts';
import { startS3Server, type TestS3Server } from './lib/s3-server.ts';
import { testIo } from './lib/test-io.ts';
import { storageMigrate } from './storage-migrate.ts';

const ORIGIN = 'http://shop.test';
const scratch = mkdtempSync(path.join(tmpdir(), 'damso-storage-migrate-'));
const uploadDir = path.join(scratch, 'uploads');
let s3: TestS3Server;
let t: TestDatabase;

beforeAll(async () => {
  s3 = await startS3Server({ bucket: 'damso-migrated' });
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
  await s3?.destroy();
  rmSync(scratch, { recursive: true, force: true });
});

async function migrate(env: Record<string, string>, args: string[] = []) {
  const { io, output } = testIo(env);
  const code = await storageMigrate(args, io);
  return { code, out: output() };
}

async function serve(env: Record<string, string>) {
  const app = await buildApp({
    env: loadEnv({
      DATABASE_URL: t.url,
      PUBLIC_URL: ORIGIN,
      ENCRYPTION_KEY: 'b'.repeat(64),
      WEB_DIST: path.join(scratch, 'no-web-build'),
      LOG_LEVEL: 'silent',
      JOBS: 'off',
      ...env,
    }),
    db: t.db,
  });
  return { app, base: await app.listen({ host: '127.0.0.1', port: 0 }) };
}

describe('storage:migrate', () => {
  it('copies the upload folder to the bucket once, and a server on the bucket serves every file', async () => {
    // The shop as it ran before: demo pictures in UPLOAD_DIR and a client's receipt uploaded over HTTP.
    await seedDemoData(t.db, { uploadDir, hashPassword });
    const client = await t.db
      .selectFrom('users')
      .select(['id', 'email', 'full_name', 'role'])
      .where('email', '=', 'client@damso.test')
      .executeTakeFirstOrThrow();
    const offer = await t.db
      .selectFrom('offers')
      .select(['id', 'image_key'])
      .where('is_active', '=', 1)
      .where('delivery_mode', '=', 'manual')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const caller = callerFor(t.db, {
      id: client.id,
      email: client.email,
      fullName: client.full_name,
      role: 'client',
      emailVerified: true,
    });
    await caller.cart.add({ offerId: offer.id });
    const { number } = await caller.orders.checkout({ idempotencyKey: randomBytes(12).toString('hex') });
    const cookie = `damso_session=${(await createSession(t.db, client.id, new Date())).token}`;

    const local = await serve({ UPLOAD_DIR: uploadDir });
    let receiptKey = '';
    try {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(pdf())]), 'statement.pdf');
      const res = await fetch(`${local.base}/api/orders/${number}/receipt`, {
        method: 'POST',
        body: form,
        headers: { origin: ORIGIN, cookie },
      });
      expect(res.status).toBe(201);
      receiptKey = ((await res.json()) as { key: string }).key;
    } finally {
      await local.app.close();
    }
    // Not uploads: the scale loader's manifest and a write that was cut off.
    writeFileSync(path.join(uploadDir, 'offers', 'scale-images.json'), '{}');
    writeFileSync(path.join(uploadDir, 'receipts', 'abc.1234.partial'), 'half');

    const images = (await t.db.selectFrom('offers').select('image_key').execute()).filter((o) => o.image_key).length;
    // The demo order's receipt and the one just uploaded.
    const files = images * 2 + (await t.db.selectFrom('payment_receipts').select('id').execute()).length;
    const first = await migrate({ UPLOAD_DIR: uploadDir, ...s3.env });
    expect(first.code).toBe(0);
    expect(first.out).toContain(`Copying ${uploadDir} → s3://damso-migrated`);
    expect(first.out).toMatch(new RegExp(`Copied ${files} files \\([\\d.]+ MB\\); 0 already in the bucket\\.`));
    expect(first.out).toContain('Left alone 1 files that are not uploads: offers/scale-images.json');

    const again = await migrate({ UPLOAD_DIR: uploadDir, ...s3.env });
    expect(again.code).toBe(0);
    expect(again.out).toContain(`Copied 0 files (0.0 MB); ${files} already in the bucket.`);

    // A server on the bucket, with an empty upload folder of its own, serves what was copied.
    const bucketServer = await serve({ UPLOAD_DIR: path.join(scratch, 'empty'), ...s3.env });
    try {
      const receipt = await fetch(`${bucketServer.base}/api/receipts/${receiptKey}`, { headers: { cookie } });
      expect(receipt.status).toBe(200);
      expect(receipt.headers.get('content-type')).toBe('application/pdf');
      expect(
        Buffer.from(await receipt.arrayBuffer()).equals(readFileSync(path.join(uploadDir, 'receipts', receiptKey))),
      ).toBe(true);
      const picture = await fetch(`${bucketServer.base}/uploads/offers/${offer.image_key}-640.webp`);
      expect(picture.status).toBe(200);
      expect(
        Buffer.from(await picture.arrayBuffer()).equals(
          readFileSync(path.join(uploadDir, 'offers', `${offer.image_key}-640.webp`)),
        ),
      ).toBe(true);
    } finally {
      await bucketServer.app.close();
    }
  });

  it('with --dry-run names what it would copy and copies nothing', async () => {
    const dir = path.join(scratch, 'dry');
    const key = `receipts/${randomBytes(16).toString('hex')}`;
    const bucket = storageFromEnv(s3.env, '/unused').store;
    await storageFromEnv({ UPLOAD_DIR: dir }, '/unused').store.put(key, Buffer.from('%PDF-1.7 x'), {
      contentType: 'application/pdf',
    });
    const r = await migrate({ UPLOAD_DIR: dir, ...s3.env }, ['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Would copy 1 files (0.0 MB); 0 already in the bucket.');
    expect(await bucket.size(key)).toBeNull();
  });

  it('stops with a clear message when there is no bucket to copy to or it cannot be reached', async () => {
    const local = await migrate({ UPLOAD_DIR: uploadDir });
    expect(local.code).toBe(1);
    expect(local.out).toContain('storage:migrate copies UPLOAD_DIR to a bucket: set STORAGE=s3 and S3_BUCKET');
    const noBucket = await migrate({ UPLOAD_DIR: uploadDir, STORAGE: 's3' });
    expect(noBucket.code).toBe(1);
    expect(noBucket.out).toContain('S3_BUCKET: is required when STORAGE=s3');
    const noFolder = await migrate({ ...s3.env, UPLOAD_DIR: path.join(scratch, 'nowhere') });
    expect(noFolder.code).toBe(1);
    expect(noFolder.out).toContain(`UPLOAD_DIR ${path.join(scratch, 'nowhere')} does not exist`);

    const dir = path.join(scratch, 'outage');
    await storageFromEnv({ UPLOAD_DIR: dir }, '/unused').store.put(
      `receipts/${randomBytes(16).toString('hex')}`,
      Buffer.from('%PDF-1.7 y'),
      { contentType: 'application/pdf' },
    );
    await s3.stop();
    try {
      const down = await migrate({ UPLOAD_DIR: dir, ...s3.env });
      expect(down.code).toBe(1);
      expect(down.out).toContain('running storage:migrate again copies the rest');
    } finally {
      await s3.start();
    }
    expect((await migrate({ UPLOAD_DIR: dir, ...s3.env })).out).toContain('Copied 1 files');
  });
});
