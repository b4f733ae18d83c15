import { type CommentFormOutput, type CommentFormValues, commentFormInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Field, FormError, SubmitButton } from '../form/form-kit.tsx';
import { submitForm } from '../form/submit.ts';

/** Writing or editing a comment; the rules are the server's own schema, checked as the user types. */
export function CommentForm({
  initial,
  allowRating,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: CommentFormValues;
  allowRating: boolean;
  submitLabel: string;
  onSubmit: (values: CommentFormOutput) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const form = useForm<CommentFormValues, unknown, CommentFormOutput>({
    resolver: zodResolver(commentFormInput),
    mode: 'onChange',
    defaultValues: initial ?? { body: '', rating: null },
  });
  const { errors, isSubmitting } = form.formState;
  const submit = submitForm(form, async (values) => {
    await onSubmit(values);
    if (!initial) form.reset({ body: '', rating: null });
  });
  return (
    <form className="comment-form form" onSubmit={submit} noValidate>
      <Field label="Your comment" error={errors.body?.message}>
        {(control) => <textarea {...control} rows={4} {...form.register('body')} />}
      </Field>
      {allowRating ? (
        <Field label="Your rating (optional)" error={errors.rating?.message}>
          {(control) => (
            <select
              {...control}
              {...form.register('rating', { setValueAs: (v) => (v === '' || v === null ? null : Number(v)) })}
            >
              <option value="">No rating</option>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {'★'.repeat(n)} ({n} of 5)
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <FormError form={form} />
      <div className="form__actions">
        <SubmitButton busy={isSubmitting} busyLabel="Sending…">
          {submitLabel}
        </SubmitButton>
        {onCancel ? (
          <button type="button" className="button button--ghost" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
