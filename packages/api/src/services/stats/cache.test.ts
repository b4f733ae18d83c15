// The statistics cache (STATS_CACHE_SECONDS): admins asking at once share one computation, and a new
// figure shows once the kept answer has aged out — never later.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser, testConfig } from '../../testing/index.ts';

let t: TestDatabase;
let admin: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { role: 'admin' });
});
afterAll(() => t.drop());

describe('the statistics cache', () => {
  it('gives ten admins asking at once one computed overview', async () => {
    const config = testConfig({ statsCacheSeconds: 60 });
    const stats = () => callerFor(t.db, admin, { config }).admin.stats;
    const range = await stats().defaultRange();
    const answers = await Promise.all(Array.from({ length: 10 }, () => stats().overview(range)));
    // One object, not ten equal ones: every admin got the single computation's answer.
    for (const a of answers.slice(1)) expect(a.newClientsPerDay).toBe(answers[0]?.newClientsPerDay);
    // Without the cache each request computes its own.
    const plain = () => callerFor(t.db, admin, { config: testConfig() }).admin.stats.overview(range);
    const [x, y] = await Promise.all([plain(), plain()]);
    expect(x.newClientsPerDay).not.toBe(y.newClientsPerDay);
    expect(x.newClientsPerDay).toEqual(y.newClientsPerDay);
  });

  it('shows a new client once the kept overview is older than STATS_CACHE_SECONDS', async () => {
    const config = testConfig({ statsCacheSeconds: 1 });
    const overview = async () => {
      const stats = callerFor(t.db, admin, { config }).admin.stats;
      return stats.overview(await stats.defaultRange());
    };
    const before = (await overview()).newClients;
    await createTestUser(t.db);
    expect((await overview()).newClients).toBe(before);
    await expect.poll(async () => (await overview()).newClients).toBe(before + 1);
  });
});
