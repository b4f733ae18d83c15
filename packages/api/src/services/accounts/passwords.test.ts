// Choosing a password, through the API as the forms send it: zxcvbn's score from the shared schema and
// the server's breached-password list both refuse, with the message at the password field.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError, z } from 'zod';
import { browser, lastEmail, tokenFrom } from '../../testing/accounts.ts';
import { createTestUser } from '../../testing/index.ts';
import { orderWorld } from '../../testing/orders.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

async function fieldsOf(promise: Promise<unknown>): Promise<Record<string, string[] | undefined>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError && error.cause instanceof ZodError) return z.flattenError(error.cause).fieldErrors;
    throw error;
  }
  throw new Error('expected the password to be refused');
}

const GUESSABLE = /^This password is too easy to guess\./;
const LEAKED = 'This password appears in lists of leaked passwords that attackers try first: choose another one.';
let n = 0;
const form = (password: string) => {
  n += 1;
  return {
    fullName: 'Pat Person',
    email: `pat.${n}@example.test`,
    phoneCountry: 'US',
    phone: '201-555-0123',
    password,
  };
};

describe('new passwords', () => {
  it('sign-up refuses Password123!, aaaaaaaaaa and a leaked word in disguise, and makes no account', async () => {
    const caller = await browser(t.db, { ip: '10.30.0.1' }).caller();
    expect(await fieldsOf(caller.auth.signUp(form('Password123!')))).toEqual({
      password: [
        'This password is too easy to guess. This is similar to a commonly used password. Add more words that are less common.',
      ],
    });
    expect((await fieldsOf(caller.auth.signUp(form('aaaaaaaaaa')))).password).toEqual([
      expect.stringMatching(GUESSABLE),
    ]);
    expect(await fieldsOf(caller.auth.signUp(form('Lantern-4417#')))).toEqual({ password: [LEAKED] });
    expect(await t.db.selectFrom('users').select('id').where('email', 'like', 'pat.%').execute()).toEqual([]);
    await expect(caller.auth.signUp(form('Quiet-Orchard-55-Lamp'))).resolves.toMatchObject({
      user: { role: 'client' },
    });
  });

  it('reset and change refuse them too, and the old password keeps working', async () => {
    const signup = form('steady-Copper-31');
    const b = browser(t.db, { ip: '10.30.1.1' });
    await (await b.caller()).auth.signUp(signup);
    const changes = await b.caller();
    const change = (newPassword: string) =>
      changes.account.changePassword({ currentPassword: 'steady-Copper-31', newPassword, confirm: newPassword });
    expect((await fieldsOf(change('Password123!'))).newPassword).toEqual([expect.stringMatching(GUESSABLE)]);
    expect(await fieldsOf(change('Sunshine-2024!!'))).toEqual({ newPassword: [LEAKED] });

    const visitor = await browser(t.db, { ip: '10.30.1.2' }).caller();
    await visitor.auth.requestPasswordReset({ email: signup.email });
    const token = tokenFrom((await lastEmail(t.db, signup.email)).text, '/reset-password');
    const reset = (password: string) => visitor.auth.resetPassword({ token, password, confirm: password });
    expect((await fieldsOf(reset('aaaaaaaaaa'))).password).toEqual([expect.stringMatching(GUESSABLE)]);
    expect(await fieldsOf(reset('Football#88127'))).toEqual({ password: [LEAKED] });
    await expect(visitor.auth.logIn({ email: signup.email, password: 'steady-Copper-31' })).resolves.toBeDefined();
  });

  it('an admin creating an employee gets the same refusal', async () => {
    const admin = await createTestUser(t.db, { role: 'admin' });
    const w = orderWorld(t.db);
    const employee = { fullName: 'Eve Employee', email: 'eve@example.test', phoneCountry: 'US', phone: '201-555-0123' };
    const create = (password: string) => w.as(admin).admin.users.createEmployee({ ...employee, password });
    expect((await fieldsOf(create('Password123!'))).password).toEqual([expect.stringMatching(GUESSABLE)]);
    expect(await fieldsOf(create('Dragon-9921-$$'))).toEqual({ password: [LEAKED] });
  });
});
