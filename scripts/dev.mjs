// npm run dev: the server under tsx watch (restarts on change) and Vite's dev server with hot reload.
import { spawn } from 'node:child_process';
import { ensureDatabase } from './lib/local-db.mjs';
import { ensureDependencies, fail, info, localEncryptionKey, run, TSX } from './lib/util.mjs';

ensureDependencies();
// Loaded only now: the mail catcher needs npm packages that ensureDependencies may just have installed.
const { startMailCatcher } = await import('./lib/mail-catcher.mjs');
const db = await ensureDatabase('dev', { externalUrl: process.env.DATABASE_URL, owner: true });
const env = { ...process.env, DATABASE_URL: db.url, ENCRYPTION_KEY: localEncryptionKey(), NODE_ENV: 'development' };
if ((await run(TSX, ['scripts/db-tasks.ts', 'migrate', 'seed'], { env })) !== 0) fail('Preparing the database failed.');
// Links in emails should open the hot-reloading app.
env.PUBLIC_URL ??= 'http://localhost:5173';
const inbox = env.SMTP_URL || env.SMTP_HOST ? null : await startMailCatcher();
if (inbox) env.SMTP_URL = inbox.smtpUrl;

const children = [
  spawn(TSX, ['watch', 'apps/server/src/main.ts'], { env, stdio: 'inherit' }),
  spawn('npx', ['vite', '--config', 'apps/web/vite.config.ts', 'apps/web'], { env, stdio: 'inherit' }),
];
info('Dev servers: the app with hot reload at http://localhost:5173 (API on :3000). Ctrl-C stops both.');
if (inbox) info(`No SMTP server configured: emails go to the local inbox at ${inbox.inboxUrl}`);
const stop = async () => {
  for (const child of children) child.kill('SIGTERM');
  if (db.started) await db.stop({ graceMs: 1_000 });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
