import type { OfferFormValues, OfferInput } from '@damso/validators';
import { type ReactNode, useId } from 'react';
import type { FieldPath, UseFormReturn } from 'react-hook-form';
import { trpc } from '../../../lib/trpc.ts';

type Form = UseFormReturn<OfferFormValues, unknown, OfferInput>;

function Field({
  form,
  name,
  label,
  hint,
  children,
}: {
  form: Form;
  name: FieldPath<OfferFormValues>;
  label: string;
  hint?: string;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const error = form.formState.errors[name as keyof OfferFormValues]?.message;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="catalog-field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described || undefined })}
      {hint ? (
        <p className="muted field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {String(error)}
        </p>
      ) : null}
    </div>
  );
}

/** The offer's own fields; the image and stock live in their own components. */
export function OfferFields({ form }: { form: Form }) {
  const categories = trpc.admin.categories.list.useQuery();
  const { register } = form;
  return (
    <div className="admin-form__grid">
      <Field form={form} name="title" label="Title">
        {(p) => <input {...p} {...register('title')} />}
      </Field>
      <Field form={form} name="serviceName" label="Service (brand) name">
        {(p) => <input {...p} {...register('serviceName')} />}
      </Field>
      <Field form={form} name="categoryId" label="Category">
        {(p) => (
          <select {...p} {...register('categoryId')}>
            <option value="">Choose…</option>
            {categories.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field form={form} name="duration" label="Duration">
        {(p) => (
          <select {...p} {...register('duration')}>
            <option value="30">1 month</option>
            <option value="90">3 months</option>
            <option value="365">12 months</option>
            <option value="lifetime">Lifetime</option>
          </select>
        )}
      </Field>
      <Field form={form} name="price" label="Price" hint="In the store currency, e.g. 8.99">
        {(p) => <input {...p} inputMode="decimal" {...register('price')} />}
      </Field>
      <Field
        form={form}
        name="compareAt"
        label="Compare-at price (optional)"
        hint="The usual price, to show the saving"
      >
        {(p) => <input {...p} inputMode="decimal" {...register('compareAt', { deps: ['price'] })} />}
      </Field>
      <Field form={form} name="deliveryMode" label="Delivery">
        {(p) => (
          <select {...p} {...register('deliveryMode')}>
            <option value="manual">Manual (staff type the details)</option>
            <option value="automatic">Automatic (from stock codes)</option>
          </select>
        )}
      </Field>
      <Field form={form} name="lowStockThreshold" label="Low-stock alert below">
        {(p) => <input {...p} type="number" min={0} {...register('lowStockThreshold')} />}
      </Field>
      <div className="admin-form__wide">
        <Field
          form={form}
          name="description"
          label="Description"
          hint="Plain text; leave an empty line between paragraphs."
        >
          {(p) => <textarea {...p} rows={6} {...register('description')} />}
        </Field>
      </div>
      <div className="admin-form__checks">
        <label>
          <input type="checkbox" {...register('isActive')} /> Active (shown in the shop)
        </label>
        <label>
          <input type="checkbox" {...register('isFeatured')} /> Featured on the home page
        </label>
      </div>
    </div>
  );
}
