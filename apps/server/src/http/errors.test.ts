// The HTTP edge over a real socket: what a client sees when something breaks on our side (only a
// generic message and the request id, the detail in the log), the tRPC batch rules, no-store on
// answers, and which proxy may name the client's IP.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { generateToken, hashPassword } from '@damso/auth';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../app.ts';
import { EnvError, loadEnv } from '../env.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

/** The app on its own port, its log lines kept for the test to read. */
async function serve(db: TestDatabase, extra: Record<string, string> = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const env = loadEnv({
    DATABASE_URL: db.url,
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    WEB_DIST: '/nonexistent',
    UPLOAD_DIR: `/tmp/damso-test-uploads-${process.pid}`,
    ...extra,
  });
  const app = await buildApp({ env, db: db.db, logger: { level: 'info', stream } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  onTestFinished(() => app.close());
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { base, lines };
}

interface ErrorBody {
  message: string;
  code: number;
  data: { code: string; httpStatus: number; reference: string | null };
}
const errorOf = (body: unknown): ErrorBody => (body as { error: { json: ErrorBody } }).error.json;
const batchInput = (n: number, value: unknown) =>
  encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: value }]))));

describe('an unexpected error', () => {
  it('reaches the client as a generic message with the request id, and the log as the full error', async () => {
    // No tables at all: every query fails with the server's raw "Table … doesn't exist".
    const broken = await createTestDatabase({ migrate: false });
    onTestFinished(() => broken.drop());
    const { base, lines } = await serve(broken);

    const res = await fetch(`${base}/trpc/catalog.categories`);
    const text = await res.text();
    const reference = res.headers.get('x-request-id') ?? '';
    expect(res.status).toBe(500);
    expect(errorOf(JSON.parse(text)).message).toBe(
      `Something went wrong on our side (reference ${reference}). Please try again.`,
    );
    expect(errorOf(JSON.parse(text)).data.reference).toBe(reference);
    expect(text).not.toMatch(/doesn't exist|categories`|ER_NO_SUCH_TABLE|SELECT|at /i);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const logged = lines.find((l) => l.reqId === reference && l.level === 50);
    expect(JSON.stringify(logged)).toMatch(/doesn't exist/);
    expect(logged).toMatchObject({ procedure: 'catalog.categories' });

    // The session lookup fails before any procedure runs: the answer still names the request.
    const cookie = `damso_session=${generateToken()}`;
    const signedIn = await fetch(`${base}/trpc/system.bootstrap`, { headers: { cookie } });
    const ref2 = signedIn.headers.get('x-request-id');
    expect(signedIn.status).toBe(500);
    expect(errorOf(await signedIn.json()).message).toContain(`(reference ${ref2})`);
    expect(JSON.stringify(lines.find((l) => l.reqId === ref2 && l.level === 50))).toMatch(/sessions.*doesn't exist/);

    // A plain route (receipts) answers the same way through Fastify's error handler.
    const receipt = await fetch(`${base}/api/receipts/some-key`, { headers: { cookie } });
    const ref3 = receipt.headers.get('x-request-id');
    const body = await receipt.text();
    expect(receipt.status).toBe(500);
    expect(JSON.parse(body)).toMatchObject({
      message: `Something went wrong on our side (reference ${ref3}). Please try again.`,
    });
    expect(body).not.toMatch(/doesn't exist|sessions/);
    expect(JSON.stringify(lines.find((l) => l.reqId === ref3 && l.level === 50))).toMatch(/doesn't exist/);
  });

  it('leaves a message written for the user as it is', async () => {
    const { base } = await serve(t);
    const res = await fetch(`${base}/trpc/catalog.offer?input=${encodeURIComponent('{"json":{"slug":"no-such"}}')}`);
    expect(res.status).toBe(404);
    expect(errorOf(await res.json()).message).toBe('This offer is not available.');
  });
});

describe('tRPC batches', () => {
  it('runs a batch of up to ten calls and refuses a bigger one', async () => {
    const { base } = await serve(t);
    const ten = await fetch(`${base}/trpc/${Array(10).fill('catalog.categories').join(',')}?batch=1`);
    expect(ten.status).toBe(200);
    expect(await ten.json()).toHaveLength(10);
    const eleven = await fetch(`${base}/trpc/${Array(11).fill('catalog.categories').join(',')}?batch=1`);
    expect(eleven.status).toBe(400);
    expect(errorOf(await eleven.json()).message).toBe('Batch call exceeds maximum size');
  });

  it('never batches log-ins: fifty guesses in one request evaluate none, even with the right password', async () => {
    const email = `batch-${randomBytes(3).toString('hex')}@example.test`;
    await t.db
      .insertInto('users')
      .values({
        email,
        full_name: 'Batch Target',
        phone: '+4930901820',
        password_hash: await hashPassword('Right-Horse-Battery-9'),
        email_verified_at: new Date(),
        created_at: new Date(),
      })
      .execute();
    const { base } = await serve(t);
    const guesses = Array.from({ length: 50 }, (_, i) => ({
      json: { email, password: i === 25 ? 'Right-Horse-Battery-9' : `wrong-guess-${i}` },
    }));
    const res = await fetch(`${base}/trpc/${Array(50).fill('auth.logIn').join(',')}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify(Object.fromEntries(guesses.map((g, i) => [i, g]))),
    });
    expect(res.status).toBe(400);
    expect(res.headers.getSetCookie()).toEqual([]);
    await res.text();
    // Within the size cap, a log-in next to another call is refused as well, before either runs.
    const pair = await fetch(`${base}/trpc/cart.clear,auth.logIn?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ 1: guesses[25] }),
    });
    const bodies = (await pair.json()) as unknown[];
    expect(pair.status).toBe(400);
    expect(pair.headers.getSetCookie()).toEqual([]);
    expect(bodies.map((b) => errorOf(b).message)).toEqual([
      'Log-in and other account requests are sent one at a time, never in a batch.',
      'Log-in and other account requests are sent one at a time, never in a batch.',
    ]);
    // Alone, the same log-in works.
    const alone = await fetch(`${base}/trpc/auth.logIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify(guesses[25]),
    });
    expect(alone.status).toBe(200);
    expect(alone.headers.getSetCookie()[0]).toMatch(/^damso_session=/);
    expect(alone.headers.get('cache-control')).toBe('no-store');
    await alone.text();
    const cookie = (alone.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const me = await fetch(`${base}/trpc/system.bootstrap,catalog.categories?batch=1&input=${batchInput(0, null)}`, {
      headers: { cookie },
    });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    await me.text();
  });
});

describe('client IP behind a proxy', () => {
  it('refuses TRUST_PROXY=true and hop counts, and accepts addresses and ranges', () => {
    const env = (TRUST_PROXY: string) =>
      loadEnv({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/x', ENCRYPTION_KEY: 'a'.repeat(64), TRUST_PROXY });
    expect(() => env('true')).toThrow(EnvError);
    expect(() => env('true')).toThrow(/TRUST_PROXY: true would believe any X-Forwarded-For/);
    expect(() => env('2')).toThrow(/TRUST_PROXY: a hop count cannot tell/);
    expect(() => env('10.0.0.0/33')).toThrow(/"10.0.0.0\/33" is not an address or range/);
    expect(env('false').TRUST_PROXY).toBe(false);
    expect(env('loopback, 10.0.0.0/8,::1').TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8', '::1']);
  });

  it('takes the address the trusted proxy saw, so a client-chosen X-Forwarded-For gets around no per-IP limit', async () => {
    // The test speaks from 127.0.0.1 as the proxy would: the client's own entries, then the address it saw.
    const { base } = await serve(t, { TRUST_PROXY: 'loopback' });
    const check = (i: number) =>
      fetch(`${base}/trpc/auth.checkEmail?input=${encodeURIComponent(`{"json":{"email":"x${i}@example.test"}}`)}`, {
        headers: { 'x-forwarded-for': `198.51.100.${i % 250}, 10.9.${i % 250}.1, 203.0.113.77` },
      });
    let refusedAt = 0;
    for (let i = 1; i <= 200 && !refusedAt; i += 1) {
      const res = await check(i);
      await res.text();
      if (res.status === 429) refusedAt = i;
    }
    expect(refusedAt).toBeGreaterThan(1);
    expect(refusedAt).toBeLessThan(200);
    // Another client behind the same proxy still has its own allowance.
    const other = await fetch(
      `${base}/trpc/auth.checkEmail?input=${encodeURIComponent('{"json":{"email":"y@example.test"}}')}`,
      {
        headers: { 'x-forwarded-for': '203.0.113.78' },
      },
    );
    expect(other.status).toBe(200);
    await other.text();
  });
});
