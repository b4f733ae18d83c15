// The server process: configuration, database check, HTTP, background jobs, graceful shutdown.
import { rebuildStats, vapidKeys } from '@damso/api';
import { createDb, pendingMigrations } from '@damso/db';
import { sql } from 'kysely';
import { buildApp } from './app.ts';
import { openReadReplica, serverConfig } from './config.ts';
import { EnvError, loadEnv } from './env.ts';
import { createJobs, startJobs } from './jobs/index.ts';
import { smtpFromEnv } from './mail.ts';
import { createMetrics } from './metrics.ts';

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
// Reads that may be a few seconds stale go to the replica while it keeps up.
const replica = openReadReplica(config, db, clock);
// One set of metrics for requests and jobs alike, kept only when /metrics is served.
const metrics = env.METRICS_TOKEN ? createMetrics({ db, clock, replica }) : undefined;
const app = await buildApp({ env, db, config, clock, metrics, replica });
await refreshStatistics();
await ensurePushKeys();
try {
  await app.listen({ host: env.HOST, port: env.PORT });
} catch (error) {
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    die(`Port ${env.PORT} is already in use. Stop the program using it or start with PORT=<another port>.`);
  }
  throw error;
}
const jobs = env.JOBS ? startJobs({ db, log: app.log, jobs: createJobs(config), clock, metrics }) : null;
if (!smtpFromEnv(env)) app.log.warn('No SMTP server configured (SMTP_URL or SMTP_HOST): emails wait in the outbox.');

/**
 * Statistics rollups found behind the orders (after a restore or a bulk load) are rebuilt before the
 * first request can read them, on connections of their own without the statement deadline (a rebuild
 * of millions of orders takes minutes). A failure leaves the shop running: only the statistics are off.
 */
async function refreshStatistics() {
  const maintenance = createDb(env.DATABASE_URL, { connectionLimit: 2, statementTimeoutMs: 0 });
  try {
    if ((await pendingMigrations(maintenance)).length > 0) {
      app.log.warn('Migrations are pending: the statistics rollups are checked at the next start.');
      return;
    }
    const r = await rebuildStats(maintenance, clock(), { onlyIfStale: true });
    if (r.rebuilt) app.log.info({ behind: r.stale, ms: Math.round(r.ms) }, 'statistics rollups rebuilt');
  } catch (error) {
    app.log.error({ err: error }, 'statistics rollups could not be checked or rebuilt');
  } finally {
    await maintenance.destroy();
  }
}

/** Web push's VAPID keys are made on the first start (unless set in the environment), not on the first opt-in. */
async function ensurePushKeys() {
  try {
    if ((await pendingMigrations(db)).length === 0) await vapidKeys(db, config.api);
  } catch (error) {
    app.log.error({ err: error }, 'web push keys could not be read or made: pushes wait until they can');
  }
}

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
  replica?.close();
  await Promise.allSettled([db.destroy(), replica?.db.destroy()]);
  app.log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
