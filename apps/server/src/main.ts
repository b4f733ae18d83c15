// The server process: configuration, database check, HTTP, background jobs, graceful shutdown.
import { createDb } from '@damso/db';
import { sql } from 'kysely';
import { buildApp } from './app.ts';
import { serverConfig } from './config.ts';
import { EnvError, loadEnv } from './env.ts';
import { createJobs, startJobs } from './jobs/index.ts';
import { smtpFromEnv } from './mail.ts';

function die(message: string): never {
  process.stderr.write(`\n✖ ${message}\n\n`);
  process.exit(1);
}

let env: ReturnType<typeof loadEnv>;
try {
  env = loadEnv();
} catch (error) {
  if (error instanceof EnvError) die(error.message);
  throw error;
}

const db = createDb(env.DATABASE_URL);
try {
  await sql`SELECT 1`.execute(db);
} catch (error) {
  const code = (error as { code?: string }).code ?? (error as Error).message;
  die(`Cannot reach the database in DATABASE_URL (${code}). Check the URL and that the server is running.`);
}

// One clock for requests and jobs alike.
const clock = () => new Date();
const config = serverConfig(env);
const app = await buildApp({ env, db, config, clock });
try {
  await app.listen({ host: env.HOST, port: env.PORT });
} catch (error) {
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    die(`Port ${env.PORT} is already in use. Stop the program using it or start with PORT=<another port>.`);
  }
  throw error;
}
const jobs = env.JOBS ? startJobs({ db, log: app.log, jobs: createJobs(config), clock }) : null;
if (!smtpFromEnv(env)) app.log.warn('No SMTP server configured (SMTP_URL or SMTP_HOST): emails wait in the outbox.');

// SIGTERM: stop taking requests and claiming jobs' work at once, let both finish what they started
// (the outbox marks each email SMTP accepted, and hands back the ones it had not started), then exit.
// Ten seconds at most: a hung request or mail server must not keep a deploy waiting.
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down');
  const timer = setTimeout(() => {
    app.log.error('shutdown took more than 10 s: exiting with work unfinished');
    process.exit(1);
  }, 10_000);
  timer.unref();
  await Promise.allSettled([app.close(), jobs?.stop({ graceMs: 8_000 })]);
  await db.destroy();
  app.log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
