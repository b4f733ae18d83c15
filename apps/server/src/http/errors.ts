// What a client sees when a request fails on our side, for tRPC and the plain routes alike: 503 with
// Retry-After while the database or the file store is unavailable (or the database stayed locked past every retry), and for
// anything unexpected a generic message naming the request id. The detail goes to the log under
// that id, never into a response. Plus the rules for tRPC batches.
import { STATUS_CODES } from 'node:http';
import {
  BUSY_MESSAGE,
  catalogCacheInDoubt,
  failureKind,
  isRetryLater,
  RETRY_AFTER_SECONDS,
  STORAGE_READ_UNAVAILABLE_MESSAGE,
  STORAGE_WRITE_UNAVAILABLE_MESSAGE,
  UNAVAILABLE_MESSAGE,
  unexpectedErrorMessage,
} from '@damso/api';
import { isDatabaseUnavailable, isTransientLockError } from '@damso/db';
import { StorageUnavailableError } from '@damso/storage';
import { isUnbatchedPath } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import type { TRPCRequestInfo } from '@trpc/server/http';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';

/** Every tRPC answer may hold the user's data or set their cookie: no cache keeps it. */
export function trpcResponseMeta({ errors }: { errors: TRPCError[] }) {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (errors.some(isRetryLater)) headers['retry-after'] = String(RETRY_AFTER_SECONDS);
  return { headers };
}

/**
 * tRPC's onError: a bug is logged in full, an outage more briefly (and the catalog's cache stops
 * vouching for itself until the database answers again); the user's own mistakes are not logged.
 */
export function onProcedureError({ error, path, req }: { error: TRPCError; path?: string; req: FastifyRequest }) {
  const kind = failureKind(error);
  if (kind === 'unavailable') catalogCacheInDoubt();
  // A SERVICE_UNAVAILABLE of the file store carries a message for the user; the store's own error is logged.
  if (error.cause instanceof StorageUnavailableError)
    req.log.warn({ err: error.cause, procedure: path }, 'file storage unavailable');
  if (!kind) return;
  const err = error.cause ?? error;
  if (kind === 'unexpected') req.log.error({ err, procedure: path, reference: req.id }, 'procedure failed');
  else
    req.log.warn(
      { err, procedure: path },
      kind === 'busy' ? 'database still locked after retries' : 'database unavailable',
    );
}

/**
 * Refuses, before any procedure runs, a batch that holds an auth.* call: each log-in or code guess
 * is a request of its own, so per-request limits count every guess. (Batch size is capped by the
 * adapter's maxBatchSize.)
 */
export function checkBatch(info: TRPCRequestInfo): void {
  if (info.calls.length > 1 && info.calls.some((call) => isUnbatchedPath(call.path))) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'Log-in and other account requests are sent one at a time, never in a batch.',
    });
  }
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    reply.header('cache-control', 'no-store');
    if (error instanceof StorageUnavailableError) {
      req.log.warn({ err: error }, 'file storage unavailable');
      const reading = req.method === 'GET' || req.method === 'HEAD';
      return reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({
          statusCode: 503,
          error: STATUS_CODES[503],
          message: reading ? STORAGE_READ_UNAVAILABLE_MESSAGE : STORAGE_WRITE_UNAVAILABLE_MESSAGE,
        });
    }
    if (isDatabaseUnavailable(error) || isTransientLockError(error)) {
      req.log.warn({ err: error }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({
          statusCode: 503,
          error: STATUS_CODES[503],
          message: isTransientLockError(error) ? BUSY_MESSAGE : UNAVAILABLE_MESSAGE,
        });
    }
    const status = error.statusCode ?? 500;
    // Fastify's own 4xx (a malformed body, a body too large) describe the request, not the server.
    if (status >= 400 && status < 500) {
      return reply
        .code(status)
        .send({ statusCode: status, code: error.code, error: STATUS_CODES[status], message: error.message });
    }
    req.log.error({ err: error, reference: req.id }, 'request failed');
    return reply.code(500).send({
      statusCode: 500,
      error: STATUS_CODES[500],
      message: unexpectedErrorMessage(req.id),
      reference: req.id,
    });
  });
}
