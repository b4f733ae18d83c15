// Provisions the database the app and the tests use, with nothing but Node built-ins and mysql2:
// DATABASE_URL when given, otherwise a project-local MariaDB/MySQL server under .data/ on its own port.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fail, info, ROOT, realClockEnv } from './util.mjs';

const INSTANCES = {
  dev: { portVar: 'LOCAL_DB_PORT', defaultPort: 3307, database: 'damso' },
  test: { portVar: 'LOCAL_TEST_DB_PORT', defaultPort: 3308, database: 'damso_test' },
};

function which(names) {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/usr/local/mysql/bin'];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return null;
}

// DAMSO_DATA_DIR moves the local server's files (the tests use scratch folders).
const DATA = path.resolve(process.env.DAMSO_DATA_DIR || path.join(ROOT, '.data'));

function paths(name) {
  const dataDir = path.join(DATA, `mysql-${name}`);
  // A Unix socket path must stay under ~100 bytes: below a deep data folder it goes to the temp dir.
  const socket = path.join(DATA, `mysql-${name}.sock`);
  const tag = createHash('sha256').update(dataDir).digest('hex').slice(0, 10);
  return {
    dataDir,
    socket: socket.length < 100 ? socket : path.join(tmpdir(), `damso-${name}-${tag}.sock`),
    // The server's temp files stay out of the shared /tmp (other programs' files, quotas, cleaners).
    tmpDir: path.join(DATA, `mysql-${name}-tmp`),
    pidFile: path.join(DATA, `mysql-${name}.pid`),
    // The pid of the npm start (or dev, test) that will stop the server when it ends.
    ownerFile: path.join(DATA, `mysql-${name}.owner`),
    portFile: path.join(DATA, `mysql-${name}.port`),
    errorLog: path.join(DATA, `mysql-${name}.err`),
  };
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const PROC = existsSync('/proc/self/stat');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function findBinaries() {
  return {
    server: which(['mariadbd', 'mysqld']),
    installDb: which(['mariadb-install-db', 'mysql_install_db']),
  };
}

function installServer() {
  if (!isRoot() || !existsSync('/usr/bin/apt-get')) {
    fail(
      [
        'No MySQL or MariaDB server is installed, and this machine cannot install one by itself.',
        'Do one of these, then run the command again:',
        '  - install MariaDB:  sudo apt-get install mariadb-server   (Debian/Ubuntu)',
        '                      brew install mariadb                   (macOS)',
        '  - or point the app at a server you have:  DATABASE_URL=mysql://user:pass@host:3306/damso',
        '  - or run the stack in containers:  docker compose -f infra/docker-compose.yml up',
      ].join('\n'),
    );
  }
  info('No MySQL/MariaDB server found: installing mariadb-server with apt-get (one time)…');
  const env = { ...realClockEnv(), DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'mariadb-server'],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0)
      fail(`apt-get ${args.join(' ')} failed (exit ${r.status}). Install mariadb-server by hand or set DATABASE_URL.`);
  }
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** False once the process has ended, also while it waits as a zombie for its parent to collect it. */
function processRunning(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  let state;
  try {
    const stat = PROC
      ? readFileSync(`/proc/${pid}/stat`, 'utf8')
      : spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout;
    // /proc/<pid>/stat is "pid (name) state …", and the name may hold spaces or parentheses.
    state = PROC ? stat.slice(stat.lastIndexOf(')') + 2) : stat.trim();
  } catch {
    return false;
  }
  return !state.startsWith('Z');
}

function commandLine(pid) {
  try {
    return PROC
      ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
      : spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).stdout;
  } catch {
    return '';
  }
}

/**
 * The pid of this instance's running server, or null. A killed server leaves its pid file behind,
 * and the number may since belong to another process: only a server on our data directory counts.
 */
function serverPid(p) {
  if (!existsSync(p.pidFile)) return null;
  const pid = Number(readFileSync(p.pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || !processRunning(pid)) return null;
  return `${commandLine(pid)} `.includes(`--datadir=${p.dataDir} `) ? pid : null;
}

/** Left by a killed server. MySQL refuses to start while its socket lock names a live process. */
function removeStaleFiles(p) {
  for (const file of [p.pidFile, p.ownerFile, p.socket, `${p.socket}.lock`]) rmSync(file, { force: true });
}

/** True when the server's owner was killed before it could stop it (kill -9 of npm start). */
function ownerGone(p) {
  if (!existsSync(p.ownerFile)) return false;
  const pid = Number(readFileSync(p.ownerFile, 'utf8').trim());
  return !(Number.isInteger(pid) && pid > 0 && processRunning(pid));
}

function tail(file, lines = 15) {
  if (!existsSync(file)) return '(no error log was written)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

async function handshake(port) {
  const mysql = await import('mysql2/promise');
  try {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 2000 });
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

/** Waits for the server `pid` (or the `child` just spawned) to accept connections on `port`. */
async function waitForServer(port, p, { child, pid }, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  child?.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null || (pid && !processRunning(pid))) break;
    // The port opens before the server has finished starting (and it may still abort), so only a
    // completed MySQL handshake counts as up.
    if ((await portOpen(port)) && (await handshake(port))) return;
    await sleep(250);
  }
  fail(
    `The local database server did not start on port ${port}${exited !== null ? ` (it exited with code ${exited})` : ''}.\n` +
      `Last lines of ${p.errorLog}:\n${tail(p.errorLog)}\n` +
      'Fix the cause above, or remove .data/ to start over, or set DATABASE_URL to use another server.',
  );
}

function initialise(bin, p) {
  mkdirSync(p.tmpDir, { recursive: true });
  info(`Creating a local database server in ${path.relative(ROOT, p.dataDir)} (one time)…`);
  const common = [
    '--no-defaults',
    `--datadir=${p.dataDir}`,
    `--tmpdir=${p.tmpDir}`,
    ...(isRoot() ? ['--user=root'] : []),
  ];
  const result = bin.installDb
    ? spawnSync(bin.installDb, [...common, '--auth-root-authentication-method=normal', '--skip-test-db'], {
        encoding: 'utf8',
        env: realClockEnv(),
      })
    : spawnSync(bin.server, [...common, '--initialize-insecure'], { encoding: 'utf8', env: realClockEnv() });
  if (result.status !== 0) {
    rmSync(p.dataDir, { recursive: true, force: true });
    fail(
      `Could not create the database files:\n${(result.stderr || result.stdout || '').split('\n').slice(-15).join('\n')}`,
    );
  }
}

/**
 * The port for a new server: the one named in its variable, else the first free port from the
 * default up, so two checkouts on one machine don't collide.
 */
async function choosePort(name) {
  const { portVar, defaultPort } = INSTANCES[name];
  if (process.env[portVar]) return Number(process.env[portVar]);
  for (let port = defaultPort; port < defaultPort + 50; port += 1) {
    if (!(await portOpen(port))) return port;
  }
  return defaultPort;
}

/**
 * A quarter of the machine's memory, between 256 MB and 2 GB: the scale database (npm run seed:scale,
 * about 3 GB) then keeps its hot indexes in memory, and a small machine is not starved. InnoDB only
 * takes the pages it uses, so the many small test databases cost no more than before.
 */
function bufferPoolMb() {
  const quarter = Math.floor(totalmem() / 4 / 2 ** 20);
  return Math.min(2048, Math.max(256, quarter - (quarter % 128)));
}

async function startLocalServer(name) {
  const p = paths(name);
  const { portVar, defaultPort } = INSTANCES[name];
  const running = serverPid(p);
  if (running) {
    const port = existsSync(p.portFile) ? Number(readFileSync(p.portFile, 'utf8')) : defaultPort;
    if (process.env[portVar] && Number(process.env[portVar]) !== port) {
      fail(
        `The local database server already runs on port ${port} (pid ${running}), not ${portVar}=${process.env[portVar]}.\n` +
          `Stop it first (${name === 'dev' ? 'npm run db:down' : `kill ${running}`}), or unset ${portVar}.`,
      );
    }
    // It may still be starting (its starter was killed meanwhile): a second server on the same files
    // would only fail, so wait for this one.
    await waitForServer(port, p, { pid: running });
    return { started: false, orphaned: ownerGone(p), pid: running, port };
  }
  removeStaleFiles(p);
  const port = await choosePort(name);

  let bin = findBinaries();
  if (!bin.server) {
    installServer();
    bin = findBinaries();
    if (!bin.server) fail('mariadb-server was installed but no mariadbd/mysqld binary was found on this machine.');
  }
  if (await portOpen(port)) {
    fail(
      `Port ${port} is already in use by another program, so the local database server cannot start there.\n` +
        `Stop that program, or choose another port: ${portVar}=33xx, or set DATABASE_URL.`,
    );
  }
  if (!existsSync(path.join(p.dataDir, 'mysql'))) initialise(bin, p);

  const args = [
    '--no-defaults',
    `--datadir=${p.dataDir}`,
    `--tmpdir=${p.tmpDir}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${p.socket}`,
    `--pid-file=${p.pidFile}`,
    `--log-error=${p.errorLog}`,
    '--skip-name-resolve',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    `--innodb-buffer-pool-size=${bufferPoolMb()}M`,
    '--max-connections=500',
    // Local data is disposable: trade crash durability for speed (tests create many databases).
    '--innodb-flush-log-at-trx-commit=2',
    '--sync-binlog=0',
    ...(isRoot() ? ['--user=root'] : []),
    // More server options, after ours so they win: the replication tests start a primary with a
    // binary log and a replica this way (scripts/lib/scratch-db.ts).
    ...(process.env.LOCAL_DB_SERVER_ARGS ?? '').split(/\s+/).filter(Boolean),
  ];
  mkdirSync(p.tmpDir, { recursive: true });
  rmSync(p.errorLog, { force: true });
  // Written first, so a run killed while the server starts still tells the next one where it is.
  writeFileSync(p.portFile, String(port));
  const log = openSync(p.errorLog, 'a');
  // The database keeps the real clock when the suite runs under faketime, as a real server's clock
  // differs from the app's: the app writes every time it compares, so nothing depends on NOW().
  const child = spawn(bin.server, args, { detached: true, stdio: ['ignore', log, log], env: realClockEnv() });
  closeSync(log);
  child.unref();
  await waitForServer(port, p, { child });
  return { started: true, orphaned: false, pid: child.pid, port };
}

async function waitForExit(pid, ms) {
  const deadline = Date.now() + ms;
  while (processRunning(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/**
 * Stops the instance's server: a clean InnoDB shutdown (tens of milliseconds for local data), or
 * after `graceMs` a SIGKILL, which InnoDB recovers from at the next start. Resolves once it is gone.
 */
export async function stopLocalServer(name, { graceMs = 30_000 } = {}) {
  const p = paths(name);
  const pid = serverPid(p);
  if (!pid) {
    removeStaleFiles(p);
    return false;
  }
  rmSync(p.ownerFile, { force: true });
  try {
    process.kill(pid, 'SIGTERM');
    if (!(await waitForExit(pid, graceMs))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
    }
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
  return true;
}

async function checkUrl(url) {
  const mysql = await import('mysql2/promise');
  const parsed = new URL(url);
  try {
    const conn = await mysql.createConnection({
      host: parsed.hostname,
      port: Number(parsed.port || 3306),
      user: decodeURIComponent(parsed.username) || 'root',
      password: decodeURIComponent(parsed.password),
      connectTimeout: 5000,
    });
    return conn;
  } catch (error) {
    fail(
      `Cannot connect to the database at ${parsed.hostname}:${parsed.port || 3306} (${error.code ?? error.message}).\n` +
        'Check DATABASE_URL (mysql://user:password@host:port/database) and that the server is running.',
    );
  }
}

/**
 * Makes sure a server is reachable and returns URLs for it.
 * `url` names the app database (created if missing); `serverUrl` has no database, for tests that make their own.
 * `stop()` stops the local server if this call started it. With `owner`, the caller promises to call
 * it when it ends, and also takes over a server whose owner was killed before it could.
 */
export async function ensureDatabase(name, { externalUrl, owner = false } = {}) {
  let url = externalUrl;
  let started = false;
  if (!url) {
    const server = await startLocalServer(name);
    started = server.started;
    if (owner && server.orphaned) {
      info('Taking over the local database server an earlier run left behind (it stops with this one).');
      started = true;
    }
    const p = paths(name);
    if (owner && started) writeFileSync(p.ownerFile, String(process.pid));
    url = `mysql://root@127.0.0.1:${server.port}/${INSTANCES[name].database}`;
  }
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    fail(`DATABASE_URL is not a valid URL: expected mysql://user:password@host:port/database`);
  }
  const database = parsed.pathname.replace(/^\//, '');
  if (!/^[A-Za-z0-9_]+$/.test(database))
    fail('DATABASE_URL must end with a database name made of letters, digits and _.');
  const conn = await checkUrl(url);
  await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const serverUrl = new URL(url);
  serverUrl.pathname = '/';
  return {
    url,
    serverUrl: serverUrl.toString(),
    started,
    stop: (options) => (started ? stopLocalServer(name, options) : Promise.resolve(false)),
  };
}

export async function resetLocalServer(name) {
  await stopLocalServer(name);
  const p = paths(name);
  for (const item of [p.dataDir, p.tmpDir, p.errorLog]) rmSync(item, { recursive: true, force: true });
}
