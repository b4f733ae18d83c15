// `npm start` as a new user runs it, with nothing configured (so on a database server of its own): on a
// fresh checkout, again after a kill -9, and with the usual mistakes (a wrong DATABASE_URL, a port in
// use). The local database server's own failures: local-db.test.ts.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  killLaunched,
  launch,
  portOpen,
  processRunning,
  type Run,
  waitFor,
  waitReady,
} from './lib/process-testing.ts';

// A fresh checkout's own database server, in a scratch data folder.
const dataDir = mkdtempSync(path.join(tmpdir(), 'damso-start-'));
const env: Record<string, string> = {
  DAMSO_DATA_DIR: dataDir,
  DATABASE_URL: '',
  ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  UPLOAD_DIR: path.join(dataDir, 'uploads'),
};
const serverPid = () => Number(readFileSync(path.join(dataDir, 'mysql-dev.pid'), 'utf8'));
let port: number;
let url: string;

// The first npm start, run once for the two tests below (it is most of this file's time): on the
// fresh checkout until it serves, then killed with kill -9, leaving its database server behind.
let first: { output: string; home: string; counts: { offers: number; users: number }; dbPid: number };
beforeAll(async () => {
  port = await freePort();
  env.PORT = String(port);
  env.LOCAL_DB_PORT = String(await freePort());
  url = `mysql://root@127.0.0.1:${env.LOCAL_DB_PORT}/damso`;
  const run = launch('scripts/start.mjs', [], env);
  await waitReady(port, run);
  const home = await (await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } })).text();
  first = { output: run.output(), home, counts: await counts(), dbPid: serverPid() };
  run.child.kill('SIGKILL');
  await run.exit;
});
afterAll(async () => {
  killLaunched();
  await launch('scripts/db.mjs', ['down'], env).exit;
  rmSync(dataDir, { recursive: true, force: true });
});

async function counts() {
  const conn = await createConnection(url);
  try {
    const [rows] = await conn.query(
      'SELECT (SELECT COUNT(*) FROM offers) AS offers, (SELECT COUNT(*) FROM users) AS users',
    );
    const [row] = rows as { offers: number; users: number }[];
    return { offers: Number(row?.offers), users: Number(row?.users) };
  } finally {
    await conn.end();
  }
}

function inboxPort(run: Run): number {
  const match = /emails go to the local inbox at \S*http:\/\/localhost:(\d+)/.exec(run.output());
  if (!match) throw new Error(`npm start printed no inbox address:\n${run.output()}`);
  return Number(match[1]);
}

describe('npm start', () => {
  it('creates its database server, migrates and seeds, serves the shop, prints the URL and logins', () => {
    expect(first.output).toContain('Creating a local database server');
    expect(first.output).toContain('Loaded the demo data: 30 offers');
    expect(first.output).toContain(`http://localhost:${port}`);
    expect(first.output).toContain('admin@damso.test');
    expect(first.home).toContain('<div id="root">');
    expect(first.counts).toEqual({ offers: 30, users: 3 });
  });

  it('after a kill -9 starts again on the same port and the full database, and stops it all on Ctrl-C in 3 s', async () => {
    // The killed run's shop server notices on its own and frees the port; its database server runs on.
    await waitFor('the killed npm start’s shop server to stop', async () => !(await portOpen(port)));
    expect(processRunning(first.dbPid)).toBe(true);

    const run = launch('scripts/start.mjs', [], env);
    await waitReady(port, run);
    expect(run.output()).toContain('Taking over the local database server');
    expect(run.output()).toContain('Demo data skipped');
    expect(await counts()).toEqual({ offers: 30, users: 3 });

    const inbox = inboxPort(run);
    expect((await fetch(`http://127.0.0.1:${inbox}/`)).ok).toBe(true);
    const sent = Date.now();
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(Date.now() - sent).toBeLessThan(3_000);
    expect(await portOpen(port)).toBe(false);
    expect(await portOpen(inbox)).toBe(false);
    expect(processRunning(first.dbPid)).toBe(false);
    // A clean InnoDB shutdown, not the SIGKILL fallback.
    expect(readFileSync(path.join(dataDir, 'mysql-dev.err'), 'utf8')).toMatch(/Shutdown complete\s*$/);
  });

  it('explains a DATABASE_URL that points nowhere, without a stack trace', async () => {
    const port = await freePort();
    const run = launch('scripts/start.mjs', [], { DATABASE_URL: `mysql://root@127.0.0.1:${port}/damso` });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain(`Cannot connect to the database at 127.0.0.1:${port}`);
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it('explains a port that is already in use before any slow step', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      // A database that cannot be reached: the port is checked first.
      const run = launch('scripts/start.mjs', [], {
        DATABASE_URL: `mysql://root@127.0.0.1:${await freePort()}/damso`,
        PORT: String(busy),
      });
      expect(await run.exit).toBe(1);
      expect(run.output()).toContain(`Port ${busy} is already in use`);
      expect(run.output()).not.toContain('Cannot connect');
      expect(run.output()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });
});
