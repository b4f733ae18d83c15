// The admin's setting for when subscription reminder emails go out.
import { reminderDaysInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyServerErrors } from '../../lib/server-errors.ts';
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
  const submit = form.handleSubmit(async (values) => {
    setSaved(null);
    try {
      const result = await save.mutateAsync(values);
      form.reset({ days: result.days });
      setSaved(result.days);
    } catch (error) {
      const message = applyServerErrors(error, form.setError, ['days']);
      if (message) form.setError('days', { type: 'server', message });
    }
  });
  return (
    <form onSubmit={submit} noValidate className="field">
      <label htmlFor="reminder-days">Subscription reminder emails, days before the end</label>
      <input
        id="reminder-days"
        inputMode="numeric"
        placeholder="7,3,1"
        aria-describedby="reminder-days-help reminder-days-error"
        aria-invalid={Boolean(form.formState.errors.days)}
        {...form.register('days')}
      />
      <p id="reminder-days-help" className="muted">
        Comma-separated, like 7,3,1. Clients also get an email when a subscription ends.
      </p>
      <p id="reminder-days-error" className="field-error" role="alert">
        {form.formState.errors.days?.message}
      </p>
      <button type="submit" className="button button--ghost">
        Save reminder days
      </button>
      {saved && <span className="ok"> Saved: {saved}.</span>}
    </form>
  );
}
