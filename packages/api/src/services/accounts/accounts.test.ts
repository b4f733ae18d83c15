// Account flows through createCaller against a real database: sign-up, verification, login,
// logout, sessions and their 24-hour expiry, password reset and the profile.
import { SESSION_TTL_MS, validateSessionToken } from '@damso/auth';
import { orderClient } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError, z } from 'zod';
import { browser, codeFrom, lastEmail, movableClock, tokenFrom } from '../../testing/accounts.ts';
import { createTestContext } from '../../testing/index.ts';
import { clientProcedure, createCallerFactory, router } from '../../trpc.ts';
import { setUserStatus } from './users.ts';

// Validated on the browser's own clock, the one its session was made on.
const sessionOf = async (b: ReturnType<typeof browser>) =>
  b.token ? validateSessionToken(t.db, b.token, b.clock()) : null;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

/** What the error formatter sends the form: messages by field. */
function fieldMessages(error: TRPCError) {
  return error.cause instanceof ZodError ? z.flattenError(error.cause).fieldErrors : {};
}

let n = 0;
function newcomer() {
  n += 1;
  return {
    fullName: 'Noor Newcomer',
    email: `Noor.${n}@Example.test`,
    phoneCountry: 'FR',
    phone: '06 12 34 56 78',
    password: 'blue-Lantern-42',
  };
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

async function signedUp(clock = movableClock(), ip = `10.0.0.${n + 1}`) {
  const form = newcomer();
  const b = browser(t.db, { clock: clock.now, ip });
  const { user } = await (await b.caller()).auth.signUp(form);
  return { b, user, form, email: form.email.toLowerCase(), clock };
}

describe('sign-up', () => {
  it('creates an unverified client with a normalised email and an E.164 phone, signed in at once', async () => {
    const { b, user, email } = await signedUp();
    expect(user).toMatchObject({ email, role: 'client', emailVerified: false });
    const row = await t.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.phone).toBe('+33612345678');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const cookie = b.cookies[0] ?? '';
    expect(cookie).toMatch(/^damso_session=[a-z2-7]{32}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=86400/);
    expect(cookie).not.toContain('Secure');
    const boot = await (await b.caller()).system.bootstrap();
    expect(boot.user?.email).toBe(email);
    // The database keeps only the hash of the cookie's token.
    const session = await t.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(session.id).not.toBe(b.token);
    expect(session.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses bad fields one by one with messages for the form', async () => {
    const caller = await browser(t.db, { ip: '10.1.0.1' }).caller();
    const error = await rejection(
      caller.auth.signUp({
        fullName: 'x'.repeat(101),
        email: 'not-an-email',
        phoneCountry: 'FR',
        phone: '12',
        password: 'qwertyuiop',
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    const wrongTypes = await rejection(caller.auth.signUp({ fullName: 'Al', email: 5, phone: null } as never));
    expect(wrongTypes.code).toBe('BAD_REQUEST');
    expect(wrongTypes.message).not.toMatch(/internal/i);
    expect(fieldMessages(error)).toEqual({
      fullName: ['Your name is at most 100 characters'],
      email: ['Enter a valid email address, like name@example.com'],
      password: [
        'This password is too easy to guess. This is a frequently used password. Add more words that are less common.',
      ],
      phone: ['This is not a valid phone number for the chosen country'],
    });
    expect(await t.db.selectFrom('users').select('id').where('full_name', 'like', 'xxx%').execute()).toEqual([]);
  });

  it('says an email is taken, live and on submit, whatever its case', async () => {
    const { email } = await signedUp();
    const caller = await browser(t.db, { ip: '10.1.0.2' }).caller();
    expect(await caller.auth.checkEmail({ email: email.toUpperCase() })).toEqual({ available: false });
    expect(await caller.auth.checkEmail({ email: 'nobody-here@example.test' })).toEqual({ available: true });
    const error = await rejection(caller.auth.signUp({ ...newcomer(), email: ` ${email.toUpperCase()} ` }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/already registered/);
  });
});

describe('email verification', () => {
  it('the emailed code verifies the account and lets the client order', async () => {
    const { b, email } = await signedUp();
    const mail = await lastEmail(t.db, email);
    expect(mail.template).toBe('verify-email');
    expect(mail.html).toContain(codeFrom(mail.text));
    const caller = await b.caller();
    await expect(caller.account.get()).resolves.toMatchObject({ emailVerified: false });
    await caller.auth.verifyEmail({ code: codeFrom(mail.text) });
    expect((await (await b.caller()).system.bootstrap()).user?.emailVerified).toBe(true);
    // The code is single-use.
    const again = await rejection((await b.caller()).auth.verifyEmail({ code: codeFrom(mail.text) }));
    expect(again.message).toMatch(/No code is waiting/);
  });

  it('stores the code and link only as hashes', async () => {
    const { email, user } = await signedUp();
    const mail = await lastEmail(t.db, email);
    const row = await t.db
      .selectFrom('verification_codes')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.code_hash).not.toContain(codeFrom(mail.text));
    expect(row.link_token_hash).not.toBe(tokenFrom(mail.text, '/verify-email'));
  });

  it('counts wrong codes and refuses the sixth try even with the right code', async () => {
    const { b, email } = await signedUp();
    const code = codeFrom((await lastEmail(t.db, email)).text);
    const wrong = code === '000000' ? '111111' : '000000';
    const messages: string[] = [];
    for (let i = 0; i < 5; i += 1)
      messages.push((await rejection((await b.caller()).auth.verifyEmail({ code: wrong }))).message);
    expect(messages[0]).toBe('That code is not right. 4 attempts left.');
    expect(messages[4]).toMatch(/cannot be used any more/);
    const locked = await rejection((await b.caller()).auth.verifyEmail({ code }));
    expect(locked.code).toBe('TOO_MANY_REQUESTS');
    expect((await (await b.caller()).account.get()).emailVerified).toBe(false);
  });

  it('a code expires after 15 minutes; the link still works until 24 hours', async () => {
    const { b, email, clock } = await signedUp();
    const mail = await lastEmail(t.db, email);
    clock.advance(15 * 60_000 + 1);
    const expired = await rejection((await b.caller()).auth.verifyEmail({ code: codeFrom(mail.text) }));
    expect(expired.message).toMatch(/expired/);
    clock.advance(60 * 60_000);
    const visitor = await browser(t.db, { clock: clock.now, ip: '10.2.0.1' }).caller();
    await expect(visitor.auth.verifyEmailLink({ token: tokenFrom(mail.text, '/verify-email') })).resolves.toMatchObject(
      {
        email,
        signedIn: false,
      },
    );
    expect((await (await b.caller()).account.get()).emailVerified).toBe(true);
  });

  it('the link opened after the code confirmed the account says it is already confirmed', async () => {
    const { b, email, clock } = await signedUp();
    const mail = await lastEmail(t.db, email);
    await (await b.caller()).auth.verifyEmail({ code: codeFrom(mail.text) });
    const visitor = await browser(t.db, { clock: clock.now, ip: '10.2.0.3' }).caller();
    expect(await visitor.auth.verifyEmailLink({ token: tokenFrom(mail.text, '/verify-email') })).toEqual({
      email,
      signedIn: false,
      alreadyConfirmed: true,
    });
  });

  it('a link older than 24 hours is refused', async () => {
    const { email, clock } = await signedUp();
    const token = tokenFrom((await lastEmail(t.db, email)).text, '/verify-email');
    clock.advance(24 * 60 * 60_000 + 1);
    const visitor = await browser(t.db, { clock: clock.now, ip: '10.2.0.2' }).caller();
    expect((await rejection(visitor.auth.verifyEmailLink({ token }))).message).toMatch(/expired/);
  });

  it('resending waits a minute, then replaces the old code and link', async () => {
    const { b, email, clock } = await signedUp();
    const first = await lastEmail(t.db, email);
    const early = await rejection((await b.caller()).auth.resendVerification());
    expect(early.code).toBe('TOO_MANY_REQUESTS');
    expect(early.message).toMatch(/wait 60 seconds/);
    clock.advance(61_000);
    await (await b.caller()).auth.resendVerification();
    const second = await lastEmail(t.db, email);
    expect(second.id).not.toBe(first.id);
    const old = await rejection(
      (await b.caller()).auth.verifyEmailLink({ token: tokenFrom(first.text, '/verify-email') }),
    );
    expect(old.message).toMatch(/already used or replaced/);
    await (await b.caller()).auth.verifyEmail({ code: codeFrom(second.text) });
    expect((await (await b.caller()).account.get()).emailVerified).toBe(true);
  });

  it('an unverified user may browse but not order until verified', async () => {
    const { b, email } = await signedUp();
    const ordering = createCallerFactory(router({ probe: clientProcedure.mutation(() => 'ordered') }));
    const ctx = async () => (await b.caller()) && { ...createTestContext(t.db, null), session: await sessionOf(b) };
    await expect((await b.caller()).catalog.home()).resolves.toBeDefined();
    const refused = await rejection(ordering(await ctx()).probe());
    expect([refused.code, refused.message]).toEqual(['FORBIDDEN', 'Please verify your email address first.']);
    await (await b.caller()).auth.verifyEmail({ code: codeFrom((await lastEmail(t.db, email)).text) });
    expect(await ordering(await ctx()).probe()).toBe('ordered');
  });
});

describe('login, logout and sessions', () => {
  it('logs in with the right password, in any letter case of the email', async () => {
    const { form, email } = await signedUp();
    const b = browser(t.db, { ip: '10.3.0.1' });
    const { user } = await (await b.caller()).auth.logIn({ email: email.toUpperCase(), password: form.password });
    expect(user.email).toBe(email);
    expect((await (await b.caller()).system.bootstrap()).user?.id).toBe(user.id);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const { email } = await signedUp();
    const caller = await browser(t.db, { ip: '10.3.0.2' }).caller();
    const wrong = await rejection(caller.auth.logIn({ email, password: 'not-the-password' }));
    const unknown = await rejection(caller.auth.logIn({ email: 'ghost@example.test', password: 'not-the-password' }));
    expect([wrong.code, wrong.message]).toEqual([unknown.code, unknown.message]);
    expect(wrong.code).toBe('UNAUTHORIZED');
  });

  it('logging out ends the session on the server, not only the cookie', async () => {
    const { b } = await signedUp();
    const token = b.token;
    await (await b.caller()).auth.logOut();
    expect(b.cookies.at(-1)).toMatch(/^damso_session=; .*Max-Age=0/);
    b.token = token;
    expect((await (await b.caller()).system.bootstrap()).user).toBeNull();
  });

  it('"log out everywhere" ends the sessions on every device', async () => {
    const { form, email, b: phone } = await signedUp();
    const laptop = browser(t.db, { ip: '10.3.0.3' });
    await (await laptop.caller()).auth.logIn({ email, password: form.password });
    const { ended } = await (await laptop.caller()).auth.logOutEverywhere();
    expect(ended).toBe(2);
    expect((await (await phone.caller()).system.bootstrap()).user).toBeNull();
    expect((await (await laptop.caller()).system.bootstrap()).user).toBeNull();
  });

  it('a session ends exactly 24 hours after it began, however active it was', async () => {
    const { b, clock } = await signedUp();
    clock.advance(SESSION_TTL_MS - 1000);
    expect((await (await b.caller()).system.bootstrap()).user).not.toBeNull();
    clock.advance(1000);
    expect((await (await b.caller()).system.bootstrap()).user).toBeNull();
    const err = await rejection((await b.caller()).account.get());
    expect(err.code).toBe('UNAUTHORIZED');
  });

  it('suspension ends every session and blocks new logins', async () => {
    const { b, user, form, email } = await signedUp();
    await setUserStatus(t.db, user.id, 'suspended');
    expect((await (await b.caller()).system.bootstrap()).user).toBeNull();
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    const again = await rejection(
      (await browser(t.db, { ip: '10.3.0.4' }).caller()).auth.logIn({ email, password: form.password }),
    );
    expect(again.code).toBe('FORBIDDEN');
  });

  it('refuses a forged or malformed cookie', async () => {
    const b = browser(t.db);
    b.token = 'a'.repeat(32);
    expect((await (await b.caller()).system.bootstrap()).user).toBeNull();
    expect(await validateSessionToken(t.db, "' OR 1=1 --", b.clock())).toBeNull();
  });
});

describe('password reset', () => {
  it('an emailed single-use link sets a new password and ends every session', async () => {
    const { b, email, clock } = await signedUp();
    const visitor = browser(t.db, { clock: clock.now, ip: '10.4.0.1' });
    await (await visitor.caller()).auth.requestPasswordReset({ email });
    const mail = await lastEmail(t.db, email);
    expect(mail.template).toBe('password-reset');
    const token = tokenFrom(mail.text, '/reset-password');
    await (await visitor.caller()).auth.resetPassword({ token, password: 'new-Harbour-77', confirm: 'new-Harbour-77' });
    expect((await (await b.caller()).system.bootstrap()).user).toBeNull();
    const reused = await rejection(
      (await visitor.caller()).auth.resetPassword({ token, password: 'other-Harbour-78', confirm: 'other-Harbour-78' }),
    );
    expect(reused.message).toMatch(/not valid any more/);
    await expect((await visitor.caller()).auth.logIn({ email, password: 'new-Harbour-77' })).resolves.toBeDefined();
    expect((await lastEmail(t.db, email)).template).toBe('password-changed');
  });

  it('answers the same for an unknown address, and sends nothing', async () => {
    const caller = await browser(t.db, { ip: '10.4.0.2' }).caller();
    const before = await t.db
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(await caller.auth.requestPasswordReset({ email: 'ghost@example.test' })).toEqual({ ok: true });
    const after = await t.db
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a link expires after one hour', async () => {
    const { email, clock } = await signedUp();
    const visitor = browser(t.db, { clock: clock.now, ip: '10.4.0.3' });
    await (await visitor.caller()).auth.requestPasswordReset({ email });
    const token = tokenFrom((await lastEmail(t.db, email)).text, '/reset-password');
    clock.advance(60 * 60_000 + 1);
    const late = await rejection(
      (await visitor.caller()).auth.resetPassword({ token, password: 'new-Harbour-77', confirm: 'new-Harbour-77' }),
    );
    expect(late.code).toBe('BAD_REQUEST');
  });
});

describe('profile', () => {
  it('changes name and phone, refusing an impossible number', async () => {
    const { b } = await signedUp();
    const caller = await b.caller();
    await caller.account.updateProfile({ fullName: 'Noor N.', phoneCountry: 'GB', phone: '020 7183 8750' });
    expect(await caller.account.get()).toMatchObject({
      fullName: 'Noor N.',
      phone: '+442071838750',
      phoneCountry: 'GB',
    });
    const bad = await rejection(caller.account.updateProfile({ fullName: 'Noor', phoneCountry: 'GB', phone: '0123' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect((await caller.account.get()).fullName).toBe('Noor N.');
  });

  it('changing the password needs the current one and ends the other sessions only', async () => {
    const { b, form, email } = await signedUp();
    const other = browser(t.db, { ip: '10.5.0.1' });
    await (await other.caller()).auth.logIn({ email, password: form.password });
    const wrong = await rejection(
      (await b.caller()).account.changePassword({
        currentPassword: 'nope-nope-nope',
        newPassword: 'Fresh-Meadow-19',
        confirm: 'Fresh-Meadow-19',
      }),
    );
    expect(fieldMessages(wrong)).toEqual({ currentPassword: ['Your current password is not right'] });
    const r = await (await b.caller()).account.changePassword({
      currentPassword: form.password,
      newPassword: 'Fresh-Meadow-19',
      confirm: 'Fresh-Meadow-19',
    });
    expect(r.endedSessions).toBe(1);
    expect((await (await other.caller()).system.bootstrap()).user).toBeNull();
    expect((await (await b.caller()).system.bootstrap()).user?.email).toBe(email);
  });

  it('a verified user’s new email takes effect only once confirmed from the new inbox', async () => {
    const { b, form, email, user } = await signedUp();
    await (await b.caller()).auth.verifyEmail({ code: codeFrom((await lastEmail(t.db, email)).text) });
    await t.db
      .insertInto('orders')
      .values({
        user_id: user.id,
        ...(await orderClient(t.db, user.id)),
        subtotal_cents: 500,
        total_cents: 500,
        idempotency_key: `moving-${n}`,
      })
      .execute();
    // Staff search orders by the address each one carries (order-search.ts): it follows the account's.
    const orderEmail = async () =>
      (await t.db.selectFrom('orders').select('client_email').where('user_id', '=', user.id).execute()).map(
        (o) => o.client_email,
      );
    const next = `moved.${n}@example.test`;
    await (await b.caller()).account.changeEmail({ newEmail: next.toUpperCase(), currentPassword: form.password });
    expect(await (await b.caller()).account.get()).toMatchObject({ email, pendingEmail: next });
    expect(await orderEmail()).toEqual([email]);
    const mail = await lastEmail(t.db, next);
    await (await b.caller()).auth.verifyEmail({ code: codeFrom(mail.text) });
    expect(await (await b.caller()).account.get()).toMatchObject({
      email: next,
      pendingEmail: null,
      emailVerified: true,
    });
    expect(await orderEmail()).toEqual([next]);
    expect((await lastEmail(t.db, email)).template).toBe('email-changed');
  });

  it('refuses an email that belongs to someone else', async () => {
    const a = await signedUp();
    const other = await signedUp();
    const err = await rejection(
      (await a.b.caller()).account.changeEmail({ newEmail: other.email, currentPassword: a.form.password }),
    );
    expect(err.code).toBe('CONFLICT');
  });
});
