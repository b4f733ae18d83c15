// A short form asking for a reason (reject, cancel, refund), validated with the server's schema; with
// `confirm`, the action is asked about once more in the confirmation dialog, and the reason stays if not.
import type { ReasonForm as ReasonSchema } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { type ConfirmOptions, useConfirm } from '../confirm-dialog.tsx';
import { Field, SubmitButton } from '../form/form-kit.tsx';
import { submitForm } from '../form/submit.ts';

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
  const ask = useConfirm();
  const form = useForm<Form>({ resolver: zodResolver(schema), mode: 'onTouched', defaultValues: { reason: '' } });
  // A one-field form: the server's refusal stands under the reason.
  const submit = submitForm(
    form,
    async ({ reason }) => {
      if (confirm && !(await ask(confirm(reason)))) return;
      await onSubmit(reason);
      form.reset({ reason: '' });
    },
    'reason',
  );
  return (
    <form onSubmit={submit} noValidate className="reason-form form">
      <Field label={label} error={form.formState.errors.reason?.message}>
        {(control) => <textarea {...control} rows={2} {...form.register('reason')} />}
      </Field>
      <SubmitButton busy={form.formState.isSubmitting} variant={danger ? 'danger' : 'ghost'}>
        {action}
      </SubmitButton>
    </form>
  );
}
