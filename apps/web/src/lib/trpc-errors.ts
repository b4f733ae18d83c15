import { TRPCClientError } from '@trpc/client';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';

interface ErrorData {
  zodError?: { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null;
}

/**
 * Puts the server's field-by-field messages next to their fields; returns the message to show for the
 * whole form (or null when every problem found a field).
 */
export function applyServerErrors<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>): string | null {
  if (!(error instanceof TRPCClientError)) return 'Something went wrong. Please try again.';
  const fields = (error.data as ErrorData | undefined)?.zodError?.fieldErrors ?? {};
  let placed = false;
  for (const [name, messages] of Object.entries(fields)) {
    if (messages?.[0]) {
      setError(name as Path<T>, { type: 'server', message: messages[0] });
      placed = true;
    }
  }
  return placed ? null : error.message;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong. Please try again.';
}
