// Sign-up, login and logout, email verification and password reset.

import { hashPassword, invalidateSession, invalidateUserSessions, verifyPassword } from '@damso/auth';
import { transaction } from '@damso/db';
import {
  checkEmailInput,
  logInInput,
  requestPasswordResetInput,
  resetPasswordInput,
  signUpInput,
  toE164,
  verifyCodeInput,
  verifyLinkInput,
} from '@damso/validators';
import { TRPCError } from '@trpc/server';
import { fieldError, isDuplicateKey } from '../services/accounts/errors.ts';
import { requestPasswordReset, resetPassword } from '../services/accounts/password-reset.ts';
import { assertNotBreached } from '../services/accounts/passwords.ts';
import { endSession, startSession } from '../services/accounts/sessions.ts';
import { findUserByEmail, timingDummyHash, toSessionUser } from '../services/accounts/users.ts';
import { issueVerification, resendVerification, verifyCode, verifyLink } from '../services/accounts/verification.ts';
import { admitLoginAttempt, clearLoginFailures, consume, emailKey } from '../services/rate-limit.ts';
import { recordUserChange } from '../services/stats/rollups.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

const taken = () => fieldError('CONFLICT', 'email', 'This email is already registered. Log in or reset your password.');

export const authRouter = router({
  /** Live check for the sign-up form. Sign-up must say it anyway, so this reveals nothing more; it is rate-limited. */
  checkEmail: publicProcedure.input(checkEmailInput).query(async ({ ctx, input }) => {
    await consume(ctx.db, 'emailCheckByIp', ctx.req.ip, 'Too many checks');
    const user = await ctx.db.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
    return { available: !user };
  }),

  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    await consume(ctx.db, 'signUpByIp', ctx.req.ip, 'Too many sign-ups from this network');
    const phone = toE164(input.phone, input.phoneCountry);
    if (!phone) throw fieldError('BAD_REQUEST', 'phone', 'This is not a valid phone number for the chosen country');
    assertNotBreached(input.password, 'password');
    if (await findUserByEmail(ctx.db, input.email)) throw taken();
    const passwordHash = await hashPassword(input.password);
    const now = ctx.clock();
    // Signing up in a browser that holds another account's session ends that session.
    if (ctx.session) await invalidateSession(ctx.db, ctx.session.id);
    try {
      const user = await transaction(ctx.db, async (trx) => {
        const r = await trx
          .insertInto('users')
          .values({
            email: input.email,
            full_name: input.fullName,
            phone,
            password_hash: passwordHash,
            created_at: now,
          })
          .executeTakeFirstOrThrow();
        const id = Number(r.insertId);
        await issueVerification(trx, ctx.config, {
          userId: id,
          fullName: input.fullName,
          email: input.email,
          purpose: 'verify_email',
          now,
        });
        await startSession(ctx, trx, id);
        await recordUserChange(trx, null, { id, role: 'client', created_at: now });
        return { id, email: input.email, fullName: input.fullName, role: 'client' as const, emailVerified: false };
      });
      return { user };
    } catch (error) {
      if (isDuplicateKey(error)) throw taken();
      throw error;
    }
  }),

  logIn: publicProcedure.input(logInInput).mutation(async ({ ctx, input }) => {
    // Counted as a failure before the password is checked, so parallel guesses cannot outrun the lock.
    const attempt = await admitLoginAttempt(ctx.db, input.email, ctx.req.ip);
    const user = await findUserByEmail(ctx.db, input.email);
    // Verify against a dummy hash for unknown emails: the answer takes as long as for a real one.
    const ok = await verifyPassword(user?.password_hash ?? (await timingDummyHash()), input.password);
    if (!user || !ok) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'The email or password is wrong.' });
    await attempt.succeeded();
    if (user.status !== 'active') {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'This account is suspended. Please contact the shop.' });
    }
    // A fresh session on every login: a session id planted before login is never promoted.
    if (ctx.session) await endSession(ctx);
    await startSession(ctx, ctx.db, user.id);
    return { user: toSessionUser(user) };
  }),

  /** Public so that a browser holding an expired cookie can still clear it. */
  logOut: publicProcedure.mutation(async ({ ctx }) => {
    await endSession(ctx);
    return { ok: true };
  }),

  logOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    const ended = await invalidateUserSessions(ctx.db, ctx.user.id);
    await endSession(ctx);
    return { ended };
  }),

  verifyEmail: authedProcedure.input(verifyCodeInput).mutation(async ({ ctx, input }) => {
    await consume(ctx.db, 'verifyByIp', ctx.req.ip);
    return verifyCode(ctx.db, ctx.config, { userId: ctx.user.id, code: input.code, now: ctx.clock() });
  }),

  /** The emailed link works without logging in: it may be opened on another device. */
  verifyEmailLink: publicProcedure.input(verifyLinkInput).mutation(async ({ ctx, input }) => {
    await consume(ctx.db, 'verifyByIp', ctx.req.ip);
    const { email, userId } = await verifyLink(ctx.db, ctx.config, { token: input.token, now: ctx.clock() });
    return { email, signedIn: ctx.session?.user.id === userId };
  }),

  resendVerification: authedProcedure.mutation(async ({ ctx }) => {
    await consume(ctx.db, 'resendByUser', String(ctx.user.id), 'Too many codes asked for');
    return resendVerification(ctx.db, ctx.config, { userId: ctx.user.id, now: ctx.clock() });
  }),

  requestPasswordReset: publicProcedure.input(requestPasswordResetInput).mutation(async ({ ctx, input }) => {
    await consume(ctx.db, 'resetRequestByIp', ctx.req.ip);
    // Keyed by the address whether or not it has an account, so the limit itself reveals nothing.
    await consume(ctx.db, 'resetRequestByEmail', emailKey(input.email), 'Too many reset emails asked for this address');
    await requestPasswordReset(ctx.db, ctx.config, { email: input.email, now: ctx.clock() });
    return { ok: true };
  }),

  resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    await consume(ctx.db, 'resetSubmitByIp', ctx.req.ip);
    assertNotBreached(input.password, 'password');
    const { email } = await resetPassword(ctx.db, ctx.config, {
      token: input.token,
      password: input.password,
      now: ctx.clock(),
    });
    await clearLoginFailures(ctx.db, email);
    return { email };
  }),
});
