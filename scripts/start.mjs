// npm start: dependencies → database → migrations → demo data → web build → server, plus a local
// mail catcher when no SMTP server is configured.
// Ctrl-C stops everything this command started, within about a second.
import { spawn } from 'node:child_process';
import { ensureDatabase } from './lib/local-db.mjs';
import {
  ensureDependencies,
  fail,
  info,
  localEncryptionKey,
  portFree,
  ROOT,
  run,
  stopChildren,
  TSX,
  TURBO,
  track,
} from './lib/util.mjs';

ensureDependencies();
// Checked before the slow steps, so a busy port costs seconds, not a build (the server checks again).
const port = Number(process.env.PORT ?? 3000);
if (Number.isInteger(port) && port > 0 && port < 65536 && !(await portFree(port, process.env.HOST ?? '127.0.0.1'))) {
  fail(`Port ${port} is already in use. Stop the program using it or start with PORT=<another port>.`);
}
// Loaded only now: the mail catcher needs npm packages that ensureDependencies may just have installed.
const { startMailCatcher } = await import('./lib/mail-catcher.mjs');
const db = await ensureDatabase('dev', { externalUrl: process.env.DATABASE_URL, owner: true });
const env = {
  ...process.env,
  DATABASE_URL: db.url,
  ENCRYPTION_KEY: localEncryptionKey(),
  NODE_ENV: process.env.NODE_ENV ?? 'production',
  TURBO_TELEMETRY_DISABLED: '1',
};
let stopping = false;

/** Stops what this command started, then exits; with a message, as a failure. */
async function stopAll(code, message) {
  // The first call ends the process.
  if (stopping) return new Promise(() => {});
  stopping = true;
  // The server first, so it ends its requests and closes its connections before the database goes.
  await stopChildren(1_500);
  if (db.started) {
    info('Stopping the local database server…');
    await db.stop({ graceMs: 1_000 });
  }
  if (message) fail(message);
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function step(cmd, args, failure) {
  if ((await run(cmd, args, { env })) !== 0 || stopping) await stopAll(1, failure);
}

// Independent, so side by side: the build no longer waits for the migrations and the seed.
info('Preparing the database and building the web app…');
await Promise.all([
  step(TSX, ['scripts/db-tasks.ts', 'migrate', 'seed'], 'Preparing the database failed (see above).'),
  // turbo itself, not through npx: one npm process less on the critical path.
  step(
    TURBO,
    ['run', 'build', '--filter=@damso/web', '--output-logs=errors-only'],
    'The web build failed (see above).',
  ),
]);

let inbox = null;
if (!env.SMTP_URL && !env.SMTP_HOST) {
  inbox = await startMailCatcher({
    smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025),
    httpPort: Number(process.env.MAIL_CATCHER_PORT ?? 1080),
  });
  env.SMTP_URL = inbox.smtpUrl;
}

// The IPC channel lets the server notice when this process is killed outright (exit-with-parent.mjs).
const server = track(
  spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './scripts/lib/exit-with-parent.mjs', 'apps/server/src/main.ts'],
    {
      cwd: ROOT,
      env,
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    },
  ),
);
server.on('exit', (code) => {
  if (!stopping) stopAll(code ?? 1);
});
info(`Damso Stream is starting at \x1b[1mhttp://localhost:${port}\x1b[0m  (Ctrl-C to stop)`);
info('Demo logins (password damso-demo-2026): admin@damso.test · employee@damso.test · client@damso.test');
if (inbox) {
  info(`No SMTP server configured: emails go to the local inbox at \x1b[1m${inbox.inboxUrl}\x1b[0m`);
}
