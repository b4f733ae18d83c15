// Staff type the delivery details of each undelivered item (manual offers, or automatic ones out of stock).
import { deliverInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyServerErrors } from '../../lib/server-errors.ts';
import { trpc } from '../../lib/trpc.ts';

type Form = z.input<typeof deliverInput>;

export function DeliverForm({
  number,
  items,
  onDelivered,
}: {
  number: string;
  items: Array<{ id: number; title: string; quantity: number }>;
  onDelivered: () => unknown;
}) {
  const deliver = trpc.desk.deliver.useMutation({ onSuccess: onDelivered });
  const form = useForm<Form>({
    resolver: zodResolver(deliverInput),
    mode: 'onTouched',
    defaultValues: { number, items: items.map((i) => ({ itemId: i.id, details: '' })) },
  });
  if (items.length === 0) return <p>Every item is delivered.</p>;
  const submit = form.handleSubmit(async (values) => {
    try {
      await deliver.mutateAsync(values);
    } catch (error) {
      const message = applyServerErrors(error, form.setError, ['items']);
      if (message) form.setError('root', { type: 'server', message });
    }
  });
  return (
    <form onSubmit={submit} noValidate className="deliver-form">
      {items.map((item, index) => {
        const id = `deliver-${item.id}`;
        const fieldError = form.formState.errors.items?.[index]?.details?.message;
        return (
          <div key={item.id} className="field">
            <label htmlFor={id}>
              {item.title} × {item.quantity}: activation code, invite link or account note
            </label>
            <input type="hidden" {...form.register(`items.${index}.itemId`, { valueAsNumber: true })} />
            <textarea
              id={id}
              rows={3}
              aria-invalid={Boolean(fieldError)}
              aria-describedby={`${id}-error`}
              {...form.register(`items.${index}.details`)}
            />
            <p id={`${id}-error`} className="field-error" role="alert">
              {fieldError}
            </p>
          </div>
        );
      })}
      {form.formState.errors.root && (
        <p role="alert" className="form-error">
          {form.formState.errors.root.message}
        </p>
      )}
      <button type="submit" className="button" disabled={deliver.isPending}>
        Deliver items
      </button>
    </form>
  );
}
