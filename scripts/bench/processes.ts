// The two servers under test, each in its own process (so the load generator never shares their
// event loop): the real one started like npm start does (main.ts), and the bare handler. Both die
// with the benchmark (exit-with-parent), and stop() waits until they have.
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort, ROOT, waitFor } from '../lib/process-testing.ts';

export interface Running {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
  output(): string;
}

async function start(script: string, args: string[], env: Record<string, string>, readyPath: string): Promise<Running> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // BENCH_PROFILE_DIR=/some/dir writes each server's CPU profile there when it stops (for Chrome DevTools).
      ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []),
      '--import',
      'tsx',
      '--import',
      './scripts/lib/exit-with-parent.mjs',
      script,
      ...args,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: String(port), PUBLIC_URL: url },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  await waitFor(
    `${script} to answer ${readyPath}`,
    async () => {
      if (gone) throw new Error(`${script} exited before it was ready:\n${output}`);
      return fetch(`${url}${readyPath}`).then(
        (r) => r.ok,
        () => false,
      );
    },
    { ceilingMs: 120_000, context: () => output },
  );
  return {
    url,
    pid: child.pid,
    output: () => output,
    stop: async () => {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The real server on the scale database: production mode, background jobs off so only requests load it. */
export function startAppServer(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<Running> {
  return start(
    'apps/server/src/main.ts',
    [],
    {
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      JOBS: 'off',
      HOST: '127.0.0.1',
      ...extraEnv,
    },
    '/readyz',
  );
}

export function startBareServer(databaseUrl: string, templatesFile: string): Promise<Running> {
  return start('scripts/bench/bare-server.ts', [templatesFile], { DATABASE_URL: databaseUrl }, '/ready');
}
