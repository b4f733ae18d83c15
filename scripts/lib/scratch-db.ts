// A database server of its own for tests and scripts that stop, freeze or restart MySQL (the shared
// test server must never be touched): the project's local server (scripts/db.mjs up) in a temporary
// data folder on a free port, so it starts the way `npm start` starts one. Two of them make a primary
// and a replica with binary-log replication, for the read replica's tests.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { freePort, launch, processRunning, waitFor } from './process-testing.ts';

export interface ScratchDatabase {
  /** mysql://root@127.0.0.1:<port>/damso (the database exists, empty). */
  url: string;
  pid: () => number;
  /** A clean shutdown (SIGTERM), resolved once the server is gone. */
  stop: () => Promise<void>;
  /** Starts the server again on the same files and port; resolves once it accepts connections. */
  start: () => Promise<void>;
  /** SIGSTOP: the server keeps its sockets but answers nothing, like a hung host. */
  freeze: () => void;
  thaw: () => void;
  /** Stops the server (whatever state it is in) and deletes its files. */
  destroy: () => Promise<void>;
}

/** `serverArgs`: more mariadbd/mysqld options, e.g. a binary log. */
export async function startScratchDatabase({
  serverArgs = [],
}: {
  serverArgs?: string[];
} = {}): Promise<ScratchDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'damso-scratch-db-'));
  const port = await freePort();
  const env = {
    DAMSO_DATA_DIR: dataDir,
    LOCAL_DB_PORT: String(port),
    DATABASE_URL: '',
    LOCAL_DB_SERVER_ARGS: serverArgs.join(' '),
  };
  const pidFile = path.join(dataDir, 'mysql-dev.pid');
  const pid = () => Number(readFileSync(pidFile, 'utf8').trim());

  const start = async () => {
    const run = launch('scripts/db.mjs', ['up'], env);
    const code = await run.exit;
    if (code !== 0) throw new Error(`The scratch database server did not start:\n${run.output()}`);
  };
  const stop = async () => {
    const running = pid();
    process.kill(running, 'SIGTERM');
    await waitFor('the scratch database server to stop', () => !processRunning(running));
  };

  await start();
  return {
    url: `mysql://root@127.0.0.1:${port}/damso`,
    pid,
    start,
    stop,
    freeze: () => process.kill(pid(), 'SIGSTOP'),
    thaw: () => process.kill(pid(), 'SIGCONT'),
    destroy: async () => {
      try {
        const running = pid();
        if (processRunning(running)) {
          process.kill(running, 'SIGCONT');
          process.kill(running, 'SIGKILL');
          await waitFor('the scratch database server to end', () => !processRunning(running));
        }
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOENT') throw error;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ReplicatedDatabases {
  /** Writes a ROW-format binary log (server id 1). */
  primary: ScratchDatabase;
  /** Read-only (server id 2), replicating the primary from its first event with GTIDs. */
  replica: ScratchDatabase;
  /** Runs one statement as root on a server's damso database and returns its rows. */
  query: (server: 'primary' | 'replica', statement: string, values?: unknown[]) => Promise<unknown>;
  /** Resolves once the replica has applied everything the primary committed before the call. */
  caughtUp: () => Promise<void>;
  /** STOP SLAVE SQL_THREAD: the replica keeps receiving the primary's changes but applies none, so it lags. */
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  destroy: () => Promise<void>;
}

/** A primary and a replica of it, started side by side; resolves once the replica runs and has caught up. */
export async function startReplicatedDatabases(): Promise<ReplicatedDatabases> {
  const started = await Promise.allSettled([
    startScratchDatabase({ serverArgs: ['--server-id=1', '--log-bin=primary-bin', '--binlog-format=ROW'] }),
    startScratchDatabase({ serverArgs: ['--server-id=2', '--read-only'] }),
  ]);
  const [primary, replica] = started.map((s) => (s.status === 'fulfilled' ? s.value : null));
  if (!primary || !replica) {
    await Promise.all([primary?.destroy(), replica?.destroy()]);
    throw started.find((s) => s.status === 'rejected')?.reason;
  }
  const query = async (server: 'primary' | 'replica', statement: string, values: unknown[] = []) => {
    const conn = await createConnection((server === 'primary' ? primary : replica).url);
    try {
      return (await conn.query(statement, values))[0];
    } finally {
      await conn.end();
    }
  };
  const replicaStatus = async () => {
    const [row] = (await query('replica', 'SHOW SLAVE STATUS')) as Array<Record<string, unknown>>;
    return JSON.stringify({
      io: row?.Slave_IO_Running,
      sql: row?.Slave_SQL_Running,
      ioError: row?.Last_IO_Error,
      sqlError: row?.Last_SQL_Error,
    });
  };
  const caughtUp = async () => {
    const [{ position }] = (await query('primary', 'SELECT @@gtid_binlog_pos AS position')) as [{ position: string }];
    // The server's own wait for a GTID position: no polling, and a ceiling for a busy machine.
    const [{ waited }] = (await query('replica', 'SELECT MASTER_GTID_WAIT(?, 60) AS waited', [position])) as [
      { waited: number },
    ];
    if (Number(waited) !== 0) {
      throw new Error(`The replica did not reach ${position} within 60 s: ${await replicaStatus()}`);
    }
  };
  try {
    const port = new URL(primary.url).port;
    // MASTER_CONNECT_RETRY=1: a restarted replica or primary is found again within a second.
    await query(
      'replica',
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${port}, MASTER_USER='root', MASTER_PASSWORD='',
        MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1`,
    );
    await query('replica', 'START SLAVE');
    await caughtUp();
  } catch (error) {
    await Promise.all([primary.destroy(), replica.destroy()]);
    throw error;
  }
  return {
    primary,
    replica,
    query,
    caughtUp,
    pause: async () => {
      await query('replica', 'STOP SLAVE SQL_THREAD');
    },
    resume: async () => {
      await query('replica', 'START SLAVE SQL_THREAD');
    },
    destroy: async () => {
      await Promise.all([replica.destroy(), primary.destroy()]);
    },
  };
}
