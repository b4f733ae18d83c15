// Puts the API's field-by-field zod issues under the matching form fields; the rest is a form message.
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';

interface ErrorShape {
  message: string;
  data?: { code?: string; zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | null;
}

export function errorCode(error: unknown): string | undefined {
  return (error as ErrorShape | null)?.data?.code;
}

export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: ReadonlyArray<Path<T>>,
): string | null {
  const shape = error as ErrorShape;
  const fieldErrors = shape?.data?.zodError?.fieldErrors ?? {};
  let placed = false;
  for (const field of fields) {
    const message = fieldErrors[field]?.[0];
    if (message) {
      setError(field, { type: 'server', message });
      placed = true;
    }
  }
  return placed ? null : (shape?.message ?? 'Something went wrong. Please try again.');
}
