// The signed-in user's own profile: name, phone, password and email address.
import { changeEmailInput, changePasswordInput, updateProfileInput } from '@damso/validators';
import {
  cancelEmailChange,
  changeEmail,
  changePassword,
  getProfile,
  updateProfile,
} from '../services/accounts/profile.ts';
import { listOwnSessions, logOutOthers } from '../services/accounts/sessions.ts';
import { authedProcedure, router } from '../trpc.ts';

export const accountRouter = router({
  get: authedProcedure.query(({ ctx }) => getProfile(ctx.db, ctx.actor)),
  updateProfile: authedProcedure
    .input(updateProfileInput)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.actor, input)),
  changePassword: authedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.actor, input, ctx.deps)),
  changeEmail: authedProcedure
    .input(changeEmailInput)
    .mutation(({ ctx, input }) => changeEmail(ctx.db, ctx.actor, input, ctx.deps)),
  cancelEmailChange: authedProcedure.mutation(({ ctx }) => cancelEmailChange(ctx.db, ctx.actor, ctx.deps)),
  sessions: authedProcedure.query(({ ctx }) => listOwnSessions(ctx.db, ctx.actor, ctx.deps)),
  logOutOthers: authedProcedure.mutation(({ ctx }) => logOutOthers(ctx.db, ctx.actor)),
});
