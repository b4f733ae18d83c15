import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function info(message) {
  process.stdout.write(`\x1b[36m›\x1b[0m ${message}\n`);
}

/** Stops with a message meant for a person: no stack trace. */
export function fail(message) {
  process.stderr.write(`\n\x1b[31m✖ ${message}\x1b[0m\n\n`);
  process.exit(1);
}

/**
 * The environment without libfaketime. CI runs the suite on a moved clock; installers keep the real one,
 * or TLS certificates look expired and apt's package lists look stale.
 */
export function realClockEnv(env = process.env) {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME')),
  );
}

/** Installs npm dependencies when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  const fresh = existsSync(marker) && existsSync(lock) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  const useCi = existsSync(lock) && !existsSync(path.join(ROOT, 'node_modules'));
  info(useCi ? 'Installing dependencies (npm ci)…' : 'Dependencies changed: running npm install…');
  const r = spawnSync('npm', [useCi ? 'ci' : 'install', '--include=dev', '--no-audit', '--no-fund'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: realClockEnv(),
  });
  if (r.status !== 0) fail('npm could not install the dependencies (see above).');
}

/** The children started by run() and track() that are still running, for a Ctrl-C handler. */
const children = new Set();

export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Runs a command, streaming its output; resolves with its exit code. */
export function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = track(spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options }));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** SIGTERM to every tracked child, SIGKILL to those still running after `graceMs`; resolves when all are gone. */
export function stopChildren(graceMs) {
  return Promise.all(
    [...children].map(
      (child) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** False when something already listens on host:port. */
export function portFree(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error) => resolve(error.code !== 'EADDRINUSE'));
    server.listen({ port, host }, () => server.close(() => resolve(true)));
  });
}

export const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
export const TURBO = path.join(ROOT, 'node_modules', '.bin', 'turbo');

/** ENCRYPTION_KEY from the environment, or a key made once for this checkout and kept in .data/. */
export function localEncryptionKey() {
  if (process.env.ENCRYPTION_KEY) return process.env.ENCRYPTION_KEY;
  const file = path.join(ROOT, '.data', 'encryption.key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
