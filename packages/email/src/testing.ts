// A real SMTP server for tests (the smtp-server package), keeping every message it receives, parsed.
// It can refuse mail, answer slowly, and be stopped and started again on the same port. Also the
// outbox tests' shared set-up and counts.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { enqueueEmail } from './outbox.ts';
import { createMailTransport, type MailTransport } from './transport.ts';

export interface TestInbox {
  port: number;
  url: string;
  messages: ParsedMail[];
  /** Refuse (true) or accept (false) the next messages, to play a mail server that is down. */
  refuse: (on: boolean) => void;
  /** Wait this long before accepting each message, so messages stay in flight for a while. */
  setDelay: (ms: number) => void;
  /** How many messages are being held now by a delay of at least `ms` (their sender waits for the "250"). */
  held: (ms: number) => number;
  /**
   * Stops listening and drops every connection, like a crashed server: a message whose acceptance
   * was still pending is not kept (the client never got its "250").
   */
  stop: () => Promise<void>;
  /** Listens again on the same port. */
  start: () => Promise<void>;
  close: () => Promise<void>;
}

/** The Message-ID of each received message, with how many times it arrived. */
export function countByMessageId(messages: ParsedMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.messageId ?? '', (counts.get(m.messageId ?? '') ?? 0) + 1);
  return counts;
}

export async function startTestSmtpServer({ delayMs = 0 } = {}): Promise<TestInbox> {
  const messages: ParsedMail[] = [];
  let refusing = false;
  let delay = delayMs;
  // The delay each message now waiting out one was given.
  const holding = new Set<{ ms: number }>();
  // Bumped by stop(): a message parsed under an older generation arrived at a server that has died.
  let generation = 0;
  let server: SMTPServer | null = null;
  let port = 0;

  const listen = async () => {
    const gen = generation;
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Open client connections (a pooled transport keeps some) are cut at once on close.
      closeTimeout: 20,
      onData(stream, _session, callback) {
        if (refusing) {
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then(async (mail) => {
            if (delay > 0) {
              const hold = { ms: delay };
              holding.add(hold);
              await sleep(hold.ms).finally(() => holding.delete(hold));
            }
            if (gen !== generation) return callback(new Error('Server shutting down'));
            messages.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    // A client killed mid-session (a worker process in a test) resets its socket: a real mail server
    // notes it and carries on, so does this one.
    s.on('error', () => {});
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
    const address = s.server.address();
    if (!address || typeof address === 'string') throw new Error('SMTP test server has no port');
    port = address.port;
    server = s;
  };
  const stop = async () => {
    generation += 1;
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuse: (on) => {
      refusing = on;
    },
    setDelay: (ms) => {
      delay = ms;
    },
    held: (ms) => [...holding].filter((h) => h.ms >= ms).length,
    stop,
    start: listen,
    close: stop,
  };
}

/** How many distinct messages arrived (by Message-ID), and how many copies beyond the first. */
export function deliveredSummary(messages: ParsedMail[]): { distinct: number; twice: number } {
  const counts = countByMessageId(messages);
  return { distinct: counts.size, twice: [...counts.values()].reduce((n, c) => n + c - 1, 0) };
}

/** The outbox rows per status, e.g. `{ sent: 12, pending: 3 }`. */
export async function outboxByStatus(db: Database): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('email_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Queues `n` small emails in one transaction, so they are all due at once. */
export async function enqueueTestEmails(db: Database, n: number, prefix: string, now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i += 1) {
      const to = `${prefix}${i}@example.test`;
      await enqueueEmail(trx, { to, template: 'test', subject: `#${i}`, html: '', text: `${i}` }, now);
    }
  });
}

export interface OutboxTestBed {
  t: TestDatabase;
  inbox: TestInbox;
  /** A pooled transport to the inbox, closed after the test. */
  pooled: () => MailTransport;
}

/**
 * One test database and one SMTP server for the test file; each test starts with an empty outbox,
 * an empty inbox that accepts at once, and its transports closed after it.
 */
export function outboxTestBed(): OutboxTestBed {
  const transports: MailTransport[] = [];
  const bed = {
    pooled: () => {
      const transport = createMailTransport({ url: bed.inbox.url }, { pool: { maxConnections: 5 } });
      transports.push(transport);
      return transport;
    },
  } as OutboxTestBed;
  beforeAll(async () => {
    [bed.t, bed.inbox] = await Promise.all([createTestDatabase(), startTestSmtpServer()]);
  });
  afterAll(async () => {
    await bed.inbox.close();
    await bed.t.drop();
  });
  beforeEach(async () => {
    bed.inbox.messages.length = 0;
    bed.inbox.refuse(false);
    bed.inbox.setDelay(0);
    await bed.t.db.deleteFrom('email_outbox').execute();
  });
  afterEach(() => {
    for (const transport of transports.splice(0)) transport.close();
  });
  return bed;
}
