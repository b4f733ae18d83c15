import { type CommentFormOutput, type CommentFormValues, commentFormInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { applyServerErrors } from '../../lib/trpc-errors.ts';

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
  const id = useId();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<CommentFormValues, unknown, CommentFormOutput>({
    resolver: zodResolver(commentFormInput),
    mode: 'onChange',
    defaultValues: initial ?? { body: '', rating: null },
  });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit(values);
      if (!initial) form.reset({ body: '', rating: null });
    } catch (error) {
      setFormError(applyServerErrors(error, form.setError));
    }
  });
  return (
    <form className="comment-form" onSubmit={submit} noValidate>
      <div className="catalog-field">
        <label htmlFor={`${id}-body`}>Your comment</label>
        <textarea
          id={`${id}-body`}
          rows={4}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={errors.body ? `${id}-body-error` : undefined}
          {...form.register('body')}
        />
        {errors.body ? (
          <p className="field-error" id={`${id}-body-error`}>
            {errors.body.message}
          </p>
        ) : null}
      </div>
      {allowRating ? (
        <div className="catalog-field">
          <label htmlFor={`${id}-rating`}>Your rating (optional)</label>
          <select
            id={`${id}-rating`}
            aria-invalid={errors.rating ? true : undefined}
            {...form.register('rating', { setValueAs: (v) => (v === '' || v === null ? null : Number(v)) })}
          >
            <option value="">No rating</option>
            {[5, 4, 3, 2, 1].map((n) => (
              <option key={n} value={n}>
                {'★'.repeat(n)} ({n} of 5)
              </option>
            ))}
          </select>
          {errors.rating ? <p className="field-error">{errors.rating.message}</p> : null}
        </div>
      ) : null}
      {formError ? (
        <p className="field-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="comment-form__actions">
        <button type="submit" className="button" disabled={isSubmitting}>
          {isSubmitting ? 'Sending…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button button--ghost" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
