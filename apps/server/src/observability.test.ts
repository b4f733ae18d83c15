// What an operator reads: JSON log lines that each carry their request's id, and /metrics (behind its
// token) with latency by procedure, the outbox backlog, job runs and the database pool.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../../../scripts/lib/process-testing.ts';
import { buildApp } from './app.ts';
import { loadEnv } from './env.ts';
import { startJobs } from './jobs/index.ts';
import { createMetrics, type Metrics } from './metrics.ts';

const dist = mkdtempSync(path.join(tmpdir(), 'damso-obs-'));
mkdirSync(path.join(dist, 'assets'));
writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Damso Stream</title><div id="root"></div>');
const TOKEN = randomBytes(24).toString('hex');
// The injected clock, anchored to now and held still, so ages are exact.
const now = new Date();
const clock = () => now;

interface LogLine {
  level: number;
  reqId?: string;
  msg: string;
  [key: string]: unknown;
}

async function serve(t: TestDatabase, extra: Record<string, string> = {}, metrics?: Metrics) {
  const lines: LogLine[] = [];
  const env = loadEnv({
    DATABASE_URL: t.url,
    WEB_DIST: dist,
    UPLOAD_DIR: path.join(dist, 'uploads'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    ...extra,
  });
  const app = await buildApp({
    env,
    db: t.db,
    clock,
    metrics,
    logger: { level: 'info', stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { app, base, lines };
}

/** One sample of the Prometheus text format whose labels include `labels`; undefined if none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
  rmSync(dist, { recursive: true, force: true });
});

describe('request logs', () => {
  it('are JSON lines, and every line of a request carries that request’s id', async () => {
    const { app, base, lines } = await serve(t);
    try {
      // A procedure that logs from inside (the database is unreachable) and a request refused by a hook.
      const deadDb = createDb(`mysql://root@127.0.0.1:${await freePort()}/nothing`, { statementTimeoutMs: 0 });
      const dead = await serve({ ...t, db: deadDb });
      try {
        const before = dead.lines.length;
        const res = await fetch(`${dead.base}/trpc/catalog.categories`, {
          headers: { 'x-request-id': 'trace-dead-0001' },
        });
        expect(res.status).toBe(503);
        await waitFor('the request to be logged to its end', () =>
          dead.lines.some((l) => l.msg === 'request completed' && l.reqId === 'trace-dead-0001'),
        );
        const own = dead.lines.slice(before);
        expect(own.map((l) => l.msg)).toEqual(['incoming request', 'database unavailable', 'request completed']);
        expect(own.every((l) => l.reqId === 'trace-dead-0001')).toBe(true);
        expect(own[1]).toMatchObject({ procedure: 'catalog.categories', level: 40 });
      } finally {
        await dead.app.close();
        await deadDb.destroy();
      }

      const before = lines.length;
      const refused = await fetch(`${base}/trpc/auth.logout`, {
        method: 'POST',
        headers: { origin: 'https://evil.test' },
      });
      expect(refused.status).toBe(403);
      const id = refused.headers.get('x-request-id');
      await waitFor('the refused request to be logged to its end', () =>
        lines.some((l) => l.msg === 'request completed' && l.reqId === id),
      );
      const own = lines.slice(before);
      expect(own.map((l) => l.msg)).toEqual(['incoming request', 'cross-site request refused', 'request completed']);
      expect(own.every((l) => l.reqId === id)).toBe(true);
    } finally {
      await app.close();
    }
  });
});

describe('/metrics', () => {
  it('is not served without METRICS_TOKEN, and asks for the token when it is', async () => {
    const plain = await serve(t);
    try {
      // No such route: the address falls to the single-page app's shell like any unknown page.
      const res = await fetch(`${plain.base}/metrics`, { headers: { accept: 'text/html' } });
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).not.toContain('damso_');
    } finally {
      await plain.app.close();
    }
    const guarded = await serve(t, { METRICS_TOKEN: TOKEN });
    try {
      for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, TOKEN]) {
        const res = await fetch(`${guarded.base}/metrics`, { headers: authorization ? { authorization } : {} });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        expect(await res.text()).not.toContain('damso_');
      }
      const ok = await fetch(`${guarded.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toContain('text/plain');
      expect(await ok.text()).toContain('# TYPE damso_trpc_request_duration_seconds histogram');
    } finally {
      await guarded.app.close();
    }
  });

  it('times requests by procedure path and by route pattern, never by raw URL', async () => {
    const { app, base } = await serve(t, { METRICS_TOKEN: TOKEN });
    try {
      await fetch(`${base}/trpc/catalog.categories`);
      await fetch(`${base}/trpc/catalog.categories,catalog.home?batch=1&input=${encodeURIComponent('{}')}`);
      await fetch(`${base}/trpc/no.such.procedure-${randomBytes(4).toString('hex')}`);
      await fetch(`${base}/offers/some-offer-${randomBytes(4).toString('hex')}`, { headers: { accept: 'text/html' } });
      await fetch(`${base}/healthz`);
      const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      const count = (labels: Record<string, string>) =>
        sample(text, 'damso_trpc_request_duration_seconds_count', labels);
      expect(count({ procedure: 'catalog.categories', status: '200', batched: 'false' })).toBe(1);
      expect(count({ procedure: 'catalog.categories', batched: 'true' })).toBe(1);
      expect(count({ procedure: 'catalog.home', batched: 'true' })).toBe(1);
      expect(count({ procedure: '(unknown)', status: '404' })).toBe(1);
      const route = (labels: Record<string, string>) =>
        sample(text, 'damso_http_request_duration_seconds_count', labels);
      expect(route({ route: '/healthz', method: 'GET', status: '200' })).toBe(1);
      expect(route({ route: '(app shell)', method: 'GET', status: '200' })).toBe(1);
      // No series names a raw URL: the random parts above never became label values.
      expect(text).not.toMatch(/no\.such\.procedure|some-offer/);
    } finally {
      await app.close();
    }
  });

  it('reports the outbox backlog and how long its oldest due email has waited, from one indexed query', async () => {
    const metrics = createMetrics({ db: t.db, clock });
    const email = (next: Date | null, status: 'pending' | 'sent' | 'sending') => ({
      to_address: `obs-${randomBytes(3).toString('hex')}@example.test`,
      template: 'test',
      subject: 'Test',
      html: '<p>x</p>',
      text: 'x',
      status,
      next_attempt_at: next,
    });
    await t.db
      .insertInto('email_outbox')
      .values([
        email(new Date(now.getTime() - 90_000), 'pending'),
        email(new Date(now.getTime() + 600_000), 'pending'),
        email(new Date(now.getTime() + 120_000), 'sending'),
        email(null, 'sent'),
      ])
      .execute();
    const text = await metrics.registry.metrics();
    expect(sample(text, 'damso_outbox_depth')).toBe(3);
    expect(sample(text, 'damso_outbox_oldest_due_age_seconds')).toBe(90);
    expect(sample(text, 'damso_db_up')).toBe(1);

    const [plan] = (await t.db
      .selectFrom('email_outbox')
      .select((eb) => [eb.fn.countAll().as('depth'), eb.fn.min('next_attempt_at').as('oldest')])
      .where('next_attempt_at', 'is not', null)
      .explain()) as { key: string | null; Extra?: string }[];
    expect(plan?.key).toBe('email_outbox_next_idx');

    await t.db.deleteFrom('email_outbox').execute();
    const empty = await metrics.registry.metrics();
    expect(sample(empty, 'damso_outbox_depth')).toBe(0);
    expect(sample(empty, 'damso_outbox_oldest_due_age_seconds')).toBe(0);
  });

  it('shows the database pool, and a database that does not answer as down rather than as an empty outbox', async () => {
    const metrics = createMetrics({ db: t.db, clock });
    const text = await metrics.registry.metrics();
    expect(sample(text, 'damso_db_pool_connections', { state: 'max' })).toBe(20);
    expect(sample(text, 'damso_db_pool_connections', { state: 'open' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'damso_db_pool_connections', { state: 'waiting' })).toBe(0);

    const deadDb = createDb(`mysql://root@127.0.0.1:${await freePort()}/nothing`, { statementTimeoutMs: 0 });
    try {
      const down = await createMetrics({ db: deadDb, clock }).registry.metrics();
      expect(sample(down, 'damso_db_up')).toBe(0);
      expect(sample(down, 'damso_outbox_depth')).toBeNaN();
      expect(sample(down, 'damso_db_pool_connections', { state: 'max' })).toBe(10);
    } finally {
      await deadDb.destroy();
    }
  });

  it('counts job runs and failures per job', async () => {
    const metrics = createMetrics({ db: t.db, clock });
    const silent = { child: () => silent, error: () => {}, warn: () => {}, info: () => {} } as never;
    let fails = 0;
    const jobs = startJobs({
      db: t.db,
      log: silent,
      clock,
      metrics,
      jobs: [
        { name: 'works', everyMs: 60_000, run: async () => {} },
        {
          name: 'breaks',
          everyMs: 60_000,
          run: async () => {
            fails += 1;
            throw new Error('broken on purpose');
          },
        },
      ],
    });
    try {
      await waitFor('both jobs to have run once', () => fails === 1);
      const text = await waitFor('the runs to be counted', async () => {
        const m = await metrics.registry.metrics();
        return sample(m, 'damso_job_runs_total', { job: 'works' }) === 1 &&
          sample(m, 'damso_job_runs_total', { job: 'breaks' }) === 1
          ? m
          : null;
      });
      expect(sample(text, 'damso_job_failures_total', { job: 'breaks' })).toBe(1);
      expect(sample(text, 'damso_job_failures_total', { job: 'works' })).toBeUndefined();
      expect(sample(text, 'damso_job_last_success_timestamp_seconds', { job: 'works' })).toBe(now.getTime() / 1000);
      expect(sample(text, 'damso_job_last_success_timestamp_seconds', { job: 'breaks' })).toBeUndefined();
    } finally {
      await jobs.stop({ graceMs: 1_000 });
    }
  });
});
