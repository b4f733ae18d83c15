// The direct path for single GET queries must answer exactly as tRPC's own handler does. A request
// with a `trpc-accept` header goes through tRPC's handler, so each answer is compared with that one.
import { randomBytes } from 'node:crypto';
import { createSession, hashPassword, SESSION_COOKIE } from '@damso/auth';
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
async function answer(url: string, viaHandler: boolean, post?: { body: string; cookie?: string }) {
  const sent: Record<string, string> = { 'accept-encoding': 'identity' };
  if (viaHandler) sent['trpc-accept'] = 'application/json';
  if (post) {
    sent['content-type'] = 'application/json';
    sent['sec-fetch-site'] = 'same-origin';
    if (post.cookie) sent.cookie = post.cookie;
  }
  const res = await fetch(url, post ? { method: 'POST', headers: sent, body: post.body } : { headers: sent });
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

  const json = (input: unknown) => JSON.stringify({ json: input });
  it.each([
    ['a mutation without a session (401)', 'cart.add', json({ offerId: 1, quantity: 1 })],
    ['a mutation whose input the schema refuses (400, field errors)', 'auth.logIn', json({ email: 'not an email' })],
    ['a query sent as POST (405)', 'catalog.home', json(undefined)],
    ['a mutation body that is not JSON', 'cart.add', '{not-json'],
    ['a mutation that does not exist', 'cart.nothing', json({})],
  ])('answers %s by POST as tRPC’s handler does', async (_name, path, body) => {
    const direct = await answer(`${base}/trpc/${path}`, false, { body });
    const handler = await answer(`${base}/trpc/${path}`, true, { body });
    expect(direct).toEqual(handler);
  });

  it('answers a signed-in client’s mutation as tRPC’s handler does, and does it', async () => {
    const client = await t.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'client@damso.test')
      .executeTakeFirstOrThrow();
    const session = await createSession(t.db, client.id, new Date());
    const cookie = `${SESSION_COOKIE}=${session.token}`;
    const offer = await t.db.selectFrom('offers').select('id').where('is_active', '=', 1).executeTakeFirstOrThrow();
    const added = await answer(`${base}/trpc/cart.add`, false, {
      body: json({ offerId: offer.id, quantity: 1 }),
      cookie,
    });
    expect(added.status).toBe(200);
    // Setting a quantity twice answers the same: the two paths can be compared.
    const body = json({ offerId: offer.id, quantity: 3 });
    const direct = await answer(`${base}/trpc/cart.setQuantity`, false, { body, cookie });
    const handler = await answer(`${base}/trpc/cart.setQuantity`, true, { body, cookie });
    expect(direct.status).toBe(200);
    expect(direct).toEqual(handler);
    const cart = await t.db
      .selectFrom('cart_items as ci')
      .innerJoin('carts as c', 'c.id', 'ci.cart_id')
      .select('ci.quantity')
      .where('c.user_id', '=', client.id)
      .where('ci.offer_id', '=', offer.id)
      .executeTakeFirstOrThrow();
    expect(cart.quantity).toBe(3);
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

describe('answers from the catalog cache', () => {
  const home = query('catalog.home');
  const homeJson = async (encoding: string) => {
    const res = await fetch(`${base}${home}`, { headers: { 'accept-encoding': encoding } });
    return { encoding: res.headers.get('content-encoding'), vary: res.headers.get('vary'), text: await res.text() };
  };

  it('sends the same answer as tRPC’s handler, plain, brotli or gzip, request after request', async () => {
    const handler = await answer(`${base}${home}`, true);
    for (let i = 0; i < 2; i += 1) {
      const plain = await answer(`${base}${home}`, false);
      expect(plain).toEqual(handler);
      const br = await homeJson('br, gzip');
      expect(br.encoding).toBe('br');
      expect(br.vary).toContain('accept-encoding');
      expect(br.text).toBe(handler.body);
      const gzip = await homeJson('gzip;q=1, br;q=0');
      expect(gzip.encoding).toBe('gzip');
      expect(gzip.text).toBe(handler.body);
    }
  });

  it('sends an offer’s new title once the catalog changed, not the bytes kept for the answer before', async () => {
    const before = JSON.parse((await homeJson('br')).text) as {
      result: { data: { json: { featured: Array<{ id: number; title: string }> } } };
    };
    const offer = before.result.data.json.featured[0];
    if (!offer) throw new Error('The demo data has no featured offer.');
    const title = `${offer.title} (renamed)`;
    await t.db.updateTable('offers').set({ title }).where('id', '=', offer.id).execute();
    await t.db
      .updateTable('cache_versions')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('name', '=', 'catalog')
      .execute();
    // Another process's change: this one sees it at its next version check (every 250 ms).
    const deadline = Date.now() + 30_000;
    let seen = '';
    while (Date.now() < deadline && !seen.includes(title)) seen = (await homeJson('br')).text;
    expect(seen).toContain(title);
    expect((await homeJson('identity')).text).toContain(title);
  });
});
