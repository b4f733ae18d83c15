// The read replica for real: a MariaDB primary with a binary log and a replica of it (this file's own
// servers), two app instances behind a "proxy" (each browser's requests alternate between them), and
// the replica made to lag by stopping its SQL thread. Catalog reads come from the replica; a user's
// own writes are visible to them at once; checkout and "my orders" use the primary; past
// REPLICA_MAX_LAG_SECONDS (the lag is read with the app's clock, so the test moves the clock) and
// with the replica stopped, the primary serves everything.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { callerFor, createTestUser, writeTestImages } from '@damso/api/testing';
import { createSession } from '@damso/auth';
import { createDb, type Database, isDatabaseUnavailable, migrateToLatest, type ReadReplica } from '@damso/db';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ReplicatedDatabases, startReplicatedDatabases } from '../../../scripts/lib/scratch-db.ts';
import { buildApp } from './app.ts';
import { openReadReplica, serverConfig } from './config.ts';
import { loadEnv } from './env.ts';
import { FRESH_COOKIE } from './http/read-your-writes.ts';
import { metricOf, proxyBrowser, readinessOf } from './testing/proxy-browser.ts';

const MAX_LAG_SECONDS = 60;
const STICKY_SECONDS = 5;
const METRICS_TOKEN = 'replica-metrics-token-0123456789';
const REPLICA_ONLY = 'only-on-the-replica';

// The app's clock: the real time plus what a test adds.
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);

const scratch = mkdtempSync(path.join(tmpdir(), 'damso-replica-test-'));
let pair: ReplicatedDatabases;
let db: Database;
let categoryId: number;
const servers: Array<{ base: string; close: () => Promise<void> }> = [];
let bases: string[];
let encryptionKey: string;

async function serve({ replicated }: { replicated: boolean }) {
  const env = loadEnv({
    DATABASE_URL: pair.primary.url,
    ...(replicated && { DATABASE_REPLICA_URL: pair.replica.url }),
    REPLICA_MAX_LAG_SECONDS: String(MAX_LAG_SECONDS),
    REPLICA_STICKY_SECONDS: String(STICKY_SECONDS),
    ENCRYPTION_KEY: encryptionKey,
    WEB_DIST: '/nonexistent',
    UPLOAD_DIR: path.join(scratch, 'uploads'),
    LOG_LEVEL: 'silent',
    METRICS_TOKEN,
    // The tests write offers behind the services' back (and a row on the replica alone), which the
    // catalog cache is not told of: every read here must reach a database.
    CATALOG_CACHE: 'off',
  });
  // Built as main.ts builds it: one replica pool and one set of lag checks per app process.
  const config = serverConfig(env);
  const replica: ReadReplica | undefined = openReadReplica(config, db, clock);
  const app = await buildApp({ env, db, config, clock, replica });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const server = {
    base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: async () => {
      await app.close();
      replica?.close();
      await replica?.db.destroy();
    },
  };
  servers.push(server);
  return server;
}

beforeAll(async () => {
  encryptionKey = randomBytes(32).toString('hex');
  pair = await startReplicatedDatabases();
  db = createDb(pair.primary.url);
  await migrateToLatest(db);
  const category = await db
    .insertInto('categories')
    .values({ slug: 'replicated-plans', name: 'Replicated plans' })
    .executeTakeFirstOrThrow();
  categoryId = Number(category.insertId);
  await pair.caughtUp();
  // A row the primary never has: whoever sees it was served by the replica. Its id stays clear of
  // the primary's, so no replicated row collides with it.
  await pair.query('replica', 'INSERT INTO categories (id, slug, name) VALUES (9000001, ?, ?)', [
    REPLICA_ONLY,
    'Only on the replica',
  ]);
  bases = await Promise.all([serve({ replicated: true }), serve({ replicated: true })]).then((s) =>
    s.map((x) => x.base),
  );
});

// A test that failed midway must not leave the replica stopped or behind for the next one.
afterEach(async () => {
  await pair.replica.start().catch(() => {});
  await pair.resume().catch(() => {});
  await pair.caughtUp();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await db?.destroy();
  await pair?.destroy();
  rmSync(scratch, { recursive: true, force: true });
});

/** A browser behind the proxy: keeps its cookies, and each request may reach either app process. */
const browser = (cookie?: string) => proxyBrowser(() => bases, cookie);

async function signedIn(role: 'admin' | 'client') {
  const user = await createTestUser(db, { role, now: clock() });
  return browser((await createSession(db, user.id, clock())).token);
}

async function newOffer(priceCents = 1000) {
  const slug = `replica-plan-${randomBytes(4).toString('hex')}`;
  const r = await db
    .insertInto('offers')
    .values({
      slug,
      title: `Replica plan ${slug.slice(-8)}`,
      service_name: 'Replicly',
      category_id: categoryId,
      description: 'A plan for the read replica tests.',
      duration_days: 30,
      price_cents: priceCents,
      delivery_mode: 'manual',
    })
    .executeTakeFirstOrThrow();
  // The replica has it before any test makes the replica lag.
  await pair.caughtUp();
  return { id: Number(r.insertId), slug };
}

type Offer = { priceCents: number };
type Category = { slug: string };

async function priceSeen(who: ReturnType<typeof browser>, slug: string, on?: number) {
  const r = await who.query<Offer>('catalog.offer', { slug }, on);
  expect(r.status).toBe(200);
  return r.data.priceCents;
}

/** True when this read was served by the replica (it alone has the REPLICA_ONLY category). */
async function fromReplica(who: ReturnType<typeof browser>, on?: number) {
  const r = await who.query<Category[]>('catalog.categories', undefined, on);
  expect(r.status).toBe(200);
  return r.data.some((c) => c.slug === REPLICA_ONLY);
}

/** Waits until both app processes send an anonymous shopper's catalog reads to the replica. */
async function replicaServing() {
  const shopper = browser();
  for (const on of bases.keys()) await expect.poll(() => fromReplica(shopper, on)).toBe(true);
}

const readiness = (on = 0) => readinessOf(bases[on] as string);
const metric = (name: string, on = 0) => metricOf(bases[on] as string, name, METRICS_TOKEN);

async function cardPriceSeen(who: ReturnType<typeof browser>, slug: string, on?: number) {
  const r = await who.query<{ items: Array<{ slug: string; priceCents: number }> }>(
    'catalog.search',
    { q: 'Replicly', pageSize: 48 },
    on,
  );
  expect(r.status).toBe(200);
  return r.data.items.find((i) => i.slug === slug)?.priceCents;
}

/** The admin's price change, as the offer form sends it. */
async function changePrice(admin: ReturnType<typeof browser>, offerId: number, price: string, on?: number) {
  const current = await admin.query<{ form: Record<string, unknown> }>('admin.offers.get', { id: offerId }, on);
  expect(current.status).toBe(200);
  const saved = await admin.mutate('admin.offers.update', { id: offerId, offer: { ...current.data.form, price } }, on);
  expect([saved.status, saved.message]).toEqual([200, undefined]);
  return saved;
}

describe('a shop with a read replica', () => {
  it('serves the catalog, offer pages and comments from the replica', async () => {
    const offer = await newOffer(1200);
    await replicaServing();
    const shopper = browser();
    for (const on of bases.keys()) {
      expect(await fromReplica(shopper, on)).toBe(true);
      expect(await priceSeen(shopper, offer.slug, on)).toBe(1200);
      expect(await cardPriceSeen(shopper, offer.slug, on)).toBe(1200);
      const comments = await shopper.query<{ total: number }>('comments.list', { offerId: offer.id, page: 1 }, on);
      expect([comments.status, comments.data.total]).toEqual([200, 0]);
      const home = await shopper.query<{ categories: Category[] }>('catalog.home', undefined, on);
      expect(home.data.categories.map((c) => c.slug)).toContain(REPLICA_ONLY);
    }
    expect(await readiness()).toMatchObject({
      http: 200,
      status: 'ready',
      replica: { state: 'ok', servingReads: true },
    });
    expect(await metric('damso_replica_serving_reads')).toBe(1);
    expect(await metric('damso_replica_up')).toBe(1);
  });

  it('sends a browser that just wrote to the primary, on every process, for REPLICA_STICKY_SECONDS', async () => {
    const offer = await newOffer();
    await replicaServing();
    const client = await signedIn('client');
    expect(await fromReplica(client, 0)).toBe(true);
    const added = await client.mutate('cart.add', { offerId: offer.id }, 0);
    expect(added.status).toBe(200);
    // The mark is a cookie like the session's, not one process's memory.
    const mark = added.setCookies.find((c) => c.startsWith(`${FRESH_COOKIE}=`));
    expect(mark).toMatch(new RegExp(`; HttpOnly; SameSite=Lax; Path=/; Max-Age=${STICKY_SECONDS}$`));
    expect(await fromReplica(client, 0)).toBe(false);
    expect(await fromReplica(client, 1)).toBe(false);
    // A failed mutation is no write; the mark ends by the server's clock, whatever the browser keeps.
    const refused = await client.mutate('cart.add', { offerId: 999_999_999 }, 1);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.setCookies.filter((c) => c.startsWith(FRESH_COOKIE))).toEqual([]);
    offsetMs += (STICKY_SECONDS + 1) * 1000;
    expect(await fromReplica(client, 1)).toBe(true);

    // An upload is a write too (the upload routes are not tRPC).
    const admin = await signedIn('admin');
    const images = await writeTestImages(path.join(scratch, 'images'));
    const form = new FormData();
    form.append('image', new Blob([readFileSync(images.validPng)]), 'plan.png');
    const uploaded = await admin.post('/api/admin/offer-images', form, 1);
    expect(uploaded.status).toBe(201);
    expect(uploaded.setCookies.some((c) => c.startsWith(`${FRESH_COOKIE}=`))).toBe(true);
    expect(await fromReplica(admin, 0)).toBe(false);
  });

  it('while the replica lags: the admin sees their new price at once, other shoppers the old one, checkout charges the new one', async () => {
    const offer = await newOffer(1000);
    await replicaServing();
    await pair.pause();
    const admin = await signedIn('admin');
    const shopper = browser();
    const client = await signedIn('client');
    expect((await client.mutate('cart.add', { offerId: offer.id })).status).toBe(200);

    await changePrice(admin, offer.id, '15.00', 0);
    // The admin's next reads land on either process: both answer from the primary.
    for (const on of bases.keys()) {
      expect(await priceSeen(admin, offer.slug, on)).toBe(1500);
      expect(await cardPriceSeen(admin, offer.slug, on)).toBe(1500);
      // Another browser is still served by the replica, which has not applied the change.
      expect(await priceSeen(shopper, offer.slug, on)).toBe(1000);
      expect(await cardPriceSeen(shopper, offer.slug, on)).toBe(1000);
    }

    // The client's own cart added before the change: once its mark has ended, the offer page may
    // show the old price, but the cart and checkout read the primary.
    offsetMs += (STICKY_SECONDS + 1) * 1000;
    expect(await priceSeen(client, offer.slug)).toBe(1000);
    const cart = await client.query<{ items: Array<{ offerId: number; priceCents: number }> }>('cart.get');
    expect(cart.data.items.find((i) => i.offerId === offer.id)?.priceCents).toBe(1500);
    const idempotencyKey = randomBytes(12).toString('hex');
    const stale = await client.mutate('orders.checkout', { idempotencyKey, expectedTotalCents: 1000 });
    expect([stale.status, stale.message]).toEqual([
      409,
      'A price in your cart changed. Please check the new total and place the order again.',
    ]);
    const placed = await client.mutate<{ number: string }>('orders.checkout', {
      idempotencyKey,
      expectedTotalCents: 1500,
    });
    expect(placed.status).toBe(200);
    // "My orders" is the client's own data: the primary, on the other process too, at once.
    for (const on of bases.keys()) {
      const mine = await client.query<{ orders: Array<{ number: string; totalCents: number }> }>('orders.list', {}, on);
      expect(mine.data.orders).toEqual([expect.objectContaining({ number: placed.data.number, totalCents: 1500 })]);
    }
    expect(await priceSeen(shopper, offer.slug)).toBe(1000);

    await pair.resume();
    await pair.caughtUp();
    await expect.poll(() => priceSeen(shopper, offer.slug)).toBe(1500);
  });

  it(`falls back to the primary once the replica is more than REPLICA_MAX_LAG_SECONDS behind, and returns to it`, async () => {
    const offer = await newOffer(1000);
    await replicaServing();
    await pair.pause();
    await db.updateTable('offers').set({ price_cents: 2500 }).where('id', '=', offer.id).execute();
    const shopper = browser();
    expect(await priceSeen(shopper, offer.slug, 0)).toBe(1000);
    expect(await readiness()).toMatchObject({
      http: 200,
      status: 'ready',
      replica: { state: 'ok', servingReads: true },
    });

    // The lag is the app's clock minus the newest heartbeat the replica applied: move the clock.
    offsetMs += (MAX_LAG_SECONDS + 5) * 1000;
    for (const on of bases.keys()) await expect.poll(() => priceSeen(shopper, offer.slug, on)).toBe(2500);
    expect(await fromReplica(shopper)).toBe(false);
    const ready = await readiness(1);
    expect(ready).toMatchObject({ http: 200, status: 'ready', replica: { state: 'lagging', servingReads: false } });
    expect(ready.replica?.lagSeconds).toBeGreaterThan(MAX_LAG_SECONDS);
    expect(await metric('damso_replica_serving_reads', 1)).toBe(0);
    expect(await metric('damso_replica_lag_seconds', 1)).toBeGreaterThan(MAX_LAG_SECONDS);

    await pair.resume();
    await pair.caughtUp();
    await replicaServing();
    expect(await priceSeen(shopper, offer.slug)).toBe(2500);
    expect(await readiness()).toMatchObject({
      http: 200,
      status: 'ready',
      replica: { state: 'ok', servingReads: true },
    });
  });

  it('keeps working on the primary while the replica is down, and uses it again once it is back', async () => {
    const offer = await newOffer(1000);
    await replicaServing();
    await pair.replica.stop();
    const shopper = browser();
    // Every read answers, also those sent to the replica before a lag check noticed it was gone:
    // they run again on the primary.
    const statuses = new Set<number>();
    const categories = async (on: number) => {
      const r = await shopper.query<Category[]>('catalog.categories', undefined, on);
      statuses.add(r.status);
      return r.status === 200 && r.data.some((c) => c.slug === REPLICA_ONLY);
    };
    for (const on of bases.keys()) await expect.poll(() => categories(on)).toBe(false);
    expect([...statuses]).toEqual([200]);
    for (const on of bases.keys()) expect(await priceSeen(shopper, offer.slug, on)).toBe(1000);
    expect(await readiness()).toMatchObject({
      http: 200,
      status: 'ready',
      replica: { state: 'down', servingReads: false },
    });
    expect(await metric('damso_replica_up')).toBe(0);

    const admin = await signedIn('admin');
    await changePrice(admin, offer.id, '11.00');
    expect(await priceSeen(shopper, offer.slug)).toBe(1100);
    const client = await signedIn('client');
    expect((await client.mutate('cart.add', { offerId: offer.id })).status).toBe(200);
    const placed = await client.mutate<{ number: string }>('orders.checkout', {
      idempotencyKey: randomBytes(12).toString('hex'),
    });
    expect(placed.status).toBe(200);

    await pair.replica.start();
    await pair.caughtUp();
    await replicaServing();
    expect(await priceSeen(shopper, offer.slug)).toBe(1100);
  });
});

describe('a read on a replica that cannot be reached', () => {
  it('runs again on the primary and reports the replica, for queries only', async () => {
    const offer = await newOffer(1700);
    // A port nothing listens on: the connection is refused, as by a replica that just went away.
    const gone = createDb('mysql://root@127.0.0.1:1/damso');
    const errors: unknown[] = [];
    try {
      const caller = callerFor(db, null, { readDb: gone, onReplicaError: (e) => errors.push(e) });
      const page = await caller.catalog.offer({ slug: offer.slug });
      expect(page.priceCents).toBe(1700);
      expect(errors).toHaveLength(1);
      expect(isDatabaseUnavailable(errors[0])).toBe(true);
      // Nothing else is retried: a read that fails on the primary fails.
      const broken = callerFor(gone, null, { readDb: gone, onReplicaError: (e) => errors.push(e) });
      await expect(broken.catalog.offer({ slug: offer.slug })).rejects.toThrow();
      expect(errors).toHaveLength(1);
    } finally {
      await gone.destroy();
    }
  });
});

describe('a shop without a replica', () => {
  it('reads everything from the primary: no read-your-writes cookie, no replica in /readyz', async () => {
    const plain = await serve({ replicated: false });
    const offer = await newOffer(1300);
    const client = await signedIn('client');
    const added = await fetch(`${plain.base}/trpc/cart.add`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: plain.base,
        cookie: `damso_session=${client.jar.get('damso_session')}`,
      },
      body: JSON.stringify({ json: { offerId: offer.id } }),
    });
    expect(added.status).toBe(200);
    expect(added.headers.getSetCookie()).toEqual([]);
    const listed = (await (await fetch(`${plain.base}/trpc/catalog.categories`)).json()) as {
      result: { data: { json: Category[] } };
    };
    expect(listed.result.data.json.map((c) => c.slug)).not.toContain(REPLICA_ONLY);
    expect(await (await fetch(`${plain.base}/readyz`)).json()).toEqual({ status: 'ready' });
  });
});
