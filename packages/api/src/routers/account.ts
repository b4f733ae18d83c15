// The signed-in user's own profile: name, phone, password and email address.
import { changeEmailInput, changePasswordInput, updateProfileInput } from '@damso/validators';
import {
  cancelEmailChange,
  changeEmail,
  changePassword,
  getProfile,
  type Me,
  updateProfile,
} from '../services/accounts/profile.ts';
import { authedProcedure, router } from '../trpc.ts';

const me = (ctx: { user: Me['user']; session: { id: string } }): Me => ({ user: ctx.user, sessionId: ctx.session.id });

export const accountRouter = router({
  get: authedProcedure.query(({ ctx }) => getProfile(ctx.db, me(ctx))),
  updateProfile: authedProcedure
    .input(updateProfileInput)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, me(ctx), input)),
  changePassword: authedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.config, ctx.clock(), me(ctx), input)),
  changeEmail: authedProcedure
    .input(changeEmailInput)
    .mutation(({ ctx, input }) => changeEmail(ctx.db, ctx.config, ctx.clock(), me(ctx), input)),
  cancelEmailChange: authedProcedure.mutation(({ ctx }) => cancelEmailChange(ctx.db, ctx.clock(), me(ctx))),
});
