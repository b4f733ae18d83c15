// Errors that belong to one form field: they reach the form as data.zodError, like schema errors,
// so the message shows next to the field it is about.
import { type TRPC_ERROR_CODE_KEY, TRPCError } from '@trpc/server';
import { ZodRealError } from 'zod';

export function fieldError(code: TRPC_ERROR_CODE_KEY, field: string, message: string): TRPCError {
  return new TRPCError({
    code,
    message,
    // ZodRealError, not ZodError: only an Error subclass survives tRPC's cause handling intact.
    cause: new ZodRealError([{ code: 'custom', path: [field], message, input: undefined }]),
  });
}

export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ER_DUP_ENTRY';
}
