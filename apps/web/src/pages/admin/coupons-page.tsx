import type { RouterOutputs } from '@damso/api';
import { type CouponFields, type CouponFormInput, couponForm, couponFormValues } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useConfirm } from '../../components/confirm-dialog.tsx';
import { Alert } from '../../components/form/alert.tsx';
import { Checkbox, Field, FormError, SubmitButton } from '../../components/form/form-kit.tsx';
import { submitForm } from '../../components/form/submit.ts';
import { type Column, DataTable } from '../../components/list/data-table.tsx';
import { EmptyState, ListView } from '../../components/list/list-view.tsx';
import { toast } from '../../components/toaster.tsx';
import { formatMoney } from '../../lib/format.ts';
import { useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import { errorMessage } from '../../lib/trpc-errors.ts';
import '../../styles/desk.css';

type Coupon = RouterOutputs['admin']['coupons']['list'][number];
const toNumberOrNull = (v: unknown) => (v === '' || v === null || Number.isNaN(Number(v)) ? null : Number(v));
const toDateOrNull = (v: unknown) => (v ? new Date(v as string) : null);
const dateInput = (d: Date | null | undefined) =>
  d ? new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '';

function CouponForm({ editing, onDone }: { editing: Coupon | null; onDone: () => void }) {
  const utils = trpc.useUtils();
  const create = trpc.admin.coupons.create.useMutation();
  const update = trpc.admin.coupons.update.useMutation();
  const { currency } = useStore();
  // Amounts are typed in currency ("5.50") and sent in cents; couponForm converts both ways.
  const form = useForm<CouponFormInput, unknown, CouponFields>({
    resolver: zodResolver(couponForm),
    mode: 'onChange',
    defaultValues: editing
      ? { ...editing, ...couponFormValues(editing), startsAt: editing.startsAt, endsAt: editing.endsAt }
      : {
          code: '',
          kind: 'percent',
          amount: '10',
          minOrderCents: '',
          isActive: true,
          maxUses: null,
          maxUsesPerClient: null,
        },
  });
  const { register } = form;
  const { errors, isSubmitting } = form.formState;
  const fixed = form.watch('kind') === 'fixed';
  const submit = submitForm(form, async (values) => {
    if (editing) await update.mutateAsync({ id: editing.id, fields: values });
    else await create.mutateAsync(values);
    await utils.admin.coupons.list.invalidate();
    form.reset();
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate className="coupon-admin-form form">
      <h2>{editing ? `Edit ${editing.code}` : 'New coupon'}</h2>
      <Field label="Code" error={errors.code?.message} {...register('code')} />
      <Field label="Kind" error={errors.kind?.message}>
        {(control) => (
          <select {...control} {...register('kind', { deps: ['amount'] })}>
            <option value="percent">Percent off</option>
            <option value="fixed">Fixed amount off</option>
          </select>
        )}
      </Field>
      <Field
        label={fixed ? `Amount off (${currency})` : 'Percent off'}
        inputMode="decimal"
        placeholder={fixed ? '5.50' : '10'}
        error={errors.amount?.message}
        {...register('amount')}
      />
      <Field
        label={`Minimum order (${currency}, empty = none)`}
        inputMode="decimal"
        placeholder="20.00"
        error={errors.minOrderCents?.message}
        {...register('minOrderCents')}
      />
      <Field
        label="Starts"
        type="datetime-local"
        defaultValue={dateInput(editing?.startsAt)}
        error={errors.startsAt?.message}
        {...register('startsAt', { setValueAs: toDateOrNull })}
      />
      <Field
        label="Ends"
        type="datetime-local"
        defaultValue={dateInput(editing?.endsAt)}
        error={errors.endsAt?.message}
        {...register('endsAt', { setValueAs: toDateOrNull })}
      />
      <Field
        label="Total uses (empty = unlimited)"
        type="number"
        error={errors.maxUses?.message}
        {...register('maxUses', { setValueAs: toNumberOrNull })}
      />
      <Field
        label="Uses per client (empty = unlimited)"
        type="number"
        error={errors.maxUsesPerClient?.message}
        {...register('maxUsesPerClient', { setValueAs: toNumberOrNull })}
      />
      <Checkbox label="Active" {...register('isActive')} />
      <FormError form={form} />
      <div className="form__actions">
        <SubmitButton busy={isSubmitting}>{editing ? 'Save coupon' : 'Create coupon'}</SubmitButton>
        {editing && (
          <button type="button" className="button button--ghost" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function Redemptions({ id }: { id: number }) {
  const { currency } = useStore();
  const list = trpc.admin.coupons.redemptions.useQuery({ id });
  if (!list.data) return <p aria-busy="true">Loading…</p>;
  if (list.data.length === 0) return <p className="muted">Not used yet.</p>;
  return (
    <ul>
      {list.data.map((r) => (
        <li key={r.id}>
          {r.number} · {r.email} · −{formatMoney(r.discountCents, currency)} · {r.createdAt.toLocaleString()}
        </li>
      ))}
    </ul>
  );
}

export function CouponsPage() {
  const { currency } = useStore();
  const utils = trpc.useUtils();
  const coupons = trpc.admin.coupons.list.useQuery();
  const setActive = trpc.admin.coupons.setActive.useMutation({
    onSuccess: () => utils.admin.coupons.list.invalidate(),
  });
  const remove = trpc.admin.coupons.delete.useMutation({ onSuccess: () => utils.admin.coupons.list.invalidate() });
  const confirm = useConfirm();
  const [editing, setEditing] = useState<Coupon | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  // Only a coupon nobody used can go; a used one is kept for its orders and can be disabled (archived).
  const askDelete = async (c: Coupon) => {
    remove.reset();
    const yes = await confirm({
      title: `Delete the coupon ${c.code}?`,
      body: 'Nobody has used it. It will be removed for good; clients typing it will be told it is not valid.',
      confirmLabel: 'Delete coupon',
      tone: 'danger',
    });
    if (!yes) return;
    await remove.mutateAsync({ id: c.id });
    if (editing?.id === c.id) setEditing(null);
    toast.success(`The coupon ${c.code} was deleted.`);
  };
  const columns: Column<Coupon>[] = [
    { header: 'Code', cell: (c) => c.code },
    {
      header: 'Discount',
      cell: (c) => (
        <>
          {c.kind === 'percent' ? `${c.amount}%` : formatMoney(c.amount, currency)}
          {c.minOrderCents > 0 && ` over ${formatMoney(c.minOrderCents, currency)}`}
        </>
      ),
    },
    {
      header: 'Window',
      cell: (c) => `${c.startsAt?.toLocaleDateString() ?? 'now'} – ${c.endsAt?.toLocaleDateString() ?? 'no end'}`,
    },
    {
      header: 'Used',
      cell: (c) => (
        <>
          {c.usesCount}
          {c.maxUses !== null && ` / ${c.maxUses}`}
          {open === c.id && <Redemptions id={c.id} />}
        </>
      ),
    },
    { header: 'Status', cell: (c) => (c.isActive ? 'Active' : 'Disabled') },
    {
      header: 'Actions',
      className: 'actions',
      cell: (c) => (
        <>
          <button type="button" className="link-button" onClick={() => setEditing(c)}>
            Edit<span className="visually-hidden"> {c.code}</span>
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => setActive.mutate({ id: c.id, isActive: !c.isActive })}
          >
            {c.isActive ? 'Disable' : 'Enable'}
            <span className="visually-hidden"> {c.code}</span>
          </button>
          <button type="button" className="link-button" onClick={() => setOpen(open === c.id ? null : c.id)}>
            Redemptions<span className="visually-hidden"> of {c.code}</span>
          </button>
          {c.usesCount === 0 ? (
            <button
              type="button"
              className="link-button link-button--danger"
              disabled={remove.isPending}
              onClick={() => askDelete(c).catch(() => undefined)}
            >
              Delete<span className="visually-hidden"> {c.code}</span>
            </button>
          ) : null}
        </>
      ),
    },
  ];
  return (
    <section>
      <h1>Coupons</h1>
      <CouponForm key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditing(null)} />
      <h2>All coupons</h2>
      {setActive.error ? <Alert kind="error">{errorMessage(setActive.error)}</Alert> : null}
      {remove.error ? <Alert kind="error">{errorMessage(remove.error)}</Alert> : null}
      <ListView
        query={coupons}
        loading="Loading coupons…"
        isEmpty={(d) => d.length === 0}
        empty={<EmptyState>No coupons yet.</EmptyState>}
      >
        {(d) => <DataTable caption="All coupons" columns={columns} rows={d} rowKey={(c) => c.id} stacked />}
      </ListView>
    </section>
  );
}
