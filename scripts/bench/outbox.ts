// Outbox throughput, run by hand: `npm run bench:outbox`.
// Queues BENCH_EMAILS real account emails (with a code and a link, so the redaction runs too) in a
// scratch database next to the app's, then drains them to a local SMTP server (smtp-server, in this
// process, reading and discarding each message) with the server's worker, and prints emails/s. Also
// shows how many rows a claim locks with every email due, and the claim's query plan.
import { performance } from 'node:perf_hooks';
import { createDb, migrateToLatest } from '@damso/db';
import { claimInTransaction, createMailTransport, drainOutbox, enqueueEmail, verifyEmailMessage } from '@damso/email';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';

const EMAILS = Number(process.env.BENCH_EMAILS ?? 5_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 5);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const base = process.env.DATABASE_URL;
if (!base) throw new Error('DATABASE_URL is not set (run through node scripts/run-ts.mjs)');

const url = new URL(base);
const admin = createDb(base);
await sql.raw('DROP DATABASE IF EXISTS damso_bench_outbox').execute(admin);
await sql.raw('CREATE DATABASE damso_bench_outbox CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci').execute(admin);
await admin.destroy();
url.pathname = '/damso_bench_outbox';
const db = createDb(url.toString());
await migrateToLatest(db);

class Rollback extends Error {}

const received = new Map<string, number>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  closeTimeout: 50,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4096) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      const id = /^Message-ID: (.+)$/im.exec(head)?.[1]?.trim() ?? '';
      received.set(id, (received.get(id) ?? 0) + 1);
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const port = (smtp.server.address() as { port: number }).port;

async function queue(n: number) {
  const now = new Date();
  for (let i = 0; i < n; i += 500) {
    await db.transaction().execute(async (trx) => {
      for (let j = i; j < Math.min(n, i + 500); j += 1) {
        const mail = verifyEmailMessage({
          storeName: 'Damso Stream',
          to: `bench${j}@example.test`,
          fullName: `Bench ${j}`,
          code: String(100_000 + (j % 900_000)),
          link: `http://localhost:3000/verify-email?token=${j.toString(36).padStart(43, 'x')}`,
          changing: false,
        });
        await enqueueEmail(trx, mail, now);
      }
    });
  }
}

const t0 = performance.now();
await queue(EMAILS);
process.stdout.write(`Queued ${EMAILS} emails in ${Math.round(performance.now() - t0)} ms\n`);

// What one claim locks while every email is due (one lock in the due index and one on the row, per row).
await db
  .transaction()
  .setIsolationLevel('read committed')
  .execute(async (trx) => {
    const claim = await claimInTransaction(trx, {
      owner: 'probe',
      now: new Date(),
      limit: 10,
      leaseMs: 60_000,
      dailyCap: 0,
    });
    const locks = await sql<{ n: number }>`SELECT trx_rows_locked AS n FROM information_schema.INNODB_TRX
      WHERE trx_mysql_thread_id = CONNECTION_ID()`.execute(trx);
    const plan = await sql<
      Record<string, unknown>
    >`EXPLAIN SELECT id FROM email_outbox FORCE INDEX (email_outbox_next_idx)
      WHERE next_attempt_at <= ${new Date()} AND status IN ('pending', 'sending')
      ORDER BY next_attempt_at, id LIMIT 10 FOR UPDATE SKIP LOCKED`.execute(trx);
    process.stdout.write(
      `A claim of ${claim.emails.length} among ${EMAILS} due rows locks ${locks.rows[0]?.n} records; ` +
        `plan: key=${plan.rows[0]?.key}, extra=${plan.rows[0]?.Extra}\n`,
    );
    throw new Rollback();
  })
  .catch((e: unknown) => {
    if (!(e instanceof Rollback)) throw e;
  });

async function run(label: string, dailyCap: number) {
  await db.updateTable('email_outbox').set({ status: 'pending', next_attempt_at: new Date(), sent_at: null }).execute();
  received.clear();
  const transports = Array.from({ length: WORKERS }, () =>
    createMailTransport({ url: `smtp://127.0.0.1:${port}` }, { pool: { maxConnections: CONNECTIONS } }),
  );
  const started = performance.now();
  const cpu = process.cpuUsage();
  const results = await Promise.all(
    transports.map((transport) =>
      drainOutbox(db, {
        transport,
        from: 'orders@damso.test',
        clock: () => new Date(),
        concurrency: CONNECTIONS,
        dailyCap,
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  for (const tr of transports) tr.close();
  const sent = results.reduce((n, r) => n + r.sent, 0);
  const twice = [...received.values()].reduce((n, c) => n + c - 1, 0);
  process.stdout.write(
    `${label}: ${sent} sent in ${seconds.toFixed(2)} s = ${Math.round(sent / seconds)} emails/s ` +
      `(${WORKERS} worker(s) × ${CONNECTIONS} connections; ${received.size} distinct received, ${twice} twice); ` +
      // Wall-clock rates swing with whatever else the machine runs; the CPU per email does not.
      `this process's CPU (worker and SMTP server): ${((used.user + used.system) / 1000 / sent).toFixed(2)} ms per email\n`,
  );
}

await run('no daily cap', 0);
await run('with a daily cap (claims take turns)', 1_000_000);
await new Promise<void>((resolve) => smtp.close(() => resolve()));
await db.destroy();
