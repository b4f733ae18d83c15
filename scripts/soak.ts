// npm run soak [-- --minutes 10 --clients 8 --rate 60 --sample-seconds 5 --out .data/soak-results]
// Is memory flat over a long run? Run by hand, never in the suite. Starts the real server (main.ts,
// production mode, background jobs on) on a MariaDB/MySQL server of its own with the demo data,
// lets virtual clients browse, search, log in, fill carts and check out for the given minutes,
// and samples the server's RSS and heap (after a full GC, so garbage does not pass for a leak)
// every few seconds. Writes report.md, report.json and samples.csv to <out>/<date>/.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { hashPassword } from '@damso/auth';
import { createDb, DEMO_PASSWORD, migrateToLatest, seedDemoData } from '@damso/db';
import { freePort, ROOT, waitFor } from './lib/process-testing.ts';
import { startScratchDatabase } from './lib/scratch-db.ts';

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}
interface Sample extends Memory {
  seconds: number;
  requests: number;
}

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      minutes: { type: 'string', default: '10' },
      clients: { type: 'string', default: '8' },
      // Requests per second from all shoppers together, held steady: V8 sizes its heap to the
      // allocation rate, so a load that speeds up as the machine quietens would pass for growth.
      rate: { type: 'string', default: '60' },
      'sample-seconds': { type: 'string', default: '5' },
      out: { type: 'string', default: path.join(ROOT, '.data', 'soak-results') },
    },
  });
  const minutes = Number(values.minutes);
  const clients = Number(values.clients);
  const sampleSeconds = Number(values['sample-seconds']);
  const rate = Number(values.rate);
  if (!(minutes > 0) || !(clients >= 1) || !(sampleSeconds >= 1) || !(rate > 0)) {
    throw new Error(
      'Usage: npm run soak -- --minutes <n> [--clients <n>] [--rate <requests/s>] [--sample-seconds <n>] [--out <dir>]',
    );
  }
  return { minutes, clients, rate, sampleSeconds, out: path.resolve(values.out) };
}

async function startServer(databaseUrl: string, uploadDir: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--import', './scripts/lib/exit-with-parent.mjs', 'scripts/soak.ts', '--serve'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: url,
        DATABASE_URL: databaseUrl,
        ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        UPLOAD_DIR: uploadDir,
        LOG_LEVEL: 'warn',
        JOBS: 'on',
        // The virtual clients come "through a proxy" on this machine, each with its own address.
        TRUST_PROXY: 'loopback',
      },
    },
  );
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(
    'the server to answer /readyz',
    async () => {
      if (child.exitCode !== null) throw new Error(`The server exited before it was ready:\n${output}`);
      return fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    { ceilingMs: 120_000, context: () => output },
  );
  const memory = () =>
    new Promise<Memory>((resolve) => {
      child.once('message', (m) => resolve(m as Memory));
      child.send('sample');
    });
  return {
    url,
    memory,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Requests by procedure and what came back; a failure keeps its first message. */
class Tally {
  requests = 0;
  readonly byPath = new Map<string, number>();
  readonly failures = new Map<string, { count: number; example: string }>();

  record(path: string, status: number, body: string) {
    this.requests += 1;
    this.byPath.set(path, (this.byPath.get(path) ?? 0) + 1);
    if (status >= 200 && status < 300) return;
    const key = `${path} ${status}`;
    const found = this.failures.get(key);
    if (found) found.count += 1;
    else this.failures.set(key, { count: 1, example: body.slice(0, 300) });
  }

  get errors() {
    return [...this.failures.values()].reduce((n, f) => n + f.count, 0);
  }
}

interface Offer {
  id: number;
  slug: string;
  word: string;
}

/** One shopper: browses and searches, logs in now and then, adds to the cart, checks out. */
async function shopper(
  base: string,
  index: number,
  email: string,
  offers: Offer[],
  until: number,
  tally: Tally,
  intervalMs: number,
) {
  // Each shopper keeps its own schedule, started at a random phase so the shoppers do not move in step.
  let next = Date.now() + Math.random() * intervalMs;
  const forwarded = `198.18.${Math.floor(index / 250)}.${(index % 250) + 1}`;
  let cookie = '';
  const call = async (method: 'GET' | 'POST', procedure: string, input?: unknown) => {
    const headers: Record<string, string> = { 'x-forwarded-for': forwarded, origin: base };
    if (cookie) headers.cookie = cookie;
    const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    const res =
      method === 'GET'
        ? await fetch(`${base}/trpc/${procedure}${query}`, { headers })
        : await fetch(`${base}/trpc/${procedure}`, {
            method,
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({ json: input ?? null }),
          });
    const body = await res.text();
    tally.record(procedure, res.status, body);
    next += intervalMs;
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
    else next = Date.now(); // behind schedule: carry on at once, without a burst to catch up
    return res;
  };
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)] as T;

  for (let round = 0; Date.now() < until; round += 1) {
    const offer = pick(offers);
    await call('GET', 'system.bootstrap');
    await call('GET', 'catalog.home');
    await call('GET', 'catalog.search', { q: pick(offers).word, page: 1 + (round % 2) });
    await call('GET', 'catalog.offer', { slug: offer.slug });
    if (!cookie || round % 10 === 9) {
      if (cookie) await call('POST', 'auth.logOut');
      cookie = '';
      const res = await call('POST', 'auth.logIn', { email, password: DEMO_PASSWORD });
      cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    }
    if (!cookie) continue;
    await call('POST', 'cart.add', { offerId: offer.id, quantity: 1 });
    await call('GET', 'cart.get');
    if (round % 3 === 2) await call('POST', 'orders.checkout', { idempotencyKey: randomBytes(16).toString('hex') });
    await call('GET', 'orders.list', {});
    await call('GET', 'notifications.list');
  }
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
// Flat: after warm-up, live heap grows by less than 0.2 MB and RSS by less than 1 MB a minute
// (2 MB and 10 MB over ten minutes), well under the 9 MB a minute the first soak measured.
const FLAT_HEAP_MB_PER_MIN = 0.2;
const FLAT_RSS_MB_PER_MIN = 1;

async function soak() {
  const opts = options();
  const say = (text: string) => process.stdout.write(`${text}\n`);
  const scratch = await startScratchDatabase();
  const uploadDir = mkdtempSync(path.join(tmpdir(), 'damso-soak-uploads-'));
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    say(`Database server of its own at ${scratch.url}; loading the demo data…`);
    const db = createDb(scratch.url);
    await migrateToLatest(db);
    await seedDemoData(db, { uploadDir, hashPassword });
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const now = new Date();
    const emails = Array.from({ length: opts.clients }, (_, i) => `soak-${i + 1}@example.test`);
    await db
      .insertInto('users')
      .values(
        emails.map((email, i) => ({
          email,
          full_name: `Soak Shopper ${i + 1}`,
          phone: '+4930901820',
          password_hash: passwordHash,
          email_verified_at: now,
          created_at: now,
        })),
      )
      .execute();
    const offers: Offer[] = (
      await db.selectFrom('offers').select(['id', 'slug', 'title']).where('is_active', '=', 1).execute()
    ).map((o) => ({ id: o.id, slug: o.slug, word: o.title.split(/\s+/)[0]?.toLowerCase() ?? 'stream' }));
    await db.destroy();

    server = await startServer(scratch.url, uploadDir);
    const started = Date.now();
    const until = started + opts.minutes * 60_000;
    const tally = new Tally();
    const samples: Sample[] = [];
    const sample = async () => {
      const memory = await (server as NonNullable<typeof server>).memory();
      samples.push({ ...memory, seconds: (Date.now() - started) / 1000, requests: tally.requests });
    };
    say(
      `Server at ${server.url}: ${opts.clients} shoppers for ${opts.minutes} min, a sample every ${opts.sampleSeconds} s.`,
    );
    await sample();
    const shoppers = Promise.all(
      emails.map((email, i) =>
        shopper(
          (server as NonNullable<typeof server>).url,
          i,
          email,
          offers,
          until,
          tally,
          (opts.clients * 1000) / opts.rate,
        ),
      ),
    );
    let lastLine = 0;
    while (Date.now() < until) {
      await sleep(Math.min(opts.sampleSeconds * 1000, Math.max(0, until - Date.now())));
      await sample();
      const last = samples.at(-1) as Sample;
      if (last.seconds - lastLine >= 60) {
        lastLine = last.seconds;
        say(
          `  ${Math.round(last.seconds)} s: RSS ${mb(last.rss)} MB, heap ${mb(last.heapUsed)} MB, ${tally.requests} requests, ${tally.errors} errors`,
        );
      }
    }
    await shoppers;
    await sample();
    const seconds = (Date.now() - started) / 1000;

    // Caches, JIT and the pool fill up first: the slope is taken over what follows.
    const warmUp = Math.min(seconds / 2, Math.max(60, seconds * 0.2));
    const warm = samples.filter((s) => s.seconds >= warmUp);
    const perMinute = (pick: (s: Sample) => number) => slope(warm.map((s) => [s.seconds / 60, pick(s) / MB]));
    const first = samples[0] as Sample;
    const last = samples.at(-1) as Sample;
    const report = {
      date: new Date(started).toISOString(),
      minutes: opts.minutes,
      clients: opts.clients,
      requests: tally.requests,
      requestsPerSecond: Math.round((tally.requests / seconds) * 10) / 10,
      errors: tally.errors,
      failures: Object.fromEntries(tally.failures),
      byProcedure: Object.fromEntries(tally.byPath),
      rssMb: { start: mb(first.rss), end: mb(last.rss), max: mb(Math.max(...samples.map((s) => s.rss))) },
      heapUsedMb: {
        start: mb(first.heapUsed),
        end: mb(last.heapUsed),
        max: mb(Math.max(...samples.map((s) => s.heapUsed))),
      },
      slopeAfterWarmUpMbPerMinute: {
        rss: Math.round(perMinute((s) => s.rss) * 100) / 100,
        heapUsed: Math.round(perMinute((s) => s.heapUsed) * 100) / 100,
      },
      warmUpSeconds: Math.round(warm[0]?.seconds ?? 0),
    };
    const judged = warm.length >= 10;
    const flat =
      judged &&
      report.slopeAfterWarmUpMbPerMinute.heapUsed < FLAT_HEAP_MB_PER_MIN &&
      report.slopeAfterWarmUpMbPerMinute.rss < FLAT_RSS_MB_PER_MIN;
    const verdict = !judged
      ? `Too short to judge: ${warm.length} samples after warm-up (at least 10 needed; run longer or sample more often).`
      : flat
        ? `Memory is flat: after warm-up the heap grows ${report.slopeAfterWarmUpMbPerMinute.heapUsed} MB/min (limit ${FLAT_HEAP_MB_PER_MIN}) and RSS ${report.slopeAfterWarmUpMbPerMinute.rss} MB/min (limit ${FLAT_RSS_MB_PER_MIN}).`
        : `Memory is NOT flat: after warm-up the heap grows ${report.slopeAfterWarmUpMbPerMinute.heapUsed} MB/min (limit ${FLAT_HEAP_MB_PER_MIN}) and RSS ${report.slopeAfterWarmUpMbPerMinute.rss} MB/min (limit ${FLAT_RSS_MB_PER_MIN}).`;

    const dir = path.join(opts.out, report.date.replace(/[:.]/g, '-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'report.json'), `${JSON.stringify({ ...report, flat, verdict }, null, 2)}\n`);
    writeFileSync(
      path.join(dir, 'samples.csv'),
      `seconds,requests,rss_mb,heap_used_mb,heap_total_mb,external_mb\n${samples
        .map((s) =>
          [s.seconds.toFixed(1), s.requests, mb(s.rss), mb(s.heapUsed), mb(s.heapTotal), mb(s.external)].join(','),
        )
        .join('\n')}\n`,
    );
    const failures = [...tally.failures].map(
      ([key, f]) => `| ${key} | ${f.count} | ${f.example.replaceAll('|', '\\|')} |`,
    );
    writeFileSync(
      path.join(dir, 'report.md'),
      [
        `# Soak ${report.date}`,
        '',
        `${opts.clients} shoppers (${opts.rate} requests/s together) for ${opts.minutes} min against the real server on its own database server.`,
        '',
        `**${verdict}**`,
        '',
        '| figure | start | end | max | slope after warm-up |',
        '| --- | --- | --- | --- | --- |',
        `| RSS (MB) | ${report.rssMb.start} | ${report.rssMb.end} | ${report.rssMb.max} | ${report.slopeAfterWarmUpMbPerMinute.rss} MB/min |`,
        `| heap used after GC (MB) | ${report.heapUsedMb.start} | ${report.heapUsedMb.end} | ${report.heapUsedMb.max} | ${report.slopeAfterWarmUpMbPerMinute.heapUsed} MB/min |`,
        '',
        `Requests: ${report.requests} (${report.requestsPerSecond}/s), errors: ${report.errors}. Warm-up left out of the slope: the first ${report.warmUpSeconds} s.`,
        '',
        ...(failures.length
          ? ['| request and status | count | first answer |', '| --- | --- | --- |', ...failures]
          : []),
        '',
      ].join('\n'),
    );
    say(`\n${verdict}`);
    say(
      `RSS ${report.rssMb.start} → ${report.rssMb.end} MB (max ${report.rssMb.max}), heap ${report.heapUsedMb.start} → ${report.heapUsedMb.end} MB; ${report.requests} requests (${report.requestsPerSecond}/s), ${report.errors} errors.`,
    );
    say(`Report: ${path.relative(process.cwd(), dir)}/report.md`);
    process.exitCode = flat && report.errors === 0 ? 0 : 1;
  } finally {
    await server?.stop();
    await scratch.destroy();
    rmSync(uploadDir, { recursive: true, force: true });
  }
}

// The server side of the run: this same file, started with --serve, answers memory questions over
// the IPC channel, then runs the server exactly as npm start does.
if (process.argv.includes('--serve')) {
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (message) => {
    if (message !== 'sample') return;
    gc?.();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    process.send?.({ rss, heapUsed, heapTotal, external } satisfies Memory);
  });
  await import('../apps/server/src/main.ts');
} else {
  await soak();
}
