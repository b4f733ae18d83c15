// A short form asking for a reason (reject, cancel, refund), validated with the server's schema; with
// `confirm`, the action is asked about once more in the confirmation dialog, and the reason stays if not.
import type { ReasonForm as ReasonSchema } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyServerErrors } from '../../lib/server-errors.ts';
import { type ConfirmOptions, useConfirm } from '../confirm-dialog.tsx';

type Form = z.input<ReasonSchema>;

export function ReasonForm({
  label,
  action,
  onSubmit,
  danger,
  schema,
  confirm,
}: {
  schema: ReasonSchema;
  label: string;
  action: string;
  onSubmit: (reason: string) => Promise<unknown>;
  danger?: boolean;
  /** The question asked before onSubmit, given the reason typed. */
  confirm?: (reason: string) => ConfirmOptions;
}) {
  const id = useId();
  const ask = useConfirm();
  const form = useForm<Form>({ resolver: zodResolver(schema), mode: 'onTouched', defaultValues: { reason: '' } });
  const submit = form.handleSubmit(async ({ reason }) => {
    if (confirm && !(await ask(confirm(reason)))) return;
    try {
      await onSubmit(reason);
      form.reset({ reason: '' });
    } catch (error) {
      const message = applyServerErrors(error, form.setError, ['reason']);
      if (message) form.setError('reason', { type: 'server', message });
    }
  });
  return (
    <form onSubmit={submit} noValidate className="reason-form">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={2}
        aria-invalid={Boolean(form.formState.errors.reason)}
        aria-describedby={`${id}-error`}
        {...form.register('reason')}
      />
      <p id={`${id}-error`} className="field-error" role="alert">
        {form.formState.errors.reason?.message}
      </p>
      <button
        type="submit"
        className={`button${danger ? ' button--danger' : ' button--ghost'}`}
        disabled={form.formState.isSubmitting}
      >
        {action}
      </button>
    </form>
  );
}
