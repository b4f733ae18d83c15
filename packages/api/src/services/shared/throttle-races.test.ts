// Limits that must hold under real parallelism: many callers at once, and several processes (here:
// several connection pools on the same database, each as its own server would have) sharing the
// counters in MySQL. Each guess is evaluated at most as often as the limit says, however it arrives.
import { createDb, type Database } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, codeFrom, lastEmail } from '../../testing/accounts.ts';
import { callerFor, createTestUser } from '../../testing/index.ts';
import { orderWorld } from '../../testing/orders.ts';

let t: TestDatabase;
/** Three pools on one database: the three server processes of a deployment. */
let servers: Database[];
beforeAll(async () => {
  t = await createTestDatabase();
  servers = [t.db, createDb(t.url, { connectionLimit: 10 }), createDb(t.url, { connectionLimit: 10 })];
});
afterAll(async () => {
  await Promise.all(servers.slice(1).map((db) => db.destroy()));
  await t.drop();
});

async function answer(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

const count = (codes: string[], code: string) => codes.filter((c) => c === code).length;
const PASSWORD = 'steady-Copper-31';

async function account(email: string) {
  await (await browser(t.db, { ip: '10.20.0.1' }).caller()).auth.signUp({
    fullName: 'Target Person',
    email,
    phoneCountry: 'US',
    phone: '201-555-0123',
    password: PASSWORD,
  });
}

describe('login guesses in parallel', () => {
  it('50 wrong passwords at once against one account: at most 5 are checked', async () => {
    const email = 'burst@example.test';
    await account(email);
    const caller = await browser(t.db, { ip: '10.20.1.1' }).caller();
    const codes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => answer(caller.auth.logIn({ email, password: `wrong-guess-${i}` }))),
    );
    expect(count(codes, 'UNAUTHORIZED')).toBeLessThanOrEqual(5);
    expect(count(codes, 'UNAUTHORIZED') + count(codes, 'TOO_MANY_REQUESTS')).toBe(50);
    // The lock holds afterwards too, against the right password.
    expect(await answer(caller.auth.logIn({ email, password: PASSWORD }))).toBe('TOO_MANY_REQUESTS');
  });

  it('50 guesses spread over three server processes: at most 5 are checked', async () => {
    const email = 'spread@example.test';
    await account(email);
    const callers = await Promise.all(servers.map((db, i) => browser(db, { ip: `10.20.2.${i + 1}` }).caller()));
    const codes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        answer((callers[i % 3] as (typeof callers)[0]).auth.logIn({ email, password: `wrong-guess-${i}` })),
      ),
    );
    expect(count(codes, 'UNAUTHORIZED')).toBeLessThanOrEqual(5);
    expect(count(codes, 'TOO_MANY_REQUESTS')).toBeGreaterThanOrEqual(45);
  });

  it('the right password in the middle of a burst gets no session unless it was among the first 5 checked', async () => {
    const email = 'batch@example.test';
    await account(email);
    const b = browser(t.db, { ip: '10.20.3.1' });
    const caller = await b.caller();
    const codes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        answer(caller.auth.logIn({ email, password: i === 25 ? PASSWORD : `wrong-guess-${i}` })),
      ),
    );
    expect(codes.filter((c) => c !== 'TOO_MANY_REQUESTS').length).toBeLessThanOrEqual(5);
    if (codes[25] !== 'OK') expect(b.token).toBeNull();
  });

  it('once the account is locked, the right password inside a burst is refused on every server', async () => {
    const email = 'locked-burst@example.test';
    await account(email);
    const first = await browser(t.db, { ip: '10.20.4.1' }).caller();
    for (let i = 0; i < 5; i += 1)
      expect(await answer(first.auth.logIn({ email, password: 'wrong-guess' }))).toBe('UNAUTHORIZED');
    const browsers = servers.map((db, i) => browser(db, { ip: `10.20.4.${i + 2}` }));
    const callers = await Promise.all(browsers.map((b) => b.caller()));
    const codes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        answer(
          (callers[i % 3] as (typeof callers)[0]).auth.logIn({
            email,
            password: i % 5 === 0 ? PASSWORD : 'wrong-guess',
          }),
        ),
      ),
    );
    expect(codes).toEqual(Array(30).fill('TOO_MANY_REQUESTS'));
    expect(browsers.map((b) => b.token)).toEqual([null, null, null]);
  });

  it('one network spraying many accounts in parallel gets 30 checks, not more', async () => {
    const caller = await browser(t.db, { ip: '10.20.5.1' }).caller();
    const codes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        answer(caller.auth.logIn({ email: `spray-${i}@example.test`, password: 'wrong-guess' })),
      ),
    );
    expect(count(codes, 'UNAUTHORIZED')).toBe(30);
    expect(count(codes, 'TOO_MANY_REQUESTS')).toBe(30);
  });
});

describe('verification codes and reset requests in parallel', () => {
  it('20 wrong codes at once: 5 are compared, then even the right code is refused', async () => {
    const email = 'code-burst@example.test';
    const b = browser(t.db, { ip: '10.20.6.1' });
    await (await b.caller()).auth.signUp({
      fullName: 'Code Person',
      email,
      phoneCountry: 'US',
      phone: '201-555-0123',
      password: PASSWORD,
    });
    const mail = await lastEmail(t.db, email);
    const right = codeFrom(mail?.text ?? '');
    const wrong = right === '000000' ? '000001' : '000000';
    // The same signed-in browser, its requests landing on the three servers.
    const callers = await Promise.all(
      servers.map((db) => {
        const same = browser(db, { ip: '10.20.6.1' });
        same.token = b.token;
        return same.caller();
      }),
    );
    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        answer((callers[i % 3] as (typeof callers)[0]).auth.verifyEmail({ code: wrong })),
      ),
    );
    expect(count(codes, 'BAD_REQUEST')).toBe(5);
    expect(count(codes, 'TOO_MANY_REQUESTS')).toBe(15);
    expect(await answer((await b.caller()).auth.verifyEmail({ code: right }))).toBe('TOO_MANY_REQUESTS');
  });

  it('20 reset requests for one address at once send 3 emails', async () => {
    const email = 'reset-burst@example.test';
    await account(email);
    const codes = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const caller = await browser(servers[i % 3] as Database, { ip: `10.20.7.${i + 1}` }).caller();
        return answer(caller.auth.requestPasswordReset({ email }));
      }),
    );
    expect(count(codes, 'OK')).toBe(3);
    const sent = await t.db
      .selectFrom('email_outbox')
      .select('id')
      .where('to_address', '=', email)
      .where('subject', 'like', '%eset%')
      .execute();
    expect(sent).toHaveLength(3);
  });
});

describe('coupon guesses', () => {
  it('one client trying 60 codes at once gets 10 answers, and the real code is refused until the limit passes', async () => {
    const w = orderWorld(t.db);
    const admin = await createTestUser(t.db, { role: 'admin' });
    await w.as(admin).admin.coupons.create({ code: 'REAL-CODE-77', kind: 'percent', amount: 10 });
    const client = await createTestUser(t.db);
    const offer = await w.offer({ price: 2000 });
    const ctx = { req: { ip: '10.20.8.1', userAgent: 'vitest', requestId: 'coupon' } };
    const callers = servers.map((db) => callerFor(db, client, ctx));
    await (callers[0] as (typeof callers)[0]).cart.add({ offerId: offer.id });
    const codes = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const caller = callers[i % 3] as (typeof callers)[0];
        const code = `GUESS-${String(i).padStart(3, '0')}`;
        return answer(
          i % 2 === 0
            ? caller.orders.previewCoupon({ code })
            : caller.orders.checkout({
                idempotencyKey: `guess-checkout-${String(i).padStart(4, '0')}`,
                couponCode: code,
              }),
        );
      }),
    );
    expect(count(codes, 'BAD_REQUEST')).toBe(10);
    expect(count(codes, 'TOO_MANY_REQUESTS')).toBe(50);
    const refused = callerFor(t.db, client, ctx).orders.previewCoupon({ code: 'REAL-CODE-77' });
    await expect(refused).rejects.toThrow(/Too many wrong coupon codes/);
    // Another client on another network is not affected, and a real code costs nothing.
    const other = await createTestUser(t.db);
    const elsewhere = callerFor(t.db, other, { req: { ip: '10.20.8.2', userAgent: 'vitest', requestId: 'c2' } });
    await elsewhere.cart.add({ offerId: offer.id });
    for (let i = 0; i < 12; i += 1) {
      expect((await elsewhere.orders.previewCoupon({ code: 'real-code-77' })).discountCents).toBe(200);
    }
    expect(await t.db.selectFrom('orders').select('id').where('user_id', '=', client.id).execute()).toEqual([]);
  });

  it('one network with many accounts gets 120 wrong codes per 15 minutes, all together', async () => {
    const clients = await Promise.all(Array.from({ length: 14 }, () => createTestUser(t.db)));
    const ctx = { req: { ip: '10.20.9.1', userAgent: 'vitest', requestId: 'spray' } };
    const codes = await Promise.all(
      Array.from({ length: 140 }, (_, i) =>
        answer(
          callerFor(servers[i % 3] as Database, clients[i % 14] ?? null, ctx).orders.previewCoupon({
            code: `SPRAY-${String(i).padStart(3, '0')}`,
          }),
        ),
      ),
    );
    expect(count(codes, 'BAD_REQUEST')).toBe(120);
    expect(count(codes, 'TOO_MANY_REQUESTS')).toBe(20);
  });
});
