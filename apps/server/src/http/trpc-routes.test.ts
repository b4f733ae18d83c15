// The direct path for single GET queries must answer exactly as tRPC's own handler does. A request
// with a `trpc-accept` header goes through tRPC's handler, so each answer is compared with that one.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@damso/auth';
import { seedDemoData } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadEnv } from '../env.ts';

let t: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let base = '';
beforeAll(async () => {
  t = await createTestDatabase();
  const uploads = `/tmp/damso-test-uploads-${process.pid}`;
  await seedDemoData(t.db, { uploadDir: uploads, hashPassword });
  const env = loadEnv({ DATABASE_URL: t.url, UPLOAD_DIR: uploads, ENCRYPTION_KEY: randomBytes(32).toString('hex') });
  app = await buildApp({ env, db: t.db, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await app.close();
  await t.drop();
});

const VARYING = new Set(['date', 'x-request-id', 'content-length', 'keep-alive', 'connection', 'transfer-encoding']);

// Uncompressed: tRPC's handler streams its answer, which the compression plugin gzips at any size.
async function answer(url: string, viaHandler: boolean) {
  const sent: Record<string, string> = { 'accept-encoding': 'identity' };
  if (viaHandler) sent['trpc-accept'] = 'application/json';
  const res = await fetch(url, { headers: sent });
  const id = res.headers.get('x-request-id') ?? '';
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !VARYING.has(name)));
  return { status: res.status, headers, body: (await res.text()).replaceAll(id, '<request id>') };
}

// Paths only: the server's address is known once it listens.
const query = (path: string, input?: unknown) =>
  `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`;

describe('single GET queries', () => {
  it.each([
    ['an offer page', query('catalog.offer', { slug: 'streamly-premium-1-month' })],
    ['a catalog page with dates and cursors', query('catalog.search', { sort: 'newest', pageSize: 5 })],
    ['an unknown offer (404)', query('catalog.offer', { slug: 'no-such-offer' })],
    ['input the schema refuses (400, field errors)', query('catalog.search', { q: 'x'.repeat(101) })],
    ['a query that needs a session (401)', query('cart.get')],
    ['a staff query without a session (401)', query('desk.counts')],
    ['input that is not JSON', '/trpc/catalog.search?input=%7Bnot-json'],
    ['a procedure that does not exist', query('catalog.nothing')],
    ['a mutation sent as GET (405)', query('cart.add', { offerId: 1, quantity: 1 })],
    ['a batch', '/trpc/catalog.categories,catalog.home?batch=1&input=%7B%7D'],
  ])('answers %s as tRPC’s handler does', async (_name, path) => {
    const direct = await answer(`${base}${path}`, false);
    const handler = await answer(`${base}${path}`, true);
    expect(direct).toEqual(handler);
  });

  it('compresses a large answer for a client that accepts it', async () => {
    const res = await fetch(`${base}${query('catalog.search', { pageSize: 24 })}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = (await res.json()) as { result: { data: { json: { items: unknown[] } } } };
    expect(body.result.data.json.items).toHaveLength(24);
  });

  it('gives the offer page its data with the no-store rule', async () => {
    const res = await fetch(`${base}${query('catalog.offer', { slug: 'streamly-premium-1-month' })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { result: { data: { json: { title: string } } } };
    expect(body.result.data.json.title).toBe('Streamly Premium — 1 month');
  });
});
