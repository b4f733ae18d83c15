// InnoDB's transient errors produced for real (two connections locking rows in opposite order, a
// lock held past the wait timeout) and the database failures the app must tell apart from bugs.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createDb, type Database, parseDatabaseUrl } from './client.ts';
import { isDatabaseUnavailable, isTransientLockError, transaction } from './retry.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(() => t.drop());

/** A table of its own for one test: `rows` counters at 0. */
async function counters(rows: number): Promise<{ table: string; db: Database }> {
  const table = `c_${randomBytes(4).toString('hex')}`;
  await sql`CREATE TABLE ${sql.table(table)} (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB`.execute(t.db);
  const values = Array.from({ length: rows }, (_, i) => sql`(${i + 1}, 0)`);
  await sql`INSERT INTO ${sql.table(table)} (id, v) VALUES ${sql.join(values)}`.execute(t.db);
  return { table, db: t.db };
}

/** A plain mysql2 connection outside the app's pool and its retries: the other side of a lock. */
async function rawConnection() {
  const conn = await createConnection(parseDatabaseUrl(t.url));
  onTestFinished(() => conn.end());
  return conn;
}

async function values(table: string): Promise<number[]> {
  const r = await sql<{ v: number }>`SELECT v FROM ${sql.table(table)} ORDER BY id`.execute(t.db);
  return r.rows.map((row) => row.v);
}

/** The lock waits of statements carrying `marker`, one entry per wait (a rerun waits anew). */
async function lockWaits(marker: string): Promise<string[]> {
  // trx_id may be reused by the next try before it writes anything; the wait's start tells them apart.
  const r = await sql<{ id: string }>`
    SELECT CONCAT(trx_id, '@', trx_wait_started) AS id FROM information_schema.innodb_trx
    WHERE trx_state = 'LOCK WAIT' AND trx_query LIKE ${`%${marker}%`}`.execute(t.db);
  return r.rows.map((row) => String(row.id));
}

describe('transient lock errors', () => {
  it('reruns the deadlock victim of two transactions locking two rows in opposite order: both commit', async () => {
    const { table } = await counters(2);
    let arrived = 0;
    let bothHoldFirstRow: () => void = () => {};
    const barrier = new Promise<void>((resolve) => {
      bothHoldFirstRow = resolve;
    });
    const retried: unknown[] = [];
    let runs = 0;
    const bump = (first: number, second: number, by: number) =>
      transaction(
        t.db,
        async (trx) => {
          runs += 1;
          const firstAttempt = runs <= 2;
          await sql`UPDATE ${sql.table(table)} SET v = v + ${by} WHERE id = ${first}`.execute(trx);
          if (firstAttempt) {
            arrived += 1;
            if (arrived === 2) bothHoldFirstRow();
            await barrier;
          }
          await sql`UPDATE ${sql.table(table)} SET v = v + ${by} WHERE id = ${second}`.execute(trx);
        },
        { onRetry: (error) => retried.push(error) },
      );

    await Promise.all([bump(1, 2, 1), bump(2, 1, 10)]);

    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({ errno: 1213 });
    expect(runs).toBe(3);
    // Each transaction counted exactly once on each row: the victim's first try left nothing.
    expect(await values(table)).toEqual([11, 11]);
  });

  it('reruns a statement outside any transaction that InnoDB picked as the deadlock victim', async () => {
    const { table } = await counters(60);
    const other = await rawConnection();
    // The other side changes many rows, so InnoDB picks the one-statement side as the cheaper victim.
    await other.query('BEGIN');
    await other.query(`UPDATE ${table} SET v = v + 1 WHERE id = 1 OR id > 2`);
    const marker = `victim_${randomBytes(4).toString('hex')}`;
    // Descending, the statement locks row 2 and then waits for row 1.
    const statement =
      sql`UPDATE ${sql.table(table)} SET v = v + 100 WHERE id IN (1, 2) ORDER BY id DESC /* ${sql.raw(marker)} */`.execute(
        t.db,
      );
    // A ceiling for a database busy with other files' migrations: the wait is seen at once when it is not.
    await expect.poll(() => lockWaits(marker), { timeout: 60_000 }).toHaveLength(1);
    // Closes the cycle: this side now waits for row 2, held by the statement.
    await other.query(`UPDATE ${table} SET v = v + 1 WHERE id = 2`);
    await other.query('COMMIT');

    await expect(statement).resolves.toMatchObject({ numAffectedRows: 2n });
    const [first, second, third] = await values(table);
    expect([first, second, third]).toEqual([101, 101, 1]);
  }, 120_000);

  it('reruns a statement outside any transaction whose lock wait timed out', async () => {
    const { table } = await counters(1);
    const retried: unknown[] = [];
    const db = createDb(t.url, { connectionLimit: 1, onRetry: (error) => retried.push(error) });
    onTestFinished(() => db.destroy());
    await sql`SET SESSION innodb_lock_wait_timeout = 1`.execute(db);
    const other = await rawConnection();
    await other.query('BEGIN');
    await other.query(`UPDATE ${table} SET v = v + 1 WHERE id = 1`);
    const statement = sql`UPDATE ${sql.table(table)} SET v = v + 100 WHERE id = 1`.execute(db);
    // The lock is let go only once the first wait has timed out and the statement runs again.
    await expect.poll(() => retried.length).toBeGreaterThanOrEqual(1);
    await other.query('COMMIT');

    await expect(statement).resolves.toMatchObject({ numAffectedRows: 1n });
    expect(retried[0]).toMatchObject({ errno: 1205 });
    expect(await values(table)).toEqual([101]);
  });

  it('gives up after a bounded number of tries and says what happened', async () => {
    const { table } = await counters(1);
    const db = createDb(t.url, { connectionLimit: 1 });
    onTestFinished(() => db.destroy());
    await sql`SET SESSION innodb_lock_wait_timeout = 1`.execute(db);
    const other = await rawConnection();
    await other.query('BEGIN');
    await other.query(`UPDATE ${table} SET v = v + 1 WHERE id = 1`);
    let runs = 0;
    const stuck = transaction(
      db,
      async (trx) => {
        runs += 1;
        await sql`UPDATE ${sql.table(table)} SET v = v + 100 WHERE id = 1`.execute(trx);
      },
      { attempts: 2 },
    );
    await expect(stuck).rejects.toSatisfy(isTransientLockError);
    await other.query('ROLLBACK');
    expect(runs).toBe(2);
    expect(await values(table)).toEqual([0]);
  });

  it('joins the transaction it is called in, so only the outermost one reruns', async () => {
    const { table } = await counters(1);
    await transaction(t.db, async (outer) => {
      await transaction(outer, async (inner) => {
        expect(inner).toBe(outer);
        await sql`UPDATE ${sql.table(table)} SET v = 5 WHERE id = 1`.execute(inner);
      });
    });
    expect(await values(table)).toEqual([5]);
  });
});

describe('database unavailable', () => {
  it('is what a refused connection, a hung statement and a killed connection are; a SQL error is not', async () => {
    const closed = createDb('mysql://root@127.0.0.1:1/nothing');
    onTestFinished(() => closed.destroy());
    const refused = await sql`SELECT 1`.execute(closed).catch((error: unknown) => error);
    expect(isDatabaseUnavailable(refused)).toBe(true);

    const bad = await sql`SELECT * FROM no_such_table`.execute(t.db).catch((error: unknown) => error);
    expect(bad).toMatchObject({ code: 'ER_NO_SUCH_TABLE' });
    expect(isDatabaseUnavailable(bad)).toBe(false);
    expect(isTransientLockError(bad)).toBe(false);

    const slow = createDb(t.url, { connectionLimit: 1, statementTimeoutMs: 300 });
    onTestFinished(() => slow.destroy());
    const hung = await sql`SELECT SLEEP(5)`.execute(slow).catch((error: unknown) => error);
    expect(hung).toMatchObject({ code: 'DATABASE_STATEMENT_TIMEOUT' });
    expect(isDatabaseUnavailable(hung)).toBe(true);
    // The late connection was replaced: the one-connection pool answers at once again.
    await expect(sql`SELECT 1 AS one`.execute(slow)).resolves.toMatchObject({ rows: [{ one: 1 }] });

    // A connection killed in the middle of a statement, as a server shutting down does.
    const victim = createDb(t.url, { connectionLimit: 1 });
    onTestFinished(() => victim.destroy());
    const { rows } = await sql<{ id: number }>`SELECT CONNECTION_ID() AS id`.execute(victim);
    const running = sql`SELECT SLEEP(30)`.execute(victim).catch((error: unknown) => error);
    await expect
      .poll(async () => {
        const r = await sql<{ n: number }>`
          SELECT COUNT(*) AS n FROM information_schema.processlist WHERE id = ${rows[0]?.id} AND info LIKE 'SELECT SLEEP%'`.execute(
          t.db,
        );
        return Number(r.rows[0]?.n);
      })
      .toBe(1);
    await sql`KILL ${sql.raw(String(rows[0]?.id))}`.execute(t.db);
    expect(isDatabaseUnavailable(await running)).toBe(true);
    await expect(sql`SELECT 1 AS one`.execute(victim)).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });
});
