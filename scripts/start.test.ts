// `npm start` as a new user runs it: on an empty database, then again on a full one, and with the
// usual mistakes (a wrong DATABASE_URL, a port in use, a database server that cannot start).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number>;
}

function launch(script: string, args: string[], env: Record<string, string>): Run {
  let output = '';
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  return { child, output: () => output, exit };
}

async function waitReady(port: number, run: Run) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`npm start never became ready:\n${run.output()}`);
}

let t: TestDatabase;
const uploadDir = mkdtempSync(path.join(tmpdir(), 'damso-start-'));
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(() => t.drop());

async function startAndStop() {
  const port = await freePort();
  const run = launch('scripts/start.mjs', [], { DATABASE_URL: t.url, PORT: String(port), UPLOAD_DIR: uploadDir });
  await waitReady(port, run);
  const home = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
  expect(await home.text()).toContain('<div id="root">');
  run.child.kill('SIGINT');
  expect(await run.exit).toBe(0);
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  return run.output();
}

async function counts() {
  const offers = await t.db
    .selectFrom('offers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const users = await t.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { offers: Number(offers.n), users: Number(users.n) };
}

describe('npm start', () => {
  it('migrates and seeds an empty database, serves the shop, prints the URL and logins, stops on Ctrl-C', async () => {
    const output = await startAndStop();
    expect(output).toContain('Loaded the demo data: 30 offers');
    expect(output).toMatch(/http:\/\/localhost:\d+/);
    expect(output).toContain('admin@damso.test');
    expect(await counts()).toEqual({ offers: 30, users: 3 });
  }, 150_000);

  it('starts again on the full database without loading the demo data twice', async () => {
    const output = await startAndStop();
    expect(output).toContain('Demo data skipped');
    expect(await counts()).toEqual({ offers: 30, users: 3 });
  }, 150_000);

  it('explains a DATABASE_URL that points nowhere, without a stack trace', async () => {
    const port = await freePort();
    const run = launch('scripts/start.mjs', [], { DATABASE_URL: `mysql://root@127.0.0.1:${port}/damso` });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain(`Cannot connect to the database at 127.0.0.1:${port}`);
    expect(run.output()).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('explains a port that is already in use', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const run = launch('scripts/start.mjs', [], { DATABASE_URL: t.url, PORT: String(port), UPLOAD_DIR: uploadDir });
      expect(await run.exit).toBe(1);
      expect(run.output()).toContain(`Port ${port} is already in use`);
      expect(run.output()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  }, 150_000);

  it('shows the database server’s own error when it cannot start', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'damso-broken-db-'));
    // A data directory that looks initialised but holds no system tables: the server refuses to start.
    mkdirSync(path.join(dataDir, 'mysql-dev', 'mysql'), { recursive: true });
    const port = await freePort();
    const run = launch('scripts/db.mjs', ['up'], {
      DAMSO_DATA_DIR: dataDir,
      LOCAL_DB_PORT: String(port),
      DATABASE_URL: '',
    });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain('The local database server did not start');
    expect(run.output()).toMatch(/Last lines of .*mysql-dev\.err:\n.*\S/);
    expect(run.output()).not.toMatch(/\n\s+at /);
  }, 90_000);
});
