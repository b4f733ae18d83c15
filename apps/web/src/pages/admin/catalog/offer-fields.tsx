import type { OfferFormValues, OfferInput } from '@damso/validators';
import type { UseFormReturn } from 'react-hook-form';
import { Checkbox, Field } from '../../../components/form/form-kit.tsx';
import { trpc } from '../../../lib/trpc.ts';

type Form = UseFormReturn<OfferFormValues, unknown, OfferInput>;

/** The offer's own fields; the image and stock live in their own components. */
export function OfferFields({ form }: { form: Form }) {
  const categories = trpc.admin.categories.list.useQuery();
  const { register } = form;
  const { errors } = form.formState;
  return (
    <div className="admin-form__grid">
      <Field label="Title" error={errors.title?.message} {...register('title')} />
      <Field label="Service (brand) name" error={errors.serviceName?.message} {...register('serviceName')} />
      <Field label="Category" error={errors.categoryId?.message}>
        {(control) => (
          <select {...control} {...register('categoryId')}>
            <option value="">Choose…</option>
            {categories.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Duration" error={errors.duration?.message}>
        {(control) => (
          <select {...control} {...register('duration')}>
            <option value="30">1 month</option>
            <option value="90">3 months</option>
            <option value="365">12 months</option>
            <option value="lifetime">Lifetime</option>
          </select>
        )}
      </Field>
      <Field
        label="Price"
        hint="In the store currency, e.g. 8.99"
        inputMode="decimal"
        error={errors.price?.message}
        {...register('price')}
      />
      <Field
        label="Compare-at price (optional)"
        hint="The usual price, to show the saving"
        inputMode="decimal"
        error={errors.compareAt?.message}
        {...register('compareAt', { deps: ['price'] })}
      />
      <Field label="Delivery" error={errors.deliveryMode?.message}>
        {(control) => (
          <select {...control} {...register('deliveryMode')}>
            <option value="manual">Manual (staff type the details)</option>
            <option value="automatic">Automatic (from stock codes)</option>
          </select>
        )}
      </Field>
      <Field
        label="Low-stock alert below"
        type="number"
        min={0}
        error={errors.lowStockThreshold?.message}
        {...register('lowStockThreshold')}
      />
      <div className="admin-form__wide">
        <Field
          label="Description"
          hint="Plain text; leave an empty line between paragraphs."
          error={errors.description?.message}
        >
          {(control) => <textarea {...control} rows={6} {...register('description')} />}
        </Field>
      </div>
      <div className="admin-form__checks">
        <Checkbox label="Active (shown in the shop)" {...register('isActive')} />
        <Checkbox label="Featured on the home page" {...register('isFeatured')} />
      </div>
    </div>
  );
}
