// npm run bench: times the shop's catalog queries on a large generated catalog, in a scratch database
// next to the app's (it never touches the app's data). Prints p50/p95 per query and the indexes used.
import { performance } from 'node:perf_hooks';
import { createCaller } from '@damso/api';
import { testConfig } from '@damso/api/testing';
import { createDb, migrateToLatest } from '@damso/db';
import { sql } from 'kysely';

const OFFERS = Number(process.env.BENCH_OFFERS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const base = process.env.DATABASE_URL;
if (!base) throw new Error('DATABASE_URL is not set (run through npm run bench)');

const url = new URL(base);
const admin = createDb(base);
await sql.raw('DROP DATABASE IF EXISTS damso_bench').execute(admin);
await sql.raw('CREATE DATABASE damso_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci').execute(admin);
await admin.destroy();
url.pathname = '/damso_bench';
const db = createDb(url.toString());
await migrateToLatest(db);

const words = [
  'stream',
  'music',
  'office',
  'photo',
  'video',
  'secure',
  'cloud',
  'notes',
  'vpn',
  'family',
  'pro',
  'ultra',
];
const categoryIds: number[] = [];
for (let i = 0; i < 5; i += 1) {
  const r = await db
    .insertInto('categories')
    .values({ slug: `c${i}`, name: `Category ${i}`, position: i })
    .executeTakeFirstOrThrow();
  categoryIds.push(Number(r.insertId));
}
const started = performance.now();
for (let i = 0; i < OFFERS; i += 1000) {
  const rows = Array.from({ length: Math.min(1000, OFFERS - i) }, (_, j) => {
    const n = i + j;
    const w = (k: number) => words[(n * 7 + k * 3) % words.length];
    return {
      slug: `offer-${n}`,
      title: `${w(0)} ${w(1)} plan ${n}`,
      service_name: `Brand${n % 300}`,
      category_id: categoryIds[n % 5] as number,
      description: `${w(2)} ${w(3)} ${w(4)} subscription number ${n}, delivered digitally.`,
      duration_days: [30, 90, 365, null][n % 4] ?? null,
      price_cents: 100 + ((n * 137) % 30_000),
      is_active: n % 10 === 0 ? 0 : 1,
      is_featured: n % 50 === 0 ? 1 : 0,
      sold_count: (n * 31) % 1000,
    };
  });
  await db.insertInto('offers').values(rows).execute();
}
process.stdout.write(`Generated ${OFFERS} offers in ${Math.round(performance.now() - started)} ms\n\n`);

const caller = createCaller({
  db,
  config: testConfig(),
  clock: () => new Date(),
  session: null,
  req: { ip: '127.0.0.1', userAgent: 'bench', requestId: 'bench' },
  setCookie: () => {},
});

const cases: Array<[string, () => Promise<unknown>]> = [
  ['home (categories + featured)', () => caller.catalog.home()],
  ['search, no filter, popular, page 1', () => caller.catalog.search({})],
  ['search "strea" (prefix)', () => caller.catalog.search({ q: 'strea' })],
  ['search "vpn family" + category', () => caller.catalog.search({ q: 'vpn family', category: 'c2' })],
  ['price range, price ascending', () => caller.catalog.search({ minPrice: 1000, maxPrice: 5000, sort: 'price_asc' })],
  ['newest, page 50', () => caller.catalog.search({ sort: 'newest', page: 50 })],
];

process.stdout.write('query                                   p50 ms   p95 ms\n');
for (const [name, run] of cases) {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1);
  process.stdout.write(`${name.padEnd(40)}${pct(0.5).padStart(6)}   ${pct(0.95).padStart(6)}\n`);
}

await sql.raw('DROP DATABASE damso_bench').execute(db);
await db.destroy();
