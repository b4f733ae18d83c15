// Sign-up, login and logout, email verification and password reset.
import {
  checkEmailInput,
  logInInput,
  requestPasswordResetInput,
  resetPasswordInput,
  signUpInput,
  verifyCodeInput,
  verifyLinkInput,
} from '@damso/validators';
import { requestPasswordReset, resetPassword } from '../services/accounts/password-reset.ts';
import { endSession, logIn, logOutEverywhere } from '../services/accounts/sessions.ts';
import { emailAvailable, signUp } from '../services/accounts/sign-up.ts';
import { resendVerification, verifyCode, verifyLink } from '../services/accounts/verification.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  /** Live check for the sign-up form. */
  checkEmail: publicProcedure
    .input(checkEmailInput)
    .query(({ ctx, input }) => emailAvailable(ctx.db, ctx.actor, input)),

  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const { user, cookie } = await signUp(ctx.db, ctx.actor, input, ctx.deps, ctx.req.userAgent);
    ctx.setCookie(cookie);
    return { user };
  }),

  logIn: publicProcedure.input(logInInput).mutation(async ({ ctx, input }) => {
    const { user, cookie } = await logIn(ctx.db, ctx.actor, input, ctx.deps, ctx.req.userAgent);
    ctx.setCookie(cookie);
    return { user };
  }),

  /** Public so that a browser holding an expired cookie can still clear it. */
  logOut: publicProcedure.mutation(async ({ ctx }) => {
    ctx.setCookie(await endSession(ctx.db, ctx.actor, ctx.deps));
    return { ok: true };
  }),

  logOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    const { ended, cookie } = await logOutEverywhere(ctx.db, ctx.actor, ctx.deps);
    ctx.setCookie(cookie);
    return { ended };
  }),

  verifyEmail: authedProcedure
    .input(verifyCodeInput)
    .mutation(({ ctx, input }) => verifyCode(ctx.db, ctx.actor, input, ctx.deps)),

  /** The emailed link works without logging in: it may be opened on another device. */
  verifyEmailLink: publicProcedure
    .input(verifyLinkInput)
    .mutation(({ ctx, input }) => verifyLink(ctx.db, ctx.actor, input, ctx.deps)),

  resendVerification: authedProcedure.mutation(({ ctx }) => resendVerification(ctx.db, ctx.actor, ctx.deps)),

  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.db, ctx.actor, input, ctx.deps)),

  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => resetPassword(ctx.db, ctx.actor, input, ctx.deps)),
});
