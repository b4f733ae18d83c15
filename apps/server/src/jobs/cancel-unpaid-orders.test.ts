import { randomBytes } from 'node:crypto';
import { orderClient } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverConfig } from '../config.ts';
import { loadEnv } from '../env.ts';
import { cancelUnpaidOrdersJob } from './cancel-unpaid-orders.ts';
import { createJobs } from './index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

async function unpaidOrder(userId: number, createdAt: Date, key: string) {
  const r = await t.db
    .insertInto('orders')
    .values({
      user_id: userId,
      ...(await orderClient(t.db, userId)),
      subtotal_cents: 500,
      total_cents: 500,
      idempotency_key: key,
      created_at: createdAt,
    })
    .executeTakeFirstOrThrow();
  const number = `DS-${String(r.insertId).padStart(6, '0')}`;
  await t.db.updateTable('orders').set({ number }).where('id', '=', Number(r.insertId)).execute();
  await t.db
    .insertInto('order_events')
    .values({ order_id: Number(r.insertId), to_status: 'awaiting_payment', actor_id: userId, created_at: createdAt })
    .execute();
  return number;
}

describe('the cancel-unpaid-orders job', () => {
  it('is scheduled, and cancels with the configured timeout and emails the client', async () => {
    const email = `late-${randomBytes(3).toString('hex')}@example.test`;
    const user = await t.db
      .insertInto('users')
      .values({
        email,
        full_name: 'Late Payer',
        phone: '+14155550101',
        password_hash: 'x',
        email_verified_at: new Date(),
      })
      .executeTakeFirstOrThrow();
    const now = new Date();
    const old = await unpaidOrder(
      Number(user.insertId),
      new Date(now.getTime() - 25 * 3_600_000),
      'job-test-old-000001',
    );
    const fresh = await unpaidOrder(
      Number(user.insertId),
      new Date(now.getTime() - 23 * 3_600_000),
      'job-test-new-000001',
    );
    const env = loadEnv({
      DATABASE_URL: t.url,
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      ORDER_PAYMENT_TIMEOUT_HOURS: '24',
    });
    expect(createJobs(serverConfig(env)).map((j) => j.name)).toContain('cancel-unpaid-orders');
    expect(await cancelUnpaidOrdersJob(t.db, now, serverConfig(env))).toBe(1);
    const rows = await t.db.selectFrom('orders').select(['number', 'status']).orderBy('id').execute();
    expect(rows).toEqual([
      { number: old, status: 'cancelled' },
      { number: fresh, status: 'awaiting_payment' },
    ]);
    const mail = await t.db
      .selectFrom('email_outbox')
      .select(['subject', 'text'])
      .where('to_address', '=', email)
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.text).toContain('Not paid within 24 hours.');
  });
});
