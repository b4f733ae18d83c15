import { randomBytes } from 'node:crypto';
import { createDb } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverConfig } from '../config.ts';
import { loadEnv } from '../env.ts';
import { createJobs } from './index.ts';
import { subscriptionRemindersJob } from './subscriptions.ts';

const DAY = 86_400_000;
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('the subscription-reminders job', () => {
  it('is scheduled, and parallel runs in separate processes send each reminder exactly once', async () => {
    const env = loadEnv({
      DATABASE_URL: t.url,
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      STORE_NAME: 'Damso Stream',
      PUBLIC_URL: 'https://shop.example.test',
    });
    expect(createJobs(serverConfig(env)).map((j) => j.name)).toContain('subscription-reminders');
    const c = await t.db.insertInto('categories').values({ slug: 'jobs', name: 'Jobs' }).executeTakeFirstOrThrow();
    const o = await t.db
      .insertInto('offers')
      .values({
        slug: 'job-plan',
        title: 'Family yearly',
        service_name: 'Musicly',
        category_id: Number(c.insertId),
        description: 'A plan.',
        duration_days: 365,
        price_cents: 900,
        delivery_mode: 'manual',
      })
      .executeTakeFirstOrThrow();
    const now = new Date();
    const ends = [0.5, 2, 5, -0.1];
    for (let i = 0; i < 40; i += 1) {
      const u = await t.db
        .insertInto('users')
        .values({ email: `sub-${i}@example.test`, full_name: `Sub ${i}`, phone: '+14155550101', password_hash: 'x' })
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('subscriptions')
        .values({
          user_id: Number(u.insertId),
          offer_id: Number(o.insertId),
          starts_at: new Date(now.getTime() - 300 * DAY),
          ends_at: new Date(now.getTime() + (ends[i % ends.length] ?? 1) * DAY),
        })
        .execute();
    }
    // Each "process" gets its own connection pool, as separate server instances would.
    const pools = Array.from({ length: 4 }, () => createDb(t.url));
    try {
      const results = await Promise.all(
        [...pools, ...pools].map((db) => subscriptionRemindersJob(db, now, serverConfig(env))),
      );
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(40);
    } finally {
      await Promise.all(pools.map((p) => p.destroy()));
    }
    const mail = await t.db.selectFrom('email_outbox').select(['to_address', 'subject', 'text']).execute();
    expect(mail).toHaveLength(40);
    expect(new Set(mail.map((m) => m.to_address)).size).toBe(40);
    expect(mail.filter((m) => m.subject === 'Your Musicly subscription has ended')).toHaveLength(10);
    expect(mail.filter((m) => m.subject === 'Your Musicly subscription ends in 1 day')).toHaveLength(10);
    expect(mail[0]?.text).toContain('https://shop.example.test/subscriptions');
    const reminders = await t.db.selectFrom('subscription_reminders').select('id').execute();
    expect(reminders).toHaveLength(40);
  });
});
