// Provisions the database the app and the tests use, with nothing but Node built-ins and mysql2:
// DATABASE_URL when given, otherwise a project-local MariaDB/MySQL server under .data/ on its own port.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fail, info, ROOT } from './util.mjs';

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

// DAMSO_DATA_DIR moves the local server's files (the start-up failure test uses a scratch folder).
const DATA = process.env.DAMSO_DATA_DIR ?? path.join(ROOT, '.data');

function paths(name) {
  const dataDir = path.join(DATA, `mysql-${name}`);
  // A Unix socket path must stay under ~100 bytes, so it lives in the temp dir, named by the data dir.
  const tag = createHash('sha256').update(dataDir).digest('hex').slice(0, 10);
  return {
    dataDir,
    socket: path.join(tmpdir(), `damso-${name}-${tag}.sock`),
    pidFile: path.join(DATA, `mysql-${name}.pid`),
    portFile: path.join(DATA, `mysql-${name}.port`),
    errorLog: path.join(DATA, `mysql-${name}.err`),
  };
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

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
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
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

function pidAlive(pidFile) {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
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

async function waitForServer(port, p, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  child?.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) break;
    // The port opens before the server has finished starting (and it may still abort), so only a
    // completed MySQL handshake counts as up.
    if ((await portOpen(port)) && (await handshake(port))) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(
    `The local database server did not start on port ${port}${exited !== null ? ` (it exited with code ${exited})` : ''}.\n` +
      `Last lines of ${p.errorLog}:\n${tail(p.errorLog)}\n` +
      'Fix the cause above, or remove .data/ to start over, or set DATABASE_URL to use another server.',
  );
}

function initialise(bin, p) {
  mkdirSync(path.dirname(p.dataDir), { recursive: true });
  info(`Creating a local database server in ${path.relative(ROOT, p.dataDir)} (one time)…`);
  const userArgs = isRoot() ? ['--user=root'] : [];
  let result;
  if (bin.installDb) {
    result = spawnSync(
      bin.installDb,
      [
        '--no-defaults',
        `--datadir=${p.dataDir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...userArgs,
      ],
      { encoding: 'utf8' },
    );
  } else {
    result = spawnSync(bin.server, ['--no-defaults', '--initialize-insecure', `--datadir=${p.dataDir}`, ...userArgs], {
      encoding: 'utf8',
    });
  }
  if (result.status !== 0) {
    rmSync(p.dataDir, { recursive: true, force: true });
    fail(
      `Could not create the database files:\n${(result.stderr || result.stdout || '').split('\n').slice(-15).join('\n')}`,
    );
  }
}

/**
 * The port the instance uses: the one named in its variable, else the port it already runs
 * on, else the first free port from the default up, so two checkouts on one machine don't collide.
 */
async function choosePort(name, p) {
  const { portVar, defaultPort } = INSTANCES[name];
  if (process.env[portVar]) return Number(process.env[portVar]);
  if (pidAlive(p.pidFile)) return existsSync(p.portFile) ? Number(readFileSync(p.portFile, 'utf8')) : defaultPort;
  for (let port = defaultPort; port < defaultPort + 50; port += 1) {
    if (!(await portOpen(port))) return port;
  }
  return defaultPort;
}

async function startLocalServer(name) {
  const p = paths(name);
  const port = await choosePort(name, p);
  const running = pidAlive(p.pidFile);
  if (running && (await portOpen(port))) return { started: false, pid: running, port };

  let bin = findBinaries();
  if (!bin.server) {
    installServer();
    bin = findBinaries();
    if (!bin.server) fail('mariadb-server was installed but no mariadbd/mysqld binary was found on this machine.');
  }
  if (await portOpen(port)) {
    fail(
      `Port ${port} is already in use by another program, so the local database server cannot start there.\n` +
        `Stop that program, or choose another port: ${name === 'test' ? 'LOCAL_TEST_DB_PORT' : 'LOCAL_DB_PORT'}=33xx, or set DATABASE_URL.`,
    );
  }
  if (!existsSync(path.join(p.dataDir, 'mysql'))) initialise(bin, p);

  const args = [
    '--no-defaults',
    `--datadir=${p.dataDir}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${p.socket}`,
    `--pid-file=${p.pidFile}`,
    `--log-error=${p.errorLog}`,
    '--skip-name-resolve',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    '--innodb-buffer-pool-size=256M',
    '--max-connections=500',
    // Local data is disposable: trade crash durability for speed (tests create many databases).
    '--innodb-flush-log-at-trx-commit=2',
    '--sync-binlog=0',
    ...(isRoot() ? ['--user=root'] : []),
  ];
  rmSync(p.errorLog, { force: true });
  const child = spawn(bin.server, args, {
    detached: true,
    stdio: ['ignore', openSync(p.errorLog, 'a'), openSync(p.errorLog, 'a')],
  });
  child.unref();
  await waitForServer(port, p, child);
  writeFileSync(p.portFile, String(port));
  return { started: true, pid: child.pid, port };
}

export function stopLocalServer(name) {
  const p = paths(name);
  const pid = pidAlive(p.pidFile);
  if (!pid) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    execFileSync('sleep', ['0.2']);
  }
  process.kill(pid, 'SIGKILL');
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
 */
export async function ensureDatabase(name, { externalUrl } = {}) {
  let url = externalUrl;
  let started = false;
  if (!url) {
    const server = await startLocalServer(name);
    started = server.started;
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
  return { url, serverUrl: serverUrl.toString(), started, stop: () => started && stopLocalServer(name) };
}

export function resetLocalServer(name) {
  stopLocalServer(name);
  const p = paths(name);
  rmSync(p.dataDir, { recursive: true, force: true });
  rmSync(p.errorLog, { force: true });
}
