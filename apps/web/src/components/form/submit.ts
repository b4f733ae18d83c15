// A form's submit: the values are checked with the form's schema (its resolver), the action runs, and
// what the server refuses is shown where it belongs. The API sends its zod issues field by field
// (`data.zodError.fieldErrors`, see packages/api/src/trpc.ts): each goes under its field, and anything
// without a field of its own goes to the form's alert (FormError), or to the one field of a one-field form.
import { TRPCClientError } from '@trpc/client';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { errorMessage } from '../../lib/trpc-errors.ts';

interface ZodErrorData {
  zodError?: { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null;
}

type ErrorTarget<T extends FieldValues> = Path<T> | 'root.server';
type SettableForm<T extends FieldValues> = Pick<UseFormReturn<T>, 'setError' | 'getValues'>;

/** Fields a server message can stand under: the form's own values, not lists or groups of them. */
function isPlaceable(value: unknown): boolean {
  return value === null || typeof value !== 'object' || value instanceof Date;
}

/**
 * Puts the server's field-by-field messages under their fields (focusing the first) and returns what is
 * left for the form as a whole, or null when every problem found its field.
 */
export function applyServerErrors<T extends FieldValues>(form: SettableForm<T>, error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return errorMessage(error);
  const { fieldErrors = {}, formErrors = [] } = (error.data as ZodErrorData | undefined)?.zodError ?? {};
  const values = form.getValues() as Record<string, unknown>;
  const left = [...formErrors];
  let placed = false;
  for (const [name, messages] of Object.entries(fieldErrors)) {
    const message = messages?.[0];
    if (!message) continue;
    if (name in values && isPlaceable(values[name])) {
      form.setError(name as Path<T>, { type: 'server', message }, { shouldFocus: !placed });
      placed = true;
    } else {
      left.push(message);
    }
  }
  if (left.length > 0) return left.join(' ');
  return placed ? null : error.message;
}

/** Shows a failed submit: field messages under their fields, the rest at `rest` (the form's alert by default). */
export function showServerError<T extends FieldValues>(
  form: SettableForm<T>,
  error: unknown,
  rest: ErrorTarget<T> = 'root.server',
) {
  const message = applyServerErrors(form, error);
  if (message) form.setError(rest, { type: 'server', message }, { shouldFocus: rest !== 'root.server' });
}

/**
 * The form's onSubmit: checks the values, runs `action` with them (the button shows the form busy until
 * it settles, see SubmitButton), and shows what the server refuses (showServerError). A new submit
 * clears the last one's messages.
 */
export function submitForm<T extends FieldValues, TOut = T>(
  form: UseFormReturn<T, unknown, TOut>,
  action: (values: TOut) => Promise<unknown>,
  rest?: ErrorTarget<T>,
) {
  return form.handleSubmit(async (values) => {
    try {
      await action(values);
    } catch (error) {
      showServerError(form as unknown as SettableForm<T>, error, rest);
    }
  });
}
