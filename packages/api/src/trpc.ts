// One place owns the tRPC instance, the error shape and the role-gated base procedures.
import { isDatabaseUnavailable, isTransientLockError } from '@damso/db';
import { can, type Permission } from '@damso/validators';
import { initTRPC, TRPCError } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import type { AppContext } from './context.ts';

/**
 * Who may call a procedure: anyone, any signed-in user, a verified client who may order, or a holder
 * of one permission of the role table. The authorization-matrix test reads it from every procedure.
 */
export type Access = 'public' | 'authed' | 'client' | Permission;
export interface Meta {
  access: Access;
}

/**
 * Thrown by createContext when the context cannot be built (the session lookup failed), so the
 * answer can still name the request: tRPC formats that error without a context.
 */
export class ContextError extends Error {
  constructor(
    readonly requestId: string,
    cause: unknown,
  ) {
    super('The request context could not be built.', { cause });
  }
}

export const UNAVAILABLE_MESSAGE =
  'We’ll be right back: the shop cannot reach its database for a moment. Nothing you typed is lost. Please try again in a few seconds.';
export const BUSY_MESSAGE = 'The shop is very busy for a moment. Please try again in a few seconds.';
export const unexpectedErrorMessage = (reference: string) =>
  `Something went wrong on our side (reference ${reference}). Please try again.`;
/** Seconds a client should wait before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * What an error that reached the edge of the API is, for the client: null when its message was
 * written for the user (TRPCError, domain and zod errors); otherwise the database is unavailable,
 * the database stayed busy past every retry, or it is a bug, whose text must never reach the client.
 */
export function failureKind(error: TRPCError): 'unavailable' | 'busy' | 'unexpected' | null {
  if (error.code !== 'INTERNAL_SERVER_ERROR') return null;
  if (isDatabaseUnavailable(error)) return 'unavailable';
  if (isTransientLockError(error)) return 'busy';
  return 'unexpected';
}

/** True for answers a client should simply retry later (503 with Retry-After). */
export function isRetryLater(error: TRPCError): boolean {
  const kind = failureKind(error);
  return error.code === 'SERVICE_UNAVAILABLE' || kind === 'unavailable' || kind === 'busy';
}

function referenceOf(error: TRPCError, ctx: AppContext | undefined): string {
  if (ctx) return ctx.req.requestId;
  return error.cause instanceof ContextError ? error.cause.requestId : 'unknown';
}

const t = initTRPC
  .context<AppContext>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error, ctx }) {
      // Stack traces and internal messages stay in the server log (app.ts logs them with the
      // request id), never in a response.
      const { stack: _stack, ...data } = shape.data;
      const kind = failureKind(error);
      if (kind === 'unexpected') {
        const reference = referenceOf(error, ctx);
        return {
          ...shape,
          message: unexpectedErrorMessage(reference),
          data: { ...data, zodError: null, reference },
        };
      }
      if (kind) {
        return {
          ...shape,
          code: TRPC_ERROR_CODES_BY_KEY.SERVICE_UNAVAILABLE,
          message: kind === 'busy' ? BUSY_MESSAGE : UNAVAILABLE_MESSAGE,
          data: { ...data, code: 'SERVICE_UNAVAILABLE' as const, httpStatus: 503, zodError: null, reference: null },
        };
      }
      const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
      return {
        ...shape,
        message: zodError ? 'Some fields need attention.' : shape.message,
        data: { ...data, zodError, reference: null },
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
    if (!can(ctx.session?.user.role, permission, ctx.config.permissions))
      throw new TRPCError({ code: 'FORBIDDEN', message });
    return next();
  });
}

const verified = t.middleware(({ ctx, next }) => {
  if (!ctx.session?.user.emailVerified) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Please verify your email address first.' });
  }
  return next();
});

/**
 * Around every procedure, for the read replica: a mutation that succeeded tells the server this
 * browser wrote (its next reads come from the primary, so it sees its own change), and a query that
 * could not reach the replica runs again on the primary instead of failing.
 */
const replicaAware = t.middleware(async ({ ctx, type, next }) => {
  const result = await next();
  if (result.ok) {
    if (type === 'mutation') ctx.onWrite?.();
    return result;
  }
  if (type === 'query' && ctx.readDb !== ctx.db && isDatabaseUnavailable(result.error)) {
    ctx.onReplicaError?.(result.error);
    return next({ ctx: { readDb: ctx.db } });
  }
  return result;
});
const procedure = t.procedure.use(replicaAware);

export const publicProcedure = procedure.meta({ access: 'public' });
/** Any signed-in user, verified or not (profile, verification, log out). */
export const authedProcedure = procedure.meta({ access: 'authed' }).use(signedIn);
/** A signed-in user with a verified email: may order and comment. */
export const clientProcedure = procedure
  .meta({ access: 'client' })
  .use(signedIn)
  .use(verified)
  .use(requirePermission('shop:order', 'Your account cannot place orders.'));
/** A signed-in user whose role holds `permission` in the role table, and nobody else. */
export function permissionProcedure(permission: Permission) {
  return procedure
    .meta({ access: permission })
    .use(signedIn)
    .use(
      requirePermission(
        permission,
        permission.startsWith('admin:') ? 'Only admins can do this.' : 'Only staff can do this.',
      ),
    );
}
