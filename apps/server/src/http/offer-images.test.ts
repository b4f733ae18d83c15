// The upload route over real HTTP: real files in a multipart body, the role check, the origin check.
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SessionUser } from '@damso/api';
import { createTestUser, type TestImages, writeTestImages } from '@damso/api/testing';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { localStore } from '@damso/storage';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerImageRoutes } from './offer-images.ts';
import { registerSameSiteCheck } from './session.ts';

const root = `/tmp/damso-upload-route-${process.pid}`;
const uploadDir = path.join(root, 'uploads');
let t: TestDatabase;
let app: FastifyInstance;
let base: string;
let files: TestImages;
const users: Record<string, SessionUser> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  files = await writeTestImages(path.join(root, 'picked'));
  users.admin = await createTestUser(t.db, { role: 'admin' });
  users.employee = await createTestUser(t.db, { role: 'employee' });
  users.client = await createTestUser(t.db);
  app = Fastify({ logger: false });
  // Composed as in app.ts: the server-wide same-site check runs before the route.
  registerSameSiteCheck(app, { publicUrl: 'http://shop.test' });
  // The resolver stands in for the cookie lookup: it names a real user row of the test database.
  await app.register(offerImageRoutes, {
    storage: localStore(uploadDir),
    resolveUser: async (req) => users[String(req.headers['x-test-user'])] ?? null,
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app.close();
  await t.drop();
  await rm(root, { recursive: true, force: true });
});

async function upload(file: string, { as = 'admin', origin = 'http://shop.test' } = {}) {
  const form = new FormData();
  form.append('image', new Blob([await readFile(file)]), path.basename(file));
  const res = await fetch(`${base}/api/admin/offer-images`, {
    method: 'POST',
    body: form,
    headers: { 'x-test-user': as, origin },
  });
  return { status: res.status, body: (await res.json()) as { key?: string; message?: string } };
}

describe('POST /api/admin/offer-images', () => {
  it('stores a valid PNG for an admin and answers with its key', async () => {
    // Other tests upload to the same folder: this upload must add exactly its two files.
    const stored = () => readdir(path.join(uploadDir, 'offers')).catch(() => [] as string[]);
    const before = new Set(await stored());
    const r = await upload(files.validPng);
    expect(r.status).toBe(201);
    expect((await stored()).filter((f) => !before.has(f)).sort()).toEqual([
      `${r.body.key}-320.webp`,
      `${r.body.key}-640.webp`,
    ]);
  });

  it('accepts a PNG named .pdf, since the bytes decide, and a camera-sized JPEG', async () => {
    expect((await upload(files.pngNamedPdf)).status).toBe(201);
    const size = (await readFile(files.largeJpeg)).length;
    expect(size).toBeGreaterThan(1_500_000);
    expect(size).toBeLessThan(5 * 1024 * 1024);
    expect((await upload(files.largeJpeg)).status).toBe(201);
  });

  it('refuses an SVG with a script, a truncated JPEG and a 6 MB file with a clear message', async () => {
    expect(await upload(files.svgWithScript)).toEqual({
      status: 415,
      body: { message: 'SVG images are not accepted. Upload a JPEG, PNG or WebP image.' },
    });
    expect(await upload(files.truncatedJpeg)).toEqual({
      status: 400,
      body: { message: 'The image is damaged or incomplete. Please upload the original file again.' },
    });
    expect(await upload(files.sixMegabytes)).toEqual({
      status: 413,
      body: { message: 'The image is larger than 5 MB. Please upload a smaller file.' },
    });
  });

  it('refuses visitors, clients, employees and other sites', async () => {
    expect((await upload(files.validPng, { as: 'nobody' })).status).toBe(401);
    expect((await upload(files.validPng, { as: 'client' })).status).toBe(403);
    expect((await upload(files.validPng, { as: 'employee' })).body.message).toBe(
      'Only admins can upload offer images.',
    );
    expect((await upload(files.validPng, { origin: 'https://evil.test' })).status).toBe(403);
  });
});
