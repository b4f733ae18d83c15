// npm run bench [-- --only catalog,desk --duration 10 --connections 10 --no-bare --no-lighthouse --no-cache]
// Starts the real server on the scale database (npm run seed:scale), logs real users in over HTTP,
// and loads every hot request with autocannon; beside it a bare node:http + mysql2 handler runs the
// SQL the app ran for the same request (captured from the app itself). Prints p50/p95/p99, req/s,
// the ratio to the bare handler and the EXPLAIN warnings, runs Lighthouse on home, catalog and an
// offer page, and writes everything to bench-results/<date>.json. The app answers repeated catalog
// requests from its catalog cache (CATALOG_CACHE, on in production); --no-cache measures every request
// cold, and the bare handler always runs the full SQL of an uncached request.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deleteOrders } from '@damso/api';
import { createDb, type Database, migrateToLatest, transaction } from '@damso/db';
import { loadEnv } from '@damso/server/env';
import { sql } from 'kysely';
import { ensureChromium } from '../lib/chromium.mjs';
import { type CliIo, exitCode, isEntryPoint, runAsEntryPoint, stop } from '../lib/cli.ts';
import { ROOT } from '../lib/process-testing.ts';
import { DEFAULT_SCALE_DATABASE, scaleDatabaseUrl } from '../seed-scale.ts';
import { SqlCapture } from './capture.ts';
import { type BenchCase, benchCases, type HttpCall } from './cases.ts';
import { databasePid, withCpuCost } from './cpu.ts';
import { explainSteps } from './explain.ts';
import { lighthousePages } from './lighthouse.ts';
import { type LoadConnection, measure } from './measure.ts';
import { type Running, startAppServer, startBareServer } from './processes.ts';
import { encodeTemplates, type Template } from './replay.ts';
import {
  type BenchReport,
  type CaseResult,
  explainSummary,
  lighthouseTable,
  markdownTable,
  terminalTable,
} from './report.ts';
import { type Connections, openConnections } from './sessions.ts';

export interface BenchOptions {
  only: string[] | null;
  durationS: number;
  connections: number;
  bare: boolean;
  /** The app's catalog cache (CATALOG_CACHE). */
  cache: boolean;
  lighthouse: boolean;
  database: string;
  out: string;
}

function parse(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      only: { type: 'string' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      'no-bare': { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      lighthouse: { type: 'boolean' },
      'no-lighthouse': { type: 'boolean', default: false },
      database: { type: 'string', default: DEFAULT_SCALE_DATABASE },
      out: { type: 'string', default: path.join(ROOT, 'bench-results') },
    },
  });
  const durationS = Number(values.duration);
  const connections = Number(values.connections);
  if (!(durationS > 0)) stop(`--duration must be a number of seconds (got "${values.duration}").`);
  if (!Number.isInteger(connections) || connections < 1)
    stop(`--connections must be a whole number (got "${values.connections}").`);
  const only = values.only ? values.only.split(',').map((g) => g.trim()) : null;
  return {
    only,
    durationS,
    connections,
    bare: !values['no-bare'],
    cache: !values['no-cache'],
    // Lighthouse runs with the full benchmark, or when asked for.
    lighthouse: !values['no-lighthouse'] && (values.lighthouse ?? only === null),
    database: values.database,
    out: values.out,
  };
}

const keyOf = (caseIndex: number, connection: number, step: number) => `${caseIndex}/${connection}/${step}`;
const requestKeyOf = (call: HttpCall) =>
  call.body ? (JSON.parse(call.body).json?.idempotencyKey as string | undefined) : undefined;

export async function runBench(args: string[], io: CliIo): Promise<number> {
  return exitCode(io, async () => {
    let options: BenchOptions;
    try {
      options = parse(args);
    } catch (error) {
      stop((error as Error).message);
    }
    const { DATABASE_URL, ENCRYPTION_KEY } = io.env;
    if (!DATABASE_URL || !ENCRYPTION_KEY)
      stop('DATABASE_URL and ENCRYPTION_KEY must be set (run it with npm run bench).');
    const url = scaleDatabaseUrl(DATABASE_URL, options.database);
    const report = await bench(url, ENCRYPTION_KEY, options, (t) => io.stdout.write(t));
    mkdirSync(options.out, { recursive: true });
    const file = path.join(options.out, `${report.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 1)}\n`);
    io.stdout.write(`\n${terminalTable(report)}\n\nEXPLAIN warnings:\n${explainSummary(report)}\n`);
    if (report.serverErrors.length) {
      io.stdout.write(
        `\nThe server logged ${report.serverErrors.length} errors during the run (serverErrors in the JSON).\n`,
      );
    }
    if (report.lighthouse.length) io.stdout.write(`\nLighthouse 12, mobile:\n${lighthouseTable(report.lighthouse)}\n`);
    if (report.lighthouseError) io.stdout.write(`\nLighthouse gave no scores: ${report.lighthouseError}\n`);
    io.stdout.write(`\nMarkdown for the README:\n${markdownTable(report)}\n\nSaved ${path.relative(ROOT, file)}\n`);
  });
}

export async function bench(
  url: string,
  encryptionKey: string,
  options: BenchOptions,
  log: (text: string) => void,
): Promise<BenchReport> {
  const db = createDb(url, { connectionLimit: 2 });
  const started = new Date();
  const runId = started.getTime().toString(36);
  const servers: Running[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), 'damso-bench-'));
  try {
    // The scale database is the benchmark's own: brought to this checkout's schema, as the server wants.
    await migrateToLatest(db);
    const counts = await tableCounts(db);
    if (!counts.offers || !counts.orders)
      stop(`${new URL(url).pathname.slice(1)} is empty: run npm run seed:scale first.`);
    // The web app is built into the run's own folder: other work in the checkout may rebuild apps/web/dist meanwhile.
    const webDist = path.join(scratch, 'web');
    if (options.lighthouse) {
      // Before the long run, not after it: a missing browser must not cost the measurements.
      ensureChromium('for Lighthouse');
      buildWebApp(webDist, log);
    }
    const cases = benchCases(started, runId).filter((c) => !options.only || options.only.includes(c.group));
    if (cases.length === 0)
      stop(`--only matched no request group (catalog, home, offer, cart, checkout, orders, desk, admin, stats).`);

    log('Starting the server…\n');
    const app = await startAppServer(url, {
      ENCRYPTION_KEY: encryptionKey,
      CATALOG_CACHE: options.cache ? 'on' : 'off',
      ...(options.lighthouse ? { WEB_DIST: webDist } : {}),
    });
    servers.push(app);
    log(`Logging in ${options.connections} clients, employees and admins…\n`);
    const connections = await openConnections(db, app.url, options.connections);
    const dbPid = await databasePid(db);

    log('Capturing the SQL of each request and its EXPLAIN…\n');
    const env = loadEnv({
      ...process.env,
      DATABASE_URL: url,
      ENCRYPTION_KEY: encryptionKey,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      PUBLIC_URL: app.url,
      // What a request costs when nothing is cached: the bare handler replays all of it.
      CATALOG_CACHE: 'off',
    });
    const capture = new SqlCapture(env);
    const templates: Record<string, Template> = {};
    const explained = new Map<BenchCase, CaseResult['explain']>();
    try {
      for (const [i, c] of cases.entries()) {
        const owners = c.perConnection ? connections.sessions.keys() : [0];
        for (const conn of owners) {
          const calls = c.steps(connections.data[conn] as Connections['data'][number], -1 - conn);
          for (const [step, call] of calls.entries()) {
            const got = await capture.request(call, headersOf(connections, conn, c, app.url));
            if (got.status !== 200)
              stop(`${c.name} answered ${got.status} while capturing its SQL: ${got.body.slice(0, 300)}`);
            const requestKey = requestKeyOf(call);
            templates[keyOf(i, conn, step)] = { steps: got.steps, ...(requestKey ? { requestKey } : {}) };
          }
        }
        const measured = templates[keyOf(i, 0, c.measured ?? 0)];
        explained.set(c, measured ? await explainSteps(capture.pool, measured.steps) : []);
      }
    } finally {
      await capture.close();
    }
    const templatesFile = path.join(scratch, 'templates.json');
    writeFileSync(templatesFile, encodeTemplates(templates));
    const bare = options.bare ? await startBareServer(url, templatesFile) : null;
    if (bare) servers.push(bare);

    const results: CaseResult[] = [];
    // Rounds are numbered across the whole run, so every checkout has an idempotency key of its own.
    let nextRound = 0;
    for (const [i, c] of cases.entries()) {
      log(`${c.name}…`);
      const loadAverage = loadavg()[0] ?? 0;
      const used = connections.sessions.slice(0, c.connections ?? connections.sessions.length);
      const appLoad = used.map(
        (_, conn): LoadConnection => ({
          headers: headersOf(connections, conn, c, app.url),
          round: () => c.steps(connections.data[conn] as Connections['data'][number], nextRound++),
        }),
      );
      const background = c.background;
      if (background) {
        for (let conn = 0; conn < background.connections; conn += 1) {
          const cookie = connections.sessions[conn % connections.sessions.length]?.[background.role];
          appLoad.push({
            headers: { origin: new URL(app.url).origin, ...(cookie ? { cookie } : {}) },
            timed: false,
            round: () =>
              background.steps(connections.data[conn % connections.data.length] as Connections['data'][number]),
          });
        }
      }
      const appResult = await load(app.url, appLoad, c, options.durationS, { server: app.pid, database: dbPid });
      let bareResult = null;
      if (bare && !background) {
        const bareLoad = used.map(
          (_, conn): LoadConnection => ({
            headers: {},
            round: () =>
              c.steps(connections.data[conn] as Connections['data'][number], nextRound++).map((call, step) => {
                const key = requestKeyOf(call);
                return {
                  method: call.method,
                  path: `/${keyOf(i, c.perConnection ? conn : 0, step)}${key ? `?key=${key}-bare` : ''}`,
                  ...(call.body ? { body: call.body } : {}),
                };
              }),
          }),
        );
        bareResult = await load(bare.url, bareLoad, c, options.durationS, { server: bare.pid, database: dbPid });
      }
      log(
        ` p95 ${appResult.p95.toFixed(1)} ms, ${appResult.perSecond.toFixed(0)} req/s${bareResult ? ` (bare ${bareResult.perSecond.toFixed(0)} req/s)` : ''}\n`,
      );
      results.push({
        name: c.name,
        group: c.group,
        app: appResult,
        bare: bareResult,
        explain: explained.get(c) ?? [],
        loadAverage,
      });
    }

    let lighthouse: BenchReport['lighthouse'] = [];
    let lighthouseError: string | undefined;
    if (options.lighthouse) {
      log('Lighthouse (mobile) on home, catalog and an offer page…\n');
      try {
        lighthouse = await lighthousePages([
          { page: 'home', url: `${app.url}/` },
          { page: 'catalog', url: `${app.url}/catalog` },
          { page: 'offer page', url: `${app.url}/offers/${connections.data[0]?.offer.slug}` },
        ]);
      } catch (error) {
        // Twenty minutes of measurements are saved all the same.
        lighthouseError = error instanceof Error ? error.message : String(error);
        log(`Lighthouse failed: ${lighthouseError}\n`);
      }
    }
    const [version] = (await sql<{ v: string }>`SELECT VERSION() AS v`.execute(db)).rows;
    return {
      date: started.toISOString(),
      machine: { cpus: cpus().length, loadAverage: loadavg(), node: process.version, database: version?.v ?? '' },
      settings: {
        connections: options.connections,
        durationS: options.durationS,
        scaleDatabase: new URL(url).pathname.slice(1),
        catalogCache: options.cache,
      },
      counts,
      cases: results,
      lighthouse,
      ...(lighthouseError ? { lighthouseError } : {}),
      // What the server logged as errors during the run (a timeout under load, a failed procedure).
      serverErrors: app
        .output()
        .split('\n')
        .filter((line) => line.includes('"level":50'))
        .slice(-20)
        .map((line) => line.slice(0, 600)),
    };
  } finally {
    for (const s of servers.reverse()) await s.stop();
    await cleanUp(db, runId, started);
    await db.destroy();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * One round per connection first, so caches are as warm for the app as for the bare handler. A request
 * slower than a tenth of the duration then runs whole rounds instead, so none is cut off at the end.
 */
async function load(
  baseUrl: string,
  connections: LoadConnection[],
  c: BenchCase,
  durationS: number,
  pids: { server: number | undefined; database: number | undefined },
) {
  const measured = c.measured ?? 0;
  const fixed = c.rounds;
  if (fixed) return withCpuCost(pids, () => measure({ baseUrl, connections, measured, durationS, rounds: fixed }));
  const warm = await measure({ baseUrl, connections, measured, durationS, rounds: 1 });
  const slow = warm.p50 * 10 > durationS * 1000;
  const rounds = slow ? Math.min(20, Math.max(2, Math.ceil((durationS * 1000) / warm.p50))) : undefined;
  return withCpuCost(pids, () => measure({ baseUrl, connections, measured, durationS, ...(rounds ? { rounds } : {}) }));
}

function headersOf(connections: Connections, conn: number, c: BenchCase, baseUrl: string): Record<string, string> {
  const cookie = connections.sessions[conn]?.[c.role];
  return { origin: new URL(baseUrl).origin, ...(cookie ? { cookie } : {}) };
}

/** Leaves the scale database as it was: the orders (and what the statistics counted of them), emails and sessions the run made go. */
async function cleanUp(db: Database, runId: string, started: Date): Promise<void> {
  await transaction(db, async (trx) => {
    const made = await trx
      .selectFrom('orders')
      .select('id')
      .where('idempotency_key', 'like', `bench-${runId}-%`)
      .execute();
    await deleteOrders(
      trx,
      made.map((o) => o.id),
    );
  });
  await db.deleteFrom('email_outbox').where('created_at', '>=', started).execute();
  await db.deleteFrom('sessions').where('created_at', '>=', started).execute();
}

async function tableCounts(db: Database): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string; n: number }>`SELECT TABLE_NAME AS name, TABLE_ROWS AS n
    FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'kysely%'`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}

function buildWebApp(outDir: string, log: (text: string) => void): void {
  log('Building the web app (production)…\n');
  const r = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'vite'),
    ['build', '--mode', 'production', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: path.join(ROOT, 'apps', 'web'), stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (r.status !== 0) stop('The web app did not build (see above); Lighthouse needs it.');
}

if (isEntryPoint(import.meta.url)) await runAsEntryPoint(runBench);
