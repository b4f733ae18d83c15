// The server process: configuration, database check, HTTP, background jobs, graceful shutdown.
import { createDb } from '@damso/db';
import { sql } from 'kysely';
import { buildApp } from './app.ts';
import { EnvError, loadEnv } from './env.ts';
import { startJobs } from './jobs/index.ts';
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
const app = await buildApp({ env, db, clock });
try {
  await app.listen({ host: env.HOST, port: env.PORT });
} catch (error) {
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    die(`Port ${env.PORT} is already in use. Stop the program using it or start with PORT=<another port>.`);
  }
  throw error;
}
const jobs = env.JOBS ? startJobs({ db, log: app.log, clock }) : null;
if (!smtpFromEnv(env)) app.log.warn('No SMTP server configured (SMTP_URL or SMTP_HOST): emails wait in the outbox.');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down');
  const timer = setTimeout(() => process.exit(1), 10_000);
  timer.unref();
  jobs?.stop();
  await app.close();
  await db.destroy();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
