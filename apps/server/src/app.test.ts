// The HTTP host over a real socket: health checks, security headers, compression, caching rules.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { callerFor, createTestUser } from '@damso/api/testing';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { loadEnv } from './env.ts';

const dist = mkdtempSync(path.join(tmpdir(), 'damso-dist-'));
mkdirSync(path.join(dist, 'assets'));
writeFileSync(
  path.join(dist, 'index.html'),
  '<!doctype html><title>Damso Stream</title><meta name="description" content="Damso Stream — low prices."><div id="root"></div>',
);
writeFileSync(
  path.join(dist, 'offline.html'),
  '<!doctype html><title>You are offline · Damso Stream</title><a href="/" class="brand"><span class="brand__mark" aria-hidden="true">D</span><span class="brand__name">Damso Stream</span></a>',
);
writeFileSync(
  path.join(dist, 'manifest.webmanifest'),
  JSON.stringify({ id: '/', name: 'Damso Stream', short_name: 'Damso', start_url: '/', display: 'standalone' }),
);
writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), `console.info(${JSON.stringify('x'.repeat(5000))});`);
// The page list the web build writes (apps/web/src/page-paths.ts).
mkdirSync(path.join(dist, '.vite'));
writeFileSync(path.join(dist, '.vite', 'page-paths.json'), JSON.stringify(['/', '/catalog', '/offers/:slug']));

async function serve(t: TestDatabase) {
  const env = loadEnv({
    DATABASE_URL: t.url,
    WEB_DIST: dist,
    UPLOAD_DIR: path.join(dist, 'uploads'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  });
  const app = await buildApp({ env, db: t.db, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { app, base };
}

let t: TestDatabase;
let server: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  t = await createTestDatabase();
  server = await serve(t);
});
afterAll(async () => {
  await server.app.close();
  await t.drop();
});

describe('HTTP host', () => {
  it('reports the process up and the database ready', async () => {
    expect(await (await fetch(`${server.base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('is not ready while migrations are pending', async () => {
    const empty = await createTestDatabase({ migrate: false });
    const other = await serve(empty);
    try {
      const ready = await fetch(`${other.base}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { status: string }).status).toBe('migrations pending');
    } finally {
      await other.app.close();
      await empty.drop();
    }
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await fetch(`${server.base}/healthz`, { headers: { 'x-request-id': 'trace-12345678' } });
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-request-id')).toBe('trace-12345678');
    const other = await fetch(`${server.base}/healthz`);
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('caches hashed assets for a year, never the page, and compresses them', async () => {
    const asset = await fetch(`${server.base}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'br' } });
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(await asset.text()).toContain('console.info');
    const gz = await fetch(`${server.base}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    for (const page of ['/', '/catalog?q=vpn', '/offers/some-offer']) {
      const res = await fetch(`${server.base}${page}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toMatch(/no-cache|no-store/);
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('answers an address without a page with 404 and the app, which shows its "not found" page', async () => {
    for (const page of ['/no/such/page', '/offers', '/offers/a/b', '/catalogue']) {
      const res = await fetch(`${server.base}${page}`, { headers: { accept: 'text/html' } });
      expect([page, res.status]).toEqual([page, 404]);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('answers a missing file or API path with a 404, not the app shell', async () => {
    expect((await fetch(`${server.base}/assets/missing-123.js`)).status).toBe(404);
    expect((await fetch(`${server.base}/trpc/nope.nothing`)).status).toBe(404);
  });

  it("sends the app shell, the offline page and the install manifest with the shop's name from the settings", async () => {
    const get = async (file: string) => {
      const res = await fetch(`${server.base}${file}`, { headers: { accept: 'text/html' } });
      expect([file, res.status]).toEqual([file, 200]);
      return { type: res.headers.get('content-type'), body: await res.text() };
    };
    // The built name, as long as the shop keeps it.
    expect(JSON.parse((await get('/manifest.webmanifest')).body)).toMatchObject({
      name: 'Damso Stream',
      short_name: 'Damso',
    });

    const admin = await createTestUser(t.db, { role: 'admin' });
    const caller = callerFor(t.db, admin);
    const form = await caller.admin.settings.shop();
    const name = `Lumen & Keys ${admin.id}`;
    await caller.admin.settings.saveShop({ ...form, phoneCountry: form.phoneCountry ?? 'US', shopName: name });
    const escaped = name.replace('&', '&amp;');
    for (const page of ['/', '/catalog', '/index.html']) {
      await expect.poll(async () => (await get(page)).body).toContain(`<title>${escaped}</title>`);
      const { type, body } = await get(page);
      expect(type).toMatch(/^text\/html/);
      expect(body).toContain(`content="${escaped} — low prices."`);
      expect(body).not.toContain('Damso Stream');
    }
    const offline = (await get('/offline.html')).body;
    expect(offline).toContain(`<title>You are offline · ${escaped}</title>`);
    expect(offline).toContain(
      `<span class="brand__mark" aria-hidden="true">L</span><span class="brand__name">${escaped}</span>`,
    );
    const manifest = await get('/manifest.webmanifest');
    expect(manifest.type).toMatch(/^application\/manifest\+json/);
    // The home screen fits about 12 characters under the icon: the first word.
    expect(JSON.parse(manifest.body)).toMatchObject({ name, short_name: 'Lumen', start_url: '/' });
  });

  it('sends the app shell of a new build without a restart', async () => {
    const shell = path.join(dist, 'index.html');
    const before = readFileSync(shell, 'utf8');
    try {
      writeFileSync(
        shell,
        before.replace('<div id="root">', '<script src="/assets/index-new456.js"></script><div id="root">'),
      );
      expect(await (await fetch(`${server.base}/catalog`)).text()).toContain('/assets/index-new456.js');
    } finally {
      writeFileSync(shell, before);
    }
    expect(await (await fetch(`${server.base}/catalog`)).text()).not.toContain('index-new456');
  });

  it('serves the catalog over tRPC', async () => {
    const res = await fetch(`${server.base}/trpc/catalog.home`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { json: { categories: unknown[] } } } };
    expect(body.result.data.json.categories).toEqual([]);
  });
});

describe('API errors', () => {
  it('come back typed, with the zod issues field by field and no stack trace', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { q: 'x'.repeat(101), page: 0 } }));
    const res = await fetch(`${server.base}/trpc/catalog.search?input=${input}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: {
        json: {
          message: string;
          data: { code: string; stack?: string; zodError: { fieldErrors: Record<string, string[]> } };
        };
      };
    };
    expect(body.error.json.data.code).toBe('BAD_REQUEST');
    expect(body.error.json.message).toBe('Some fields need attention.');
    expect(body.error.json.data.zodError.fieldErrors.q).toEqual(['Search text is at most 100 characters']);
    expect(body.error.json.data.zodError.fieldErrors.page?.length).toBe(1);
    expect(body.error.json.data.stack).toBeUndefined();
  });
});

describe('configuration', () => {
  it('names each missing or invalid variable', () => {
    let message = '';
    try {
      loadEnv({ DATABASE_URL: 'postgres://x', PORT: 'abc' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('DATABASE_URL: must look like mysql://');
    expect(message).toContain('PORT: ');
    expect(message).toContain('ENCRYPTION_KEY: is required');
    expect(() => loadEnv({})).toThrow(/DATABASE_URL: is required/);
  });
});
