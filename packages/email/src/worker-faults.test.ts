// The outbox worker under faults, in one process: the SMTP server dying mid-batch, a worker that
// died holding a lease, a stop in the middle of a batch, several workers on one outbox. Duplicates
// are counted by Message-ID, as a mailbox would see them. (Killed processes: apps/server/src/jobs.)
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { claimDueEmails, claimInTransaction, retryDelayMs } from './claim.ts';
import { deliveredSummary, enqueueTestEmails, outboxByStatus, outboxTestBed } from './testing.ts';
import { drainOutbox, PROCESS_OWNER } from './worker.ts';

const bed = outboxTestBed();
const { pooled } = bed;
const from = '"Damso Stream" <no-reply@damso.test>';
const enqueueMany = (n: number, now: Date, prefix = 'r') => enqueueTestEmails(bed.t.db, n, prefix, now);
const statuses = () => outboxByStatus(bed.t.db);
const delivered = () => ({ total: bed.inbox.messages.length, ...deliveredSummary(bed.inbox.messages) });

describe('outbox worker under faults', () => {
  it('delivers every email exactly once when the SMTP server dies mid-batch and comes back', async () => {
    const now = Date.now();
    await enqueueMany(150, new Date(now));
    bed.inbox.setDelay(5);
    const transport = pooled();
    const first = drainOutbox(bed.t.db, { transport, from, clock: () => new Date(now) });
    await expect.poll(() => bed.inbox.messages.length).toBeGreaterThanOrEqual(30);
    await bed.inbox.stop();
    const down = await first;
    expect(down.retried).toBeGreaterThan(0);
    expect(down.sent + down.retried).toBe(150);
    await bed.inbox.start();
    const back = await drainOutbox(bed.t.db, { transport, from, clock: () => new Date(now + retryDelayMs(1)) });
    expect(back.sent).toBe(down.retried);
    expect(delivered()).toEqual({ total: 150, distinct: 150, twice: 0 });
    expect(await statuses()).toEqual({ sent: 150 });
  });

  it('resumes a row whose worker died once its lease has run out, not before, with the same Message-ID', async () => {
    const now = Date.now();
    await enqueueMany(1, new Date(now - 60_000), 'orphan');
    // What a worker killed mid-send leaves behind: the row claimed, its lease running for another minute.
    await bed.t.db
      .updateTable('email_outbox')
      .set({ status: 'sending', lease_owner: 'dead-host:1:0000', attempts: 1, next_attempt_at: new Date(now + 60_000) })
      .execute();
    const transport = pooled();
    expect(await drainOutbox(bed.t.db, { transport, from, clock: () => new Date(now) })).toMatchObject({ sent: 0 });
    expect(bed.inbox.messages).toHaveLength(0);
    expect(await drainOutbox(bed.t.db, { transport, from, clock: () => new Date(now + 60_000) })).toMatchObject({
      sent: 1,
    });
    const row = await bed.t.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 2, lease_owner: PROCESS_OWNER });
    expect(bed.inbox.messages.map((m) => m.messageId)).toEqual([`<${row.message_id}@damso.test>`]);
  });

  it('locks only the rows a claim takes, so another worker claims the next ones meanwhile', async () => {
    const now = new Date();
    await enqueueMany(400, now);
    const options = { now, limit: 10, leaseMs: 60_000, dailyCap: 0 };
    await bed.t.db
      .transaction()
      .setIsolationLevel('read committed')
      .execute(async (trx) => {
        const mine = await claimInTransaction(trx, { ...options, owner: 'a' });
        const locks = await sql<{ n: number }>`SELECT trx_rows_locked AS n FROM information_schema.INNODB_TRX
          WHERE trx_mysql_thread_id = CONNECTION_ID()`.execute(trx);
        // One lock in the due index and one on the row itself, for each of the ten rows.
        expect(Number(locks.rows[0]?.n)).toBeLessThanOrEqual(20);
        const theirs = await claimDueEmails(bed.t.db, { ...options, owner: 'b' });
        expect(mine.emails).toHaveLength(10);
        expect(theirs.emails).toHaveLength(10);
        const ids = new Set([...mine.emails, ...theirs.emails].map((e) => e.id));
        expect(ids.size).toBe(20);
      });
  });

  it('on stop, finishes and marks the sends in flight and hands the claimed rest back at once', async () => {
    const now = Date.now();
    await enqueueMany(60, new Date(now));
    bed.inbox.setDelay(40);
    const stop = new AbortController();
    const transport = pooled();
    const draining = drainOutbox(bed.t.db, { transport, from, clock: () => new Date(now) }, stop.signal);
    await expect.poll(() => bed.inbox.messages.length).toBeGreaterThanOrEqual(5);
    stop.abort();
    const result = await draining;
    // Every email SMTP accepted is marked sent; nothing is left claimed.
    expect(result.sent).toBe(bed.inbox.messages.length);
    const after = await statuses();
    expect(after).toEqual({ sent: result.sent, pending: 60 - result.sent });
    const back = await bed.t.db
      .selectFrom('email_outbox')
      .select(['attempts', 'next_attempt_at', 'lease_owner'])
      .where('status', '=', 'pending')
      .execute();
    expect(new Set(back.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ attempts: 0, next_attempt_at: new Date(now), lease_owner: null })]),
    );
    bed.inbox.setDelay(0);
    await drainOutbox(bed.t.db, { transport, from, clock: () => new Date(now) });
    expect(delivered()).toEqual({ total: 60, distinct: 60, twice: 0 });
  });

  it('four workers on one outbox send every email exactly once', async () => {
    const now = new Date();
    await enqueueMany(80, now, 'crowd');
    bed.inbox.setDelay(2);
    const run = () => drainOutbox(bed.t.db, { transport: pooled(), from, clock: () => now, batchSize: 4 });
    const results = await Promise.all([run(), run(), run(), run()]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(80);
    expect(results.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
    expect(delivered()).toEqual({ total: 80, distinct: 80, twice: 0 });
  });
});
