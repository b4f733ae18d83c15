// The project-local database server (scripts/lib/local-db.mjs) after what happens to it on a real
// machine: a server killed outright, a pid file naming someone else's process, a server that cannot
// start. Run through `npm run db:up` / `db:down`, which take the same path as npm start's database step.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, killLaunched, launch, processRunning, waitFor } from './lib/process-testing.ts';

// A server of this file's own; each test first puts it in the state it starts from.
const dataDir = mkdtempSync(path.join(tmpdir(), 'damso-local-db-'));
const env: Record<string, string> = { DAMSO_DATA_DIR: dataDir, DATABASE_URL: '' };
const pidFile = path.join(dataDir, 'mysql-dev.pid');
const socket = path.join(dataDir, 'mysql-dev.sock');
beforeAll(async () => {
  env.LOCAL_DB_PORT = String(await freePort());
});
afterAll(async () => {
  killLaunched();
  await launch('scripts/db.mjs', ['down'], env).exit;
  rmSync(dataDir, { recursive: true, force: true });
});

async function db(command: 'up' | 'down') {
  const run = launch('scripts/db.mjs', [command], env);
  const code = await run.exit;
  expect(code, run.output()).toBe(0);
  return run.output();
}

const serverPid = () => Number(readFileSync(pidFile, 'utf8'));

async function query<T>(sql: string): Promise<T[]> {
  const conn = await createConnection({ host: '127.0.0.1', port: Number(env.LOCAL_DB_PORT), user: 'root' });
  try {
    const results: unknown[] = [];
    for (const statement of sql.split(';').filter((s) => s.trim())) results.push((await conn.query(statement))[0]);
    return results.at(-1) as T[];
  } finally {
    await conn.end();
  }
}

describe('local database server', () => {
  it('starts again after its server was killed outright, over the stale pid and socket files, with the data', async () => {
    await db('up');
    const row = `row-${Date.now()}`;
    await query(
      `CREATE DATABASE IF NOT EXISTS crash_check; CREATE TABLE IF NOT EXISTS crash_check.t (v VARCHAR(40));
       INSERT INTO crash_check.t VALUES ('${row}')`,
    );
    const killed = serverPid();
    process.kill(killed, 'SIGKILL');
    await waitFor('the killed server to end', () => !processRunning(killed));
    expect(existsSync(pidFile) && existsSync(socket)).toBe(true);

    expect(await db('up')).toContain('Database ready');
    expect(serverPid()).not.toBe(killed);
    expect(processRunning(serverPid())).toBe(true);
    // InnoDB recovered the committed row.
    expect(await query<{ v: string }>(`SELECT v FROM crash_check.t WHERE v = '${row}'`)).toEqual([{ v: row }]);
    // Its temp files stay in its own folder, not the shared /tmp.
    expect(await query<{ dir: string }>('SELECT @@tmpdir AS dir')).toEqual([
      { dir: path.join(dataDir, 'mysql-dev-tmp') },
    ]);
  });

  it('never stops, nor is stopped by, a process its stale pid file names', async () => {
    await db('down');
    let other: ChildProcess | null = null;
    try {
      other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
      const otherPid = other.pid as number;
      writeFileSync(pidFile, String(otherPid));
      expect(await db('down')).toContain('The local database server was not running.');
      expect(processRunning(otherPid)).toBe(true);

      writeFileSync(pidFile, String(otherPid));
      expect(await db('up')).toContain('Database ready');
      expect(serverPid()).not.toBe(otherPid);
      expect(await query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(await db('down')).toContain('Local database server stopped.');
      expect(processRunning(otherPid)).toBe(true);
    } finally {
      other?.kill('SIGKILL');
    }
  });

  it('shows the database server’s own error when it cannot start', async () => {
    const brokenDir = mkdtempSync(path.join(tmpdir(), 'damso-broken-db-'));
    try {
      // A data directory that looks initialised but holds no system tables: the server refuses to start.
      mkdirSync(path.join(brokenDir, 'mysql-dev', 'mysql'), { recursive: true });
      const run = launch('scripts/db.mjs', ['up'], {
        DAMSO_DATA_DIR: brokenDir,
        LOCAL_DB_PORT: String(await freePort()),
        DATABASE_URL: '',
      });
      expect(await run.exit).toBe(1);
      expect(run.output()).toContain('The local database server did not start');
      expect(run.output()).toMatch(/Last lines of .*mysql-dev\.err:\n.*\S/);
      expect(run.output()).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(brokenDir, { recursive: true, force: true });
    }
  });
});
