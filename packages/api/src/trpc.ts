// One place owns the tRPC instance, the error shape and the role-gated base procedures.
import { isDatabaseUnavailable, isTransientLockError } from '@damso/db';
import { StorageUnavailableError } from '@damso/storage';
import { can, type Permission } from '@damso/validators';
import { initTRPC, type TRPC_ERROR_CODE_KEY, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { ZodError, ZodRealError, z } from 'zod';
import type { AppContext } from './context.ts';
import { type Actor, type Deps, isSignedIn, type UserActor, userActor } from './services/shared/actor.ts';
import {
  Conflict,
  DomainError,
  Forbidden,
  Invalid,
  NotFound,
  TooLarge,
  TooMany,
  Unauthorized,
  UnsupportedType,
} from './services/shared/errors.ts';
import { transformer } from './transformer.ts';

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
export const STORAGE_WRITE_UNAVAILABLE_MESSAGE =
  'The shop cannot reach its file storage for a moment, so nothing was saved. Please try again in a few seconds.';
export const STORAGE_READ_UNAVAILABLE_MESSAGE =
  'The shop cannot reach its file storage for a moment. Please try again in a few seconds.';

const DOMAIN_CODES: Array<[abstract new (...args: never[]) => DomainError, TRPC_ERROR_CODE_KEY]> = [
  [Invalid, 'BAD_REQUEST'],
  [Unauthorized, 'UNAUTHORIZED'],
  [Forbidden, 'FORBIDDEN'],
  [NotFound, 'NOT_FOUND'],
  [Conflict, 'CONFLICT'],
  [TooLarge, 'PAYLOAD_TOO_LARGE'],
  [UnsupportedType, 'UNSUPPORTED_MEDIA_TYPE'],
  [TooMany, 'TOO_MANY_REQUESTS'],
];

/**
 * The one place a service's error becomes what a client is told: a domain error keeps its message
 * under its code (a field's message as a zod issue at that field, like a schema error), and the file
 * store being out of reach is a 503 to retry (the store's error kept as the cause for the log).
 * Anything else is left to the formatter below: null.
 */
export function toTRPCError(error: unknown, { reading = false } = {}): TRPCError | null {
  if (error instanceof TRPCError) return error;
  if (error instanceof DomainError) {
    const code = DOMAIN_CODES.find(([type]) => error instanceof type)?.[1] ?? 'BAD_REQUEST';
    // ZodRealError, not ZodError: only an Error subclass survives tRPC's cause handling intact.
    const cause = error.field
      ? new ZodRealError([{ code: 'custom', path: [error.field], message: error.message, input: undefined }])
      : error;
    return new TRPCError({ code, message: error.message, cause });
  }
  if (error instanceof StorageUnavailableError) {
    const message = reading ? STORAGE_READ_UNAVAILABLE_MESSAGE : STORAGE_WRITE_UNAVAILABLE_MESSAGE;
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message, cause: error });
  }
  return null;
}

/** The HTTP status of a domain error, for the upload routes that answer outside tRPC. */
export function httpStatusOf(error: DomainError): number {
  return getHTTPStatusCodeFromError(toTRPCError(error) as TRPCError);
}

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
    transformer,
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
/**
 * The caller and this call's time, built once per call (not per context: a test's caller is reused
 * while its clock moves): every service takes `(db, actor, input)`, plus `deps` when it needs them.
 */
const withCaller = t.middleware(({ ctx, next }) => {
  const { session, req } = ctx;
  const actor: Actor | UserActor = session
    ? userActor(session.user, req.ip, session.id)
    : { id: null, role: null, ip: req.ip };
  const deps: Deps = { config: ctx.config, now: ctx.clock() };
  return next({ ctx: { actor, deps } });
});
/** Outermost, so whatever a service (or a middleware) throws is told to the client the same way. */
const domainErrors = t.middleware(async ({ type, next }) => {
  const result = await next();
  if (result.ok || result.error.code !== 'INTERNAL_SERVER_ERROR') return result;
  const mapped = toTRPCError(result.error.cause, { reading: type === 'query' });
  if (mapped) throw mapped;
  return result;
});
const procedure = t.procedure.use(domainErrors).use(replicaAware).use(withCaller);

function signedIn(access: Access) {
  return procedure.meta({ access }).use(({ ctx, next }) => {
    if (!ctx.session || !isSignedIn(ctx.actor)) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please log in first.' });
    }
    return next({ ctx: { session: ctx.session, user: ctx.session.user, actor: ctx.actor } });
  });
}

export const publicProcedure = procedure.meta({ access: 'public' });
/** Any signed-in user, verified or not (profile, verification, log out). */
export const authedProcedure = signedIn('authed');
/** A signed-in user with a verified email: may order and comment. */
export const clientProcedure = signedIn('client')
  .use(verified)
  .use(requirePermission('shop:order', 'Your account cannot place orders.'));
/** A signed-in user whose role holds `permission` in the role table, and nobody else. */
export function permissionProcedure(permission: Permission) {
  return signedIn(permission).use(
    requirePermission(
      permission,
      permission.startsWith('admin:') ? 'Only admins can do this.' : 'Only staff can do this.',
    ),
  );
}
