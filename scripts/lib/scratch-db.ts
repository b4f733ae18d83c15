// A database server of its own for tests and scripts that stop, freeze or restart MySQL (the shared
// test server must never be touched): the project's local server (scripts/db.mjs up) in a temporary
// data folder on a free port, so it starts the way `npm start` starts one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

export async function startScratchDatabase(): Promise<ScratchDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'damso-scratch-db-'));
  const port = await freePort();
  const env = { DAMSO_DATA_DIR: dataDir, LOCAL_DB_PORT: String(port), DATABASE_URL: '' };
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
