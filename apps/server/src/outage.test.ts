// MySQL stopped and hung for real under traffic, on a database server of this file's own: while it
// is gone every answer is a 503 with Retry-After and a readable message (never a 500 or driver
// text), /readyz fails, and within 5 s of its return the shop answers again without a restart,
// with every sign-up it acknowledged in the database.
import { randomBytes } from 'node:crypto';
import { createSession, hashPassword } from '@damso/auth';
import { createDb, type Database, migrateToLatest } from '@damso/db';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type ScratchDatabase, startScratchDatabase } from '../../../scripts/lib/scratch-db.ts';
import { buildApp } from './app.ts';
import { loadEnv } from './env.ts';

const UNAVAILABLE = /^We’ll be right back: the shop cannot reach its database for a moment\./;
// Anything a driver or server error would put in a message.
const INTERNAL_TEXT = /ECONN|ETIMEDOUT|PROTOCOL_|ER_[A-Z_]+|connect |Pool is closed|127\.0\.0\.1|sql|stack|at \S+:\d+/i;

let scratch: ScratchDatabase;
let db: Database;
let app: Awaited<ReturnType<typeof buildApp>>;
let base: string;
let cookie: string;

beforeAll(async () => {
  scratch = await startScratchDatabase();
  // The server's statement deadline, shortened so a hung database is noticed within the test's patience.
  db = createDb(scratch.url, { statementTimeoutMs: 2_000 });
  await migrateToLatest(db);
  const user = await db
    .insertInto('users')
    .values({
      email: 'reader@example.test',
      full_name: 'Steady Reader',
      phone: '+4930901820',
      password_hash: await hashPassword('Velvet-Harbor-Lantern-83'),
      email_verified_at: new Date(),
      created_at: new Date(),
    })
    .executeTakeFirstOrThrow();
  cookie = `damso_session=${(await createSession(db, Number(user.insertId), new Date())).token}`;
  const env = loadEnv({
    DATABASE_URL: scratch.url,
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    WEB_DIST: '/nonexistent',
    UPLOAD_DIR: `/tmp/damso-test-uploads-${process.pid}`,
    LOG_LEVEL: 'silent',
    // Traffic comes "through a proxy" from many clients, so per-IP sign-up limits do not interfere.
    TRUST_PROXY: 'loopback',
  });
  app = await buildApp({ env, db });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
  await scratch?.destroy();
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: string;
}

let clients = 0;
async function call(kind: 'read' | 'session' | 'signUp', email?: string): Promise<Answer> {
  clients += 1;
  const forwarded = { 'x-forwarded-for': `198.51.${Math.floor(clients / 250) % 250}.${clients % 250}` };
  const res =
    kind === 'signUp'
      ? await fetch(`${base}/trpc/auth.signUp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base, ...forwarded },
          body: JSON.stringify({
            json: {
              fullName: 'Load Tester',
              email,
              phoneCountry: 'DE',
              phone: '030 901820',
              password: 'Velvet-Harbor-Lantern-83',
            },
          }),
        })
      : await fetch(`${base}/trpc/${kind === 'read' ? 'catalog.categories' : 'system.bootstrap'}`, {
          headers: kind === 'session' ? { cookie, ...forwarded } : forwarded,
        });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
}

const messageOf = (a: Answer) => (JSON.parse(a.body) as { error: { json: { message: string } } }).error.json.message;

/** How long to wait for the traffic to get so far: each sign-up hashes a password, slow on a busy machine. */
const TRAFFIC = { timeout: 60_000 };

/** Three clients reading, reading signed in and signing up in a loop until stopped (at the latest when the test ends). */
function traffic() {
  const answers: Answer[] = [];
  const acknowledged: string[] = [];
  let running = true;
  const worker = async (kind: 'read' | 'session' | 'signUp') => {
    while (running) {
      const email = `load-${randomBytes(5).toString('hex')}@example.test`;
      const answer = await call(kind, email);
      answers.push(answer);
      if (kind === 'signUp' && answer.status === 200) acknowledged.push(email);
    }
  };
  const done = Promise.all([worker('read'), worker('session'), worker('signUp')]);
  // A test that fails before stopping its traffic must not leave it calling a server that is closing.
  onTestFinished(async () => {
    running = false;
    await done.catch(() => {});
  });
  return {
    answers,
    acknowledged,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

async function ready(): Promise<number> {
  const res = await fetch(`${base}/readyz`);
  await res.text();
  return res.status;
}

/** What a user notices while the database is gone, checked on one request of each kind. */
async function expectUnavailable() {
  await expect.poll(ready).toBe(503);
  for (const kind of ['read', 'session', 'signUp'] as const) {
    const answer = await call(kind, `during-${randomBytes(4).toString('hex')}@example.test`);
    expect(answer.status, answer.body).toBe(503);
    expect(answer.retryAfter).toBe('5');
    expect(messageOf(answer)).toMatch(UNAVAILABLE);
    expect(answer.body).not.toMatch(INTERNAL_TEXT);
  }
}

/** Milliseconds from the database's return until the shop reads and answers ready again. */
async function recoveryMs(returned: number): Promise<number> {
  await expect.poll(async () => (await ready()) === 200 && (await call('read')).status === 200).toBe(true);
  return Date.now() - returned;
}

async function expectNothingLost(run: ReturnType<typeof traffic>) {
  const failures = run.answers.filter((a) => a.status !== 200);
  // Every failure was a 503 a client may retry, none a 500, none with internal text.
  expect(failures.filter((a) => a.status !== 503 || a.retryAfter !== '5').map((a) => a.body)).toEqual([]);
  expect(failures.filter((a) => INTERNAL_TEXT.test(a.body)).map((a) => a.body)).toEqual([]);
  const stored = await db.selectFrom('users').select('email').where('email', 'in', run.acknowledged).execute();
  expect(stored).toHaveLength(run.acknowledged.length);
}

describe('the database goes away under traffic', { timeout: 300_000 }, () => {
  it('stopped (SIGTERM): 503 with Retry-After meanwhile, back within 5 s of its restart, no acknowledged sign-up lost', async () => {
    const run = traffic();
    await expect.poll(() => run.acknowledged.length, TRAFFIC).toBeGreaterThanOrEqual(3);

    await scratch.stop();
    const before = run.answers.length;
    await expectUnavailable();
    await expect.poll(() => run.answers.length - before, TRAFFIC).toBeGreaterThanOrEqual(20);

    await scratch.start();
    expect(await recoveryMs(Date.now())).toBeLessThan(5_000);
    const signedUp = run.acknowledged.length;
    await expect.poll(() => run.acknowledged.length - signedUp, TRAFFIC).toBeGreaterThanOrEqual(3);
    await run.stop();

    expect(run.answers.filter((a) => a.status === 503).length).toBeGreaterThanOrEqual(20);
    await expectNothingLost(run);
  });

  it('hung (SIGSTOP): 503 once the statement deadline passes, back within 5 s of it answering again', async () => {
    const run = traffic();
    await expect.poll(() => run.acknowledged.length, TRAFFIC).toBeGreaterThanOrEqual(3);

    scratch.freeze();
    try {
      await expectUnavailable();
    } finally {
      scratch.thaw();
    }
    expect(await recoveryMs(Date.now())).toBeLessThan(5_000);
    const signedUp = run.acknowledged.length;
    await expect.poll(() => run.acknowledged.length - signedUp, TRAFFIC).toBeGreaterThanOrEqual(3);
    await run.stop();

    await expectNothingLost(run);
  });
});
