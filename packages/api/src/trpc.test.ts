// The one place a service's error becomes what a client is told (toTRPCError): each domain error keeps
// its message under its code and HTTP status, a field's message reaches the form as a zod issue, and
// an unreachable file store is a 503 whose wording depends on whether anything was being saved.
import { StorageUnavailableError } from '@damso/storage';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { ZodError, z } from 'zod';
import { LastAdminError } from './services/accounts/users.ts';
import {
  Conflict,
  Forbidden,
  Invalid,
  NotFound,
  TooLarge,
  TooMany,
  Unauthorized,
  UnsupportedType,
} from './services/shared/errors.ts';
import {
  httpStatusOf,
  STORAGE_READ_UNAVAILABLE_MESSAGE,
  STORAGE_WRITE_UNAVAILABLE_MESSAGE,
  toTRPCError,
} from './trpc.ts';

describe('toTRPCError', () => {
  it('gives each domain error its code and status, with its message unchanged', () => {
    const cases = [
      [new Invalid('a'), 'BAD_REQUEST', 400],
      [new Unauthorized('b'), 'UNAUTHORIZED', 401],
      [new Forbidden('c'), 'FORBIDDEN', 403],
      [new NotFound('d'), 'NOT_FOUND', 404],
      [new Conflict('e'), 'CONFLICT', 409],
      [new TooLarge('f'), 'PAYLOAD_TOO_LARGE', 413],
      [new UnsupportedType('g'), 'UNSUPPORTED_MEDIA_TYPE', 415],
      [new TooMany('h', 30_000), 'TOO_MANY_REQUESTS', 429],
      [new LastAdminError(), 'CONFLICT', 409],
    ] as const;
    for (const [error, code, status] of cases) {
      expect({
        code: toTRPCError(error)?.code,
        message: toTRPCError(error)?.message,
        status: httpStatusOf(error),
      }).toEqual({ code, message: error.message, status });
    }
  });

  it('puts a field’s message at that field, as a schema error would be', () => {
    const mapped = toTRPCError(new Conflict('This email is already registered.', { field: 'email' }));
    expect(mapped?.cause).toBeInstanceOf(ZodError);
    expect(z.flattenError(mapped?.cause as ZodError).fieldErrors).toEqual({
      email: ['This email is already registered.'],
    });
    expect(toTRPCError(new Invalid('No field'))?.cause).not.toBeInstanceOf(ZodError);
  });

  it('answers an unreachable file store with a 503 that keeps the store’s error for the log', () => {
    const down = new StorageUnavailableError('put', 'offers/x.webp', 'bucket', new Error('ECONNREFUSED'));
    const saving = toTRPCError(down);
    expect([saving?.code, saving?.message, saving?.cause]).toEqual([
      'SERVICE_UNAVAILABLE',
      STORAGE_WRITE_UNAVAILABLE_MESSAGE,
      down,
    ]);
    expect(toTRPCError(down, { reading: true })?.message).toBe(STORAGE_READ_UNAVAILABLE_MESSAGE);
  });

  it('leaves tRPC’s own errors as they are and anything else to the formatter', () => {
    const own = new TRPCError({ code: 'FORBIDDEN', message: 'Only admins can do this.' });
    expect(toTRPCError(own)).toBe(own);
    expect(toTRPCError(new Error('a bug'))).toBeNull();
  });
});
