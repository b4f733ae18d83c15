// The admin's setting for when subscription reminder emails go out.
import { reminderDaysInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Alert } from '../../components/form/alert.tsx';
import { Field, SubmitButton } from '../../components/form/form-kit.tsx';
import { submitForm } from '../../components/form/submit.ts';
import { trpc } from '../../lib/trpc.ts';

export function ReminderDaysForm() {
  const current = trpc.admin.settings.subscriptionReminderDays.useQuery();
  const save = trpc.admin.settings.setSubscriptionReminderDays.useMutation();
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<z.input<typeof reminderDaysInput>>({
    resolver: zodResolver(reminderDaysInput),
    mode: 'onChange',
  });
  useEffect(() => {
    if (current.data) form.reset({ days: current.data.days });
  }, [current.data, form]);
  // A one-field form: the server's refusal stands under the days.
  const submit = submitForm(
    form,
    async (values) => {
      setSaved(null);
      const result = await save.mutateAsync(values);
      form.reset({ days: result.days });
      setSaved(result.days);
    },
    'days',
  );
  return (
    <form onSubmit={submit} noValidate className="form">
      <Field
        label="Subscription reminder emails, days before the end"
        inputMode="numeric"
        placeholder="7,3,1"
        hint="Comma-separated, like 7,3,1. Clients also get an email when a subscription ends."
        error={form.formState.errors.days?.message}
        {...form.register('days')}
      />
      <SubmitButton busy={form.formState.isSubmitting} variant="ghost">
        Save reminder days
      </SubmitButton>
      {saved && <Alert kind="success">Saved: {saved}.</Alert>}
    </form>
  );
}
