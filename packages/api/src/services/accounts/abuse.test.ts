// Abuse of the account flows: guessing passwords, probing which emails exist, flooding forms.
// Limits live in MySQL (rate_limits), so these tests exercise the same store several servers share.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser } from '../../testing/accounts.ts';
import { emailKey } from '../shared/rate-limit.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  return { code: 'OK', message: '' };
}

async function account(email: string, ip: string) {
  const password = 'steady-Copper-31';
  const b = browser(t.db, { ip });
  await (await b.caller()).auth.signUp({
    fullName: 'Target Person',
    email,
    phoneCountry: 'US',
    phone: '201-555-0123',
    password,
  });
  return password;
}

/** Lets the current lock run out, as time passing would, without touching the failure count. */
async function expireLock(email: string) {
  await t.db
    .deleteFrom('rate_limits')
    .where('key', '=', `loginLock:${emailKey(email)}`)
    .execute();
}

describe('login throttling', () => {
  it('locks an account after five failures, even against the right password, for a growing delay', async () => {
    const email = 'locked@example.test';
    const password = await account(email, '10.9.0.1');
    const caller = await browser(t.db, { ip: '10.9.0.2' }).caller();
    const wrong = () => caller.auth.logIn({ email, password: 'guess-guess-1' });
    for (let i = 0; i < 5; i += 1) expect((await refusal(wrong())).code).toBe('UNAUTHORIZED');
    expect(await refusal(caller.auth.logIn({ email, password }))).toEqual({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(
        /Too many failed attempts on this account\. Please try again in (2\d|30) seconds\./,
      ),
    });
    await expireLock(email);
    expect((await refusal(wrong())).code).toBe('UNAUTHORIZED');
    expect((await refusal(caller.auth.logIn({ email, password }))).message).toMatch(/in (5\d|60) seconds/);
    await expireLock(email);
    expect((await refusal(caller.auth.logIn({ email, password }))).code).toBe('OK');
    // A success clears the count: one new failure does not lock again.
    expect((await refusal(wrong())).code).toBe('UNAUTHORIZED');
    expect((await refusal(caller.auth.logIn({ email, password }))).code).toBe('OK');
  });

  it('locks an unknown email exactly like a real one, so the lock reveals nothing', async () => {
    const caller = await browser(t.db, { ip: '10.9.0.3' }).caller();
    const answers: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      answers.push(
        (await refusal(caller.auth.logIn({ email: 'nobody@example.test', password: 'guess-guess-1' }))).code,
      );
    }
    expect(answers).toEqual([
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      'TOO_MANY_REQUESTS',
    ]);
  });

  it('stops one network that sprays passwords over many accounts', async () => {
    const caller = await browser(t.db, { ip: '10.9.0.4' }).caller();
    for (let i = 0; i < 30; i += 1) {
      await refusal(caller.auth.logIn({ email: `spray${i}@example.test`, password: 'guess-guess-1' }));
    }
    const blocked = await refusal(caller.auth.logIn({ email: 'fresh@example.test', password: 'guess-guess-1' }));
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
    expect(blocked.message).toMatch(/from this network/);
    const elsewhere = await browser(t.db, { ip: '10.9.0.5' }).caller();
    expect((await refusal(elsewhere.auth.logIn({ email: 'fresh@example.test', password: 'guess-guess-1' }))).code).toBe(
      'UNAUTHORIZED',
    );
  });
});

describe('enumeration and flooding', () => {
  it('the live email check is limited per network', async () => {
    const caller = await browser(t.db, { ip: '10.9.1.1' }).caller();
    for (let i = 0; i < 40; i += 1) await caller.auth.checkEmail({ email: `probe${i}@example.test` });
    expect((await refusal(caller.auth.checkEmail({ email: 'probe-last@example.test' }))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
  });

  it('reset requests answer the same for known and unknown addresses, and are limited per address', async () => {
    await account('known@example.test', '10.9.2.1');
    const answers = [];
    for (const email of ['known@example.test', 'unknown@example.test']) {
      const caller = await browser(t.db, { ip: '10.9.2.2' }).caller();
      const replies = [];
      for (let i = 0; i < 4; i += 1) replies.push(await refusal(caller.auth.requestPasswordReset({ email })));
      answers.push(replies.map((r) => r.code));
    }
    expect(answers[0]).toEqual(['OK', 'OK', 'OK', 'TOO_MANY_REQUESTS']);
    expect(answers[1]).toEqual(answers[0]);
  });

  it('sign-ups from one network are limited', async () => {
    const b = browser(t.db, { ip: '10.9.3.1' });
    const codes = [];
    for (let i = 0; i < 11; i += 1) {
      const caller = await b.caller();
      codes.push(
        (
          await refusal(
            caller.auth.signUp({
              fullName: 'Flood Bot',
              email: `flood${i}@example.test`,
              phoneCountry: 'US',
              phone: '201-555-0123',
              password: 'steady-Copper-31',
            }),
          )
        ).code,
      );
    }
    expect(codes.slice(0, 10).every((c) => c === 'OK')).toBe(true);
    expect(codes[10]).toBe('TOO_MANY_REQUESTS');
    const made = await t.db.selectFrom('users').select('id').where('email', 'like', 'flood%').execute();
    expect(made).toHaveLength(10);
  });
});
