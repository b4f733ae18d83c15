import type { RouterOutputs } from '@damso/api';
import { type OfferFormValues, type OfferInput, offerInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { Controller, useForm } from 'react-hook-form';
import { Link, useNavigate, useParams } from 'react-router';
import { useConfirm } from '../../../components/confirm-dialog.tsx';
import { Alert } from '../../../components/form/alert.tsx';
import { FormError, SubmitButton } from '../../../components/form/form-kit.tsx';
import { submitForm } from '../../../components/form/submit.ts';
import { toast } from '../../../components/toaster.tsx';
import { trpc } from '../../../lib/trpc.ts';
import { errorMessage } from '../../../lib/trpc-errors.ts';
import { ImageField } from './image-field.tsx';
import { OfferFields } from './offer-fields.tsx';
import { StockCodesPanel } from './stock-codes-panel.tsx';
import '../../../styles/admin.css';

const EMPTY: OfferFormValues = {
  title: '',
  serviceName: '',
  categoryId: '',
  description: '',
  duration: '30',
  price: '',
  compareAt: '',
  deliveryMode: 'manual',
  isActive: true,
  isFeatured: false,
  lowStockThreshold: 5,
  imageKey: null,
};

export function AdminOfferEditPage() {
  const params = useParams();
  const id = params.id ? Number(params.id) : null;
  const loaded = trpc.admin.offers.get.useQuery({ id: id ?? 0 }, { enabled: id !== null });
  // The form's category select needs its options before the form takes the offer's values, or it
  // would show "Choose…" for a category it does not list yet.
  const categories = trpc.admin.categories.list.useQuery();
  if ((id !== null && loaded.isPending) || categories.isPending) return <p aria-busy="true">Loading the offer…</p>;
  if (id !== null && loaded.isError) {
    return (
      <div>
        <h1>Offer not found</h1>
        <p>{loaded.error.message}</p>
        <Link to="/admin/offers">Back to offers</Link>
      </div>
    );
  }
  return <OfferEditor key={id ?? 'new'} id={id} data={loaded.data} />;
}

type Loaded = RouterOutputs['admin']['offers']['get'];

function OfferEditor({ id, data }: { id: number | null; data: Loaded | undefined }) {
  const navigate = useNavigate();
  const confirm = useConfirm();
  const utils = trpc.useUtils();
  const form = useForm<OfferFormValues, unknown, OfferInput>({
    resolver: zodResolver(offerInput),
    mode: 'onChange',
    defaultValues: data?.form ?? EMPTY,
  });
  const create = trpc.admin.offers.create.useMutation();
  const update = trpc.admin.offers.update.useMutation();
  const remove = trpc.admin.offers.delete.useMutation();
  // The resolver has checked the values; the server gets them as typed and parses them with the same schema.
  const submit = submitForm(form, async () => {
    const values = form.getValues();
    if (id === null) {
      const created = await create.mutateAsync(values);
      await utils.admin.offers.list.invalidate();
      navigate(`/admin/offers/${created.id}`);
      toast.success('Offer created. It is in the shop if active.');
    } else {
      await update.mutateAsync({ id, offer: values });
      await Promise.all([utils.admin.offers.invalidate(), utils.catalog.invalidate()]);
      form.reset(form.getValues());
      toast.success('Offer saved.');
    }
  });

  return (
    <div className="admin-catalog">
      <div className="admin-catalog__head">
        <h1>{id ? 'Edit offer' : 'New offer'}</h1>
        {data ? (
          <Link to={`/offers/${data.slug}`} target="_blank" rel="noreferrer">
            View in shop
          </Link>
        ) : null}
      </div>
      <form className="admin-form" onSubmit={submit} noValidate>
        <OfferFields form={form} />
        <Controller
          control={form.control}
          name="imageKey"
          render={({ field, fieldState }) => (
            <ImageField value={field.value} onChange={field.onChange} error={fieldState.error?.message} />
          )}
        />
        <FormError form={form} />
        <div className="admin-form__actions">
          <SubmitButton busy={form.formState.isSubmitting} busyLabel="Saving…">
            {id ? 'Save changes' : 'Create offer'}
          </SubmitButton>
          <Link to="/admin/offers" className="button button--ghost">
            Back to offers
          </Link>
        </div>
      </form>
      {id !== null && data ? (
        <>
          {form.watch('deliveryMode') === 'automatic' ? <StockCodesPanel offerId={id} stock={data.stock} /> : null}
          <section className="admin-panel">
            <h2>Delete</h2>
            <p>Only an offer that was never ordered can be deleted; otherwise deactivate it.</p>
            <button
              type="button"
              className="button button--danger"
              disabled={remove.isPending}
              onClick={async () => {
                const yes = await confirm({
                  title: 'Delete this offer for good?',
                  body: `“${data.form.title}” leaves the shop and the admin lists. This cannot be undone.`,
                  confirmLabel: 'Delete offer',
                  tone: 'danger',
                });
                if (!yes) return;
                try {
                  await remove.mutateAsync({ id });
                  await utils.admin.offers.list.invalidate();
                  navigate('/admin/offers');
                  toast.success(`Offer “${data.form.title}” deleted.`);
                } catch {
                  // The message is shown below from the mutation's error.
                }
              }}
            >
              Delete offer
            </button>
            {remove.error ? <Alert kind="error">{errorMessage(remove.error)}</Alert> : null}
          </section>
        </>
      ) : null}
    </div>
  );
}
