// Staff type the delivery details of each undelivered item (manual offers, or automatic ones out of stock).
import { deliverInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { trpc } from '../../lib/trpc.ts';
import { Field, FormError, SubmitButton } from '../form/form-kit.tsx';
import { submitForm } from '../form/submit.ts';

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
  return (
    <form onSubmit={submitForm(form, (values) => deliver.mutateAsync(values))} noValidate className="deliver-form form">
      {items.map((item, index) => (
        <Field
          key={item.id}
          id={`deliver-${item.id}`}
          label={`${item.title} × ${item.quantity}: activation code, invite link or account note`}
          error={form.formState.errors.items?.[index]?.details?.message}
        >
          {(control) => (
            <>
              <input type="hidden" {...form.register(`items.${index}.itemId`, { valueAsNumber: true })} />
              <textarea {...control} rows={3} {...form.register(`items.${index}.details`)} />
            </>
          )}
        </Field>
      ))}
      <FormError form={form} />
      <SubmitButton busy={form.formState.isSubmitting}>Deliver items</SubmitButton>
    </form>
  );
}
