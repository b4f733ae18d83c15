// The signed-in user's own profile: name, phone, password and email address.
import { hashPassword, invalidateUserSessions, verifyPassword } from '@damso/auth';
import { type Database, transaction } from '@damso/db';
import { enqueueEmail, passwordChangedMessage } from '@damso/email';
import { changeEmailInput, changePasswordInput, toE164, updateProfileInput } from '@damso/validators';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { fieldError, isDuplicateKey } from '../services/accounts/errors.ts';
import { assertNotBreached } from '../services/accounts/passwords.ts';
import { issueVerification } from '../services/accounts/verification.ts';
import { consume } from '../services/rate-limit.ts';
import { authedProcedure, router } from '../trpc.ts';

async function checkCurrentPassword(ctx: { db: Database }, userId: number, password: string) {
  const row = await ctx.db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, password))) {
    throw fieldError('BAD_REQUEST', 'currentPassword', 'Your current password is not right');
  }
}

export const accountRouter = router({
  get: authedProcedure.query(async ({ ctx }) => {
    const u = await ctx.db
      .selectFrom('users')
      .select(['email', 'pending_email', 'full_name', 'phone', 'role', 'email_verified_at', 'created_at'])
      .where('id', '=', ctx.user.id)
      .executeTakeFirstOrThrow();
    return {
      email: u.email,
      pendingEmail: u.pending_email,
      fullName: u.full_name,
      phone: u.phone,
      phoneCountry: parsePhoneNumberFromString(u.phone)?.country ?? null,
      role: u.role,
      emailVerified: u.email_verified_at !== null,
      createdAt: u.created_at,
    };
  }),

  updateProfile: authedProcedure.input(updateProfileInput).mutation(async ({ ctx, input }) => {
    const phone = toE164(input.phone, input.phoneCountry);
    if (!phone) throw fieldError('BAD_REQUEST', 'phone', 'This is not a valid phone number for the chosen country');
    await ctx.db.updateTable('users').set({ full_name: input.fullName, phone }).where('id', '=', ctx.user.id).execute();
    return { fullName: input.fullName, phone };
  }),

  /** Ends every other session, so a thief logged in elsewhere is out as soon as the owner changes it. */
  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    await consume(ctx.db, 'changeByUser', String(ctx.user.id));
    await checkCurrentPassword(ctx, ctx.user.id, input.currentPassword);
    assertNotBreached(input.newPassword, 'newPassword');
    const passwordHash = await hashPassword(input.newPassword);
    const now = ctx.clock();
    const ended = await transaction(ctx.db, async (trx) => {
      await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', ctx.user.id).execute();
      const count = await invalidateUserSessions(trx, ctx.user.id, ctx.session.id);
      await enqueueEmail(
        trx,
        passwordChangedMessage({ storeName: ctx.config.storeName, to: ctx.user.email, fullName: ctx.user.fullName }),
        now,
      );
      return count;
    });
    return { endedSessions: ended };
  }),

  /**
   * A verified address stays in use until the new one is confirmed with its code or link. An
   * unverified account has nothing worth keeping, so its address is replaced at once (a typo fix).
   */
  changeEmail: authedProcedure.input(changeEmailInput).mutation(async ({ ctx, input }) => {
    await consume(ctx.db, 'changeByUser', String(ctx.user.id));
    await checkCurrentPassword(ctx, ctx.user.id, input.currentPassword);
    if (input.newEmail === ctx.user.email) {
      throw fieldError('BAD_REQUEST', 'newEmail', 'This is already your email address');
    }
    const taken = await ctx.db.selectFrom('users').select('id').where('email', '=', input.newEmail).executeTakeFirst();
    if (taken) throw fieldError('CONFLICT', 'newEmail', 'This email is already registered to another account');
    const now = ctx.clock();
    const verified = ctx.user.emailVerified;
    try {
      await transaction(ctx.db, async (trx) => {
        await trx
          .updateTable('users')
          .set(verified ? { pending_email: input.newEmail } : { email: input.newEmail, pending_email: null })
          .where('id', '=', ctx.user.id)
          .execute();
        await issueVerification(trx, ctx.config, {
          userId: ctx.user.id,
          fullName: ctx.user.fullName,
          email: input.newEmail,
          purpose: verified ? 'change_email' : 'verify_email',
          now,
        });
      });
    } catch (error) {
      if (isDuplicateKey(error))
        throw fieldError('CONFLICT', 'newEmail', 'This email is already registered to another account');
      throw error;
    }
    return { pendingEmail: verified ? input.newEmail : null, email: verified ? ctx.user.email : input.newEmail };
  }),

  cancelEmailChange: authedProcedure.mutation(async ({ ctx }) => {
    const now = ctx.clock();
    await transaction(ctx.db, async (trx) => {
      await trx.updateTable('users').set({ pending_email: null }).where('id', '=', ctx.user.id).execute();
      await trx
        .updateTable('verification_codes')
        .set({ consumed_at: now })
        .where('user_id', '=', ctx.user.id)
        .where('purpose', '=', 'change_email')
        .where('consumed_at', 'is', null)
        .execute();
    });
    return { ok: true };
  }),
});
