// For tests that run the bootstrap scripts as a person does: as processes, killed for real, waited on
// by condition.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** False once the process has ended, also while it is a zombie its parent has not collected yet. */
export function processRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `check` until it gives a truthy value; after `ceilingMs` fails, saying what it waited for. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  { ceilingMs = 90_000, context = () => '' }: { ceilingMs?: number; context?: () => string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + ceilingMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Waited ${ceilingMs} ms for ${what}.\n${context()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number>;
  running: () => boolean;
}

const launched = new Set<Run>();

/** Runs `node <script> …args` from the repository root with extra environment variables. */
export function launch(script: string, args: string[], env: Record<string, string>): Run {
  let output = '';
  let done = false;
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exit = new Promise<number>((resolve) =>
    child.on('exit', (code) => {
      done = true;
      resolve(code ?? 1);
    }),
  );
  const run = { child, output: () => output, exit, running: () => !done };
  launched.add(run);
  return run;
}

/** For afterAll: whatever a failed test left running. */
export function killLaunched() {
  for (const run of launched) if (run.running()) run.child.kill('SIGKILL');
}

/** Waits until `npm start` answers /readyz on `port`; fails at once if it exits first. */
export async function waitReady(port: number, run: Run) {
  await waitFor(
    `npm start to answer on port ${port}`,
    async () => {
      if (!run.running()) throw new Error(`npm start exited before it was ready:\n${run.output()}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
      } catch {
        return false;
      }
    },
    { context: run.output },
  );
}
