// The outbox with real server processes (apps/server/src/main.ts under tsx) on one test database and
// a real SMTP server that answers slowly, so messages are in flight when a process is stopped:
// SIGTERM loses nothing and sends nothing twice, SIGKILL re-sends at most the messages that were on
// the wire once their lease ends, and three processes draining one outbox send each email once.
// Duplicates are counted by Message-ID, as a mailbox would see them.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMailTransport, drainOutbox } from '@damso/email';
import { deliveredSummary, enqueueTestEmails, outboxByStatus, outboxTestBed } from '@damso/email/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const CONNECTIONS = 5;
const LEASE_MS = 2 * 60_000;
const HOLD_MS = 10_000;
const bed = outboxTestBed();
let uploadDir: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), 'damso-outbox-'));
});
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

interface Server {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log: string[];
}

/** Starts the real server process and resolves once it listens (its jobs start with it). */
async function startServer(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: bed.t.url,
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      UPLOAD_DIR: uploadDir,
      WEB_DIST: path.join(uploadDir, 'no-web-build'),
      SMTP_URL: bed.inbox.url,
      MAIL_FROM: '"Damso Stream" <orders@damso.test>',
      SMTP_MAX_CONNECTIONS: String(CONNECTIONS),
      EMAIL_DAILY_CAP: '0',
      LOG_LEVEL: 'info',
      JOBS: 'on',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const log: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const onLine = (chunk: Buffer) => {
      log.push(...chunk.toString().split('\n').filter(Boolean));
      if (log.some((l) => l.includes('Server listening'))) resolve();
    };
    child.stdout?.on('data', onLine);
    child.stderr?.on('data', onLine);
    void exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening:\n${log.join('\n')}`)));
  });
  return { child, exited, log };
}

const enqueueMany = (n: number, prefix: string) => enqueueTestEmails(bed.t.db, n, prefix);
const delivered = () => deliveredSummary(bed.inbox.messages);
const byStatus = () => outboxByStatus(bed.t.db);
/** Sends what is left, in this process, on a clock `aheadMs` ahead. */
async function drainRest(aheadMs = 0) {
  const transport = createMailTransport({ url: bed.inbox.url }, { pool: { maxConnections: CONNECTIONS } });
  try {
    return await drainOutbox(bed.t.db, {
      transport,
      from: 'orders@damso.test',
      clock: () => new Date(Date.now() + aheadMs),
    });
  } finally {
    transport.close();
  }
}

/** A server 40 emails into a batch of 300, with 5 more on the wire (the SMTP server answers in 25 ms). */
async function serverMidBatch(prefix: string, { holdSends = false } = {}) {
  const server = await startServer();
  bed.inbox.setDelay(25);
  await enqueueMany(300, prefix);
  await expect.poll(() => bed.inbox.messages.length).toBeGreaterThanOrEqual(40);
  // A kill must land while a batch is claimed: with 25 ms sends a batch can end (its last row marked
  // sent, the next not yet claimed) between seeing it claimed and the signal. Holding the next sends
  // keeps their rows claimed: once one is held, it cannot be marked sent for 10 s. (SIGTERM waits for
  // its sends, so it keeps 25 ms.)
  if (holdSends) {
    bed.inbox.setDelay(HOLD_MS);
    await expect.poll(() => bed.inbox.held(HOLD_MS), { timeout: 60_000 }).toBeGreaterThan(0);
  }
  // Between two batches nothing is claimed: stop the server while it holds one (a busy machine can
  // leave it between batches just when the 40th message arrives).
  await expect.poll(async () => (await byStatus()).sending ?? 0).toBeGreaterThan(0);
  return server;
}

// Each test starts several server processes (tsx) and waits out a lease: minutes on a busy 2-core machine.
describe('the outbox in real server processes', { timeout: 300_000 }, () => {
  it('SIGTERM mid-batch: the sends in flight finish and are marked, the process exits 0, nothing is sent twice', async () => {
    const server = await serverMidBatch('term');
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    // Every email the SMTP server accepted is marked sent, and nothing is left claimed.
    const after = await byStatus();
    expect(after.sending).toBeUndefined();
    expect(after.sent).toBe(bed.inbox.messages.length);
    expect(after.pending).toBeGreaterThan(0);
    bed.inbox.setDelay(0);
    await drainRest();
    expect(delivered()).toEqual({ distinct: 300, twice: 0 });
  });

  it('SIGKILL mid-batch: once the lease ends the rest is sent, at most the messages in flight twice, none lost', async () => {
    const server = await serverMidBatch('kill', { holdSends: true });
    server.child.kill('SIGKILL');
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // The held sends of the dead process would land seconds from now, in a later test: the SMTP server
    // restarts and drops them, as one that went down with the sender would (their rows stay claimed).
    await bed.inbox.stop();
    await bed.inbox.start();
    bed.inbox.setDelay(0);
    const claimed = (await byStatus()).sending ?? 0;
    expect(claimed).toBeGreaterThan(0);
    // Under their lease the dead process's rows are left alone …
    await drainRest();
    expect((await byStatus()).sending).toBe(claimed);
    // … and taken over once it has run out.
    await drainRest(LEASE_MS);
    expect(await byStatus()).toEqual({ sent: 300 });
    const { distinct, twice } = delivered();
    expect(distinct).toBe(300);
    expect(twice).toBeLessThanOrEqual(CONNECTIONS);
  });

  it('three processes draining one outbox send each email exactly once, and all of them take part', async () => {
    const servers = await Promise.all([startServer(), startServer(), startServer()]);
    // 33 emails a second per process: two alone would need 4.5 s, so the third one's next run (every 2 s)
    // comes while there is work left.
    bed.inbox.setDelay(150);
    await enqueueMany(300, 'three');
    await expect.poll(() => bed.inbox.messages.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(300);
    // A process marks a message sent just after the SMTP server accepts it: the last marks may trail.
    await expect.poll(byStatus).toEqual({ sent: 300 });
    expect(delivered()).toEqual({ distinct: 300, twice: 0 });
    const senders = await bed.t.db.selectFrom('email_outbox').select('lease_owner').distinct().execute();
    expect(senders).toHaveLength(3);
    for (const s of servers) s.child.kill('SIGTERM');
    expect(await Promise.all(servers.map((s) => s.exited))).toEqual(Array(3).fill({ code: 0, signal: null }));
  });
});
