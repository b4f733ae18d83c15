// The account jobs as the server runs them: rows that only expire are deleted once expired.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountJobs } from './accounts.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const job = (name: string) => {
  const found = accountJobs.find((j) => j.name === name);
  if (!found) throw new Error(`no job ${name}`);
  return found;
};

describe('account jobs', () => {
  it('deletes expired rate-limit rows and keeps live ones', async () => {
    const now = new Date();
    await t.db
      .insertInto('rate_limits')
      .values([
        { key: 'old', points: 3, expire: now.getTime() - 1 },
        { key: 'live', points: 3, expire: now.getTime() + 60_000 },
      ])
      .execute();
    await job('delete-expired-rate-limits').run({
      db: t.db,
      now,
      clock: () => now,
      log: pino({ level: 'silent' }),
      signal: new AbortController().signal,
    });
    expect((await t.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key)).toEqual(['live']);
  });
});
