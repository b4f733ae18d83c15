// `npm run build && npm run start:prod` as a production host runs them: the server compiled to
// JavaScript and run by plain node (no tsx), the schema migrated first, secrets read from files
// (docker secrets), and the shop served from it on an empty test database.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, processRunning, ROOT, waitFor } from './lib/process-testing.ts';

interface NpmRun {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number>;
}

/** `npm run <script>` in its own process group, so the whole tree can be signalled and cleaned up. */
function npmRun(script: string, env: Record<string, string>): NpmRun {
  let output = '';
  const child = spawn('npm', ['run', '--silent', script], { cwd: ROOT, env, detached: true });
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  return { child, output: () => output, exit };
}

/** The command lines of a process and all its descendants (from /proc). */
function commandLines(pid: number): string[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i += 1) {
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  }
  return tree.flatMap((p) => {
    try {
      return [readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ').trim()];
    } catch {
      return [];
    }
  });
}

// The environment a production host gives: no DATABASE_URL or key in it, files instead; no NODE_ENV=test
// from vitest (the build must be the production one). Under npm test the two builds already ran before
// the api tests (turbo.json), so `npm run build` here replays them from Turborepo's cache.
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !/^(DATABASE_URL|ENCRYPTION_KEY|SMTP_|NODE_OPTIONS$|NODE_ENV$|VITEST|TEST_)/.test(name),
  ),
) as Record<string, string>;

const secrets = mkdtempSync(path.join(tmpdir(), 'damso-secrets-'));
const token = randomBytes(24).toString('hex');
let t: TestDatabase;
let port: number;
let server: NpmRun;
let build: { code: number; output: string };

beforeAll(async () => {
  const built = npmRun('build', baseEnv);
  build = { code: await built.exit, output: built.output() };
  if (build.code !== 0) return;
  t = await createTestDatabase({ migrate: false });
  // As docker secrets are mounted: one value per file, with the newline `echo` leaves.
  writeFileSync(path.join(secrets, 'database_url'), `${t.url}\n`);
  writeFileSync(path.join(secrets, 'encryption_key'), `${randomBytes(32).toString('hex')}\n`);
  writeFileSync(path.join(secrets, 'metrics_token'), `${token}\n`);
  port = await freePort();
  server = npmRun('start:prod', {
    ...baseEnv,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL_FILE: path.join(secrets, 'database_url'),
    ENCRYPTION_KEY_FILE: path.join(secrets, 'encryption_key'),
    METRICS_TOKEN_FILE: path.join(secrets, 'metrics_token'),
    UPLOAD_DIR: path.join(secrets, 'uploads'),
    LOG_LEVEL: 'info',
  });
  await waitFor(
    'npm run start:prod to answer /readyz',
    async () => {
      if (server.child.exitCode !== null) throw new Error(`start:prod exited early:\n${server.output()}`);
      return fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    { context: server.output },
  );
});

afterAll(async () => {
  const pid = server?.child.pid;
  if (pid && processRunning(pid)) process.kill(-pid, 'SIGKILL');
  await t?.drop();
  rmSync(secrets, { recursive: true, force: true });
});

const url = (p: string) => `http://127.0.0.1:${port}${p}`;

describe('npm run build && npm run start:prod', () => {
  it('builds the web app and the server', () => {
    expect(build.code, build.output).toBe(0);
    expect(readFileSync(path.join(ROOT, 'apps/server/dist/main.js'), 'utf8')).not.toMatch(/from ["']@damso\//);
  });

  it('migrates the empty database, then serves the shop from compiled JavaScript run by node alone', async () => {
    expect(server.output()).toContain('Migrated: Up 2026-11-27-01-initial-schema');
    const lines = commandLines(server.child.pid ?? 0);
    expect(lines.some((l) => /^node .*apps\/server\/dist\/main\.js$/.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes('tsx'))).toEqual([]);

    const page = await fetch(url('/orders'), { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(url(script ?? ''));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    // The probe gives up after 2 s by design; on a machine busy with other tests one answer may be a 503.
    const ready = await waitFor('a ready answer from /readyz', async () => {
      const res = await fetch(url('/readyz'));
      return res.ok ? res.json() : null;
    });
    expect(ready).toEqual({ status: 'ready' });

    await t.db.insertInto('categories').values({ slug: 'prod-check', name: 'Production check' }).execute();
    const res = await fetch(url('/trpc/catalog.categories'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { json: { slug: string; name: string }[] } } };
    expect(body.result.data.json).toEqual([expect.objectContaining({ slug: 'prod-check', name: 'Production check' })]);
  });

  it('logs each request as JSON lines that carry its request id', async () => {
    await fetch(url('/trpc/catalog.categories'), { headers: { 'x-request-id': 'prod-trace-0001' } });
    const lines = await waitFor('the request to be logged', () => {
      const mine = server
        .output()
        .split('\n')
        .filter((l) => l.includes('prod-trace-0001'));
      return mine.length >= 2 ? mine : null;
    });
    const entries = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string });
    expect(entries.every((e) => e.reqId === 'prod-trace-0001')).toBe(true);
    expect(entries.map((e) => e.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
  });

  it('serves /metrics to the token holder only, with latency by procedure', async () => {
    expect((await fetch(url('/metrics'))).status).toBe(401);
    const metrics = await fetch(url('/metrics'), { headers: { authorization: `Bearer ${token}` } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/damso_trpc_request_duration_seconds_count\{procedure="catalog\.categories",status="200"/);
    expect(text).toMatch(/^damso_db_up 1$/m);
    expect(text).toMatch(/^damso_outbox_depth 0$/m);
  });

  it('stops cleanly on SIGTERM, as docker stop sends it', async () => {
    process.kill(-(server.child.pid ?? 0), 'SIGTERM');
    expect(await server.exit).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });

  it('migrate:prod names a secret file it cannot read, without a stack trace', async () => {
    const run = npmRun('migrate:prod', { ...baseEnv, DATABASE_URL_FILE: path.join(secrets, 'missing') });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain(`DATABASE_URL_FILE: cannot read ${path.join(secrets, 'missing')} (ENOENT)`);
    expect(run.output()).not.toMatch(/\n\s+at /);
  });
});
