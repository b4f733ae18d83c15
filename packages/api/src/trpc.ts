// One place owns the tRPC instance, the error shape and the role-gated base procedures.
import { can, type Permission } from '@damso/validators';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import type { AppContext } from './context.ts';

/** Who may call a procedure. The authorization-matrix test reads it from every procedure. */
export type Access = 'public' | 'authed' | 'client' | 'staff' | 'admin';
export interface Meta {
  access: Access;
}

const t = initTRPC
  .context<AppContext>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
      // Stack traces stay in the server log, never in a response.
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        message: zodError ? 'Some fields need attention.' : shape.message,
        data: { ...data, zodError },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

const signedIn = t.middleware(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please log in first.' });
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
});

function requirePermission(permission: Permission, message: string) {
  return t.middleware(({ ctx, next }) => {
    if (!can(ctx.session?.user.role, permission)) throw new TRPCError({ code: 'FORBIDDEN', message });
    return next();
  });
}

const verified = t.middleware(({ ctx, next }) => {
  if (!ctx.session?.user.emailVerified) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Please verify your email address first.' });
  }
  return next();
});

export const publicProcedure = t.procedure.meta({ access: 'public' });
/** Any signed-in user, verified or not (profile, verification, log out). */
export const authedProcedure = t.procedure.meta({ access: 'authed' }).use(signedIn);
/** A signed-in user with a verified email: may order and comment. */
export const clientProcedure = t.procedure
  .meta({ access: 'client' })
  .use(signedIn)
  .use(verified)
  .use(requirePermission('shop:order', 'Your account cannot place orders.'));
export const staffProcedure = t.procedure
  .meta({ access: 'staff' })
  .use(signedIn)
  .use(requirePermission('desk:work', 'Only staff can do this.'));
export const adminProcedure = t.procedure
  .meta({ access: 'admin' })
  .use(signedIn)
  .use(requirePermission('admin:users', 'Only admins can do this.'));
