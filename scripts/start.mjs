// npm start: dependencies → database → migrations → demo data → web build → server, plus a local
// mail catcher when no SMTP server is configured.
// Ctrl-C stops everything this command started.
import { ensureDatabase } from './lib/local-db.mjs';
import { ensureDependencies, fail, info, localEncryptionKey, run, TSX } from './lib/util.mjs';

ensureDependencies();
// Loaded only now: the mail catcher needs npm packages that ensureDependencies may just have installed.
const { startMailCatcher } = await import('./lib/mail-catcher.mjs');
const db = await ensureDatabase('dev', { externalUrl: process.env.DATABASE_URL });
const env = {
  ...process.env,
  DATABASE_URL: db.url,
  ENCRYPTION_KEY: localEncryptionKey(),
  NODE_ENV: process.env.NODE_ENV ?? 'production',
  TURBO_TELEMETRY_DISABLED: '1',
};
const children = new Set();
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  if (db.started) {
    info('Stopping the local database server…');
    db.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

if ((await run(TSX, ['scripts/db-tasks.ts', 'migrate', 'seed'], { env })) !== 0) {
  db.stop();
  fail('Preparing the database failed (see above).');
}
info('Building the web app…');
if ((await run('npx', ['turbo', 'run', 'build', '--filter=@damso/web', '--output-logs=errors-only'], { env })) !== 0) {
  db.stop();
  fail('The web build failed (see above).');
}

let inbox = null;
if (!env.SMTP_URL && !env.SMTP_HOST) {
  inbox = await startMailCatcher({
    smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025),
    httpPort: Number(process.env.MAIL_CATCHER_PORT ?? 1080),
  });
  env.SMTP_URL = inbox.smtpUrl;
}

const { spawn } = await import('node:child_process');
const server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], { env, stdio: 'inherit' });
children.add(server);
server.on('exit', (code) => {
  children.delete(server);
  if (!stopping) stopAll(code ?? 1);
});
const port = env.PORT ?? '3000';
info(`Damso Stream is starting at \x1b[1mhttp://localhost:${port}\x1b[0m  (Ctrl-C to stop)`);
info('Demo logins (password damso-demo-2026): admin@damso.test · employee@damso.test · client@damso.test');
if (inbox) {
  info(`No SMTP server configured: emails go to the local inbox at \x1b[1m${inbox.inboxUrl}\x1b[0m`);
}
