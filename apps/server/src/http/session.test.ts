// Sessions and the same-site check over real HTTP: the built server, a real socket, real cookies.
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadEnv } from '../env.ts';

let t: TestDatabase;
// The app's clock: the real time, moved forward by the expiry test.
let now = Date.now();
const apps: Array<Awaited<ReturnType<typeof buildApp>>> = [];

async function start(extra: Record<string, string> = {}) {
  const env = loadEnv({
    DATABASE_URL: t.url,
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    WEB_DIST: '/nonexistent',
    UPLOAD_DIR: `/tmp/damso-test-uploads-${process.pid}`,
    LOG_LEVEL: 'silent',
    ...extra,
  });
  const app = await buildApp({ env, db: t.db, clock: () => new Date(now) });
  apps.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

let base: string;
beforeAll(async () => {
  t = await createTestDatabase();
  base = await start();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await t.drop();
});

let n = 0;
function signUpBody() {
  n += 1;
  return {
    json: {
      fullName: 'Web Person',
      email: `web${n}@example.test`,
      phoneCountry: 'DE',
      phone: '030 901820',
      password: 'Quiet-Orchard-55',
    },
  };
}

function mutate(url: string, path: string, body: unknown, headers: Record<string, string>) {
  return fetch(`${url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function whoAmI(url: string, cookie: string) {
  const res = await fetch(`${url}/trpc/system.bootstrap`, { headers: { cookie } });
  const body = (await res.json()) as { result: { data: { json: { user: { email: string } | null } } } };
  return body.result.data.json.user?.email ?? null;
}

const cookieOf = (res: Response) => (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';

describe('sessions over HTTP', () => {
  it('signs up from the same origin and recognises the HttpOnly, SameSite=Lax cookie on the next request', async () => {
    const body = signUpBody();
    const res = await mutate(base, 'auth.signUp', body, { origin: base });
    expect(res.status).toBe(200);
    const [header] = res.headers.getSetCookie();
    expect(header).toMatch(/HttpOnly; SameSite=Lax; Path=\//);
    expect(header).not.toMatch(/Secure/);
    expect(await whoAmI(base, cookieOf(res))).toBe(body.json.email);
  });

  it('refuses mutations from another site and changes nothing', async () => {
    const cases: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site', origin: base },
      { 'sec-fetch-site': 'same-site' },
      {},
    ];
    for (const headers of cases) {
      const body = signUpBody();
      const res = await mutate(base, 'auth.signUp', body, headers);
      expect({ headers, status: res.status }).toEqual({ headers, status: 403 });
      expect(await t.db.selectFrom('users').select('id').where('email', '=', body.json.email).execute()).toEqual([]);
    }
    const ok = await mutate(base, 'auth.signUp', signUpBody(), { 'sec-fetch-site': 'same-origin' });
    expect(ok.status).toBe(200);
  });

  it('a forged logout from another site leaves the session alive', async () => {
    const body = signUpBody();
    const cookie = cookieOf(await mutate(base, 'auth.signUp', body, { origin: base }));
    const forged = await mutate(base, 'auth.logOut', {}, { cookie, origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(await whoAmI(base, cookie)).toBe(body.json.email);
    const real = await mutate(base, 'auth.logOut', {}, { cookie, origin: base });
    expect(real.status).toBe(200);
    expect(await whoAmI(base, cookie)).toBeNull();
  });

  it('sends field messages for bad input, and a clear conflict for a taken email, never a 500', async () => {
    const bad = await mutate(
      base,
      'auth.signUp',
      { json: { fullName: '', email: 'x', phoneCountry: 'ZZ', phone: 'abc', password: 'short' } },
      { origin: base },
    );
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as {
      error: { json: { data: { zodError: { fieldErrors: Record<string, string[]> } } } };
    };
    expect(Object.keys(badBody.error.json.data.zodError.fieldErrors).sort()).toEqual([
      'email',
      'fullName',
      'password',
      'phoneCountry',
    ]);
    const first = signUpBody();
    await mutate(base, 'auth.signUp', first, { origin: base });
    const again = await mutate(base, 'auth.signUp', first, { origin: base });
    expect(again.status).toBe(409);
    const againBody = (await again.json()) as {
      error: { json: { data: { zodError: { fieldErrors: Record<string, string[]> } } } };
    };
    expect(againBody.error.json.data.zodError.fieldErrors.email?.[0]).toMatch(/already registered/);
    const junk = await fetch(`${base}/trpc/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: '{"json": 42',
    });
    expect(junk.status).toBe(400);
  });

  it('clears the cookie of a session that reached its 24 hours', async () => {
    const body = signUpBody();
    const cookie = cookieOf(await mutate(base, 'auth.signUp', body, { origin: base }));
    now += 24 * 60 * 60_000;
    const res = await fetch(`${base}/trpc/system.bootstrap`, { headers: { cookie } });
    expect(res.headers.getSetCookie()[0]).toMatch(/^damso_session=; .*Max-Age=0/);
    expect(await whoAmI(base, cookie)).toBeNull();
  });

  it('marks the cookie Secure when the shop is served over HTTPS', async () => {
    const url = await start({ PUBLIC_URL: 'https://shop.example' });
    const res = await mutate(url, 'auth.signUp', signUpBody(), { origin: 'https://shop.example' });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()[0]).toMatch(/; Secure$/);
  });
});
