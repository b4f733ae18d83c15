import type { RouterOutputs } from '@damso/api';
import { type CouponFields, couponFields } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { type FieldPath, useForm } from 'react-hook-form';
import { formatMoney } from '../../lib/format.ts';
import { applyServerErrors } from '../../lib/server-errors.ts';
import { useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/desk.css';

type Coupon = RouterOutputs['admin']['coupons']['list'][number];
const FIELDS: FieldPath<CouponFields>[] = [
  'code',
  'kind',
  'amount',
  'minOrderCents',
  'startsAt',
  'endsAt',
  'maxUses',
  'maxUsesPerClient',
];
const toNumberOrNull = (v: unknown) => (v === '' || v === null || Number.isNaN(Number(v)) ? null : Number(v));
const dateInput = (d: Date | null | undefined) =>
  d ? new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '';

function CouponForm({ editing, onDone }: { editing: Coupon | null; onDone: () => void }) {
  const utils = trpc.useUtils();
  const create = trpc.admin.coupons.create.useMutation();
  const update = trpc.admin.coupons.update.useMutation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<CouponFields>({
    resolver: zodResolver(couponFields),
    mode: 'onChange',
    defaultValues: editing
      ? { ...editing, startsAt: editing.startsAt, endsAt: editing.endsAt }
      : {
          code: '',
          kind: 'percent',
          amount: 10,
          minOrderCents: 0,
          isActive: true,
          maxUses: null,
          maxUsesPerClient: null,
        },
  });
  const errors = form.formState.errors;
  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      if (editing) await update.mutateAsync({ id: editing.id, fields: values });
      else await create.mutateAsync(values);
      await utils.admin.coupons.list.invalidate();
      form.reset();
      onDone();
    } catch (error) {
      const message = applyServerErrors(error, form.setError, FIELDS);
      if (message) setFormError(message);
    }
  });
  const field = (name: FieldPath<CouponFields>, label: string, input: React.ReactNode) => (
    <div className="field">
      <label htmlFor={`coupon-${name}`}>{label}</label>
      {input}
      <p id={`coupon-${name}-error`} className="field-error" role="alert">
        {errors[name as keyof typeof errors]?.message as string | undefined}
      </p>
    </div>
  );
  const describe = (name: string) => ({ id: `coupon-${name}`, 'aria-describedby': `coupon-${name}-error` });
  return (
    <form onSubmit={submit} noValidate className="coupon-admin-form">
      <h2>{editing ? `Edit ${editing.code}` : 'New coupon'}</h2>
      {field('code', 'Code', <input {...describe('code')} {...form.register('code')} />)}
      {field(
        'kind',
        'Kind',
        <select {...describe('kind')} {...form.register('kind')}>
          <option value="percent">Percent off</option>
          <option value="fixed">Fixed amount off (minor units)</option>
        </select>,
      )}
      {field(
        'amount',
        'Amount (percent, or minor units)',
        <input type="number" {...describe('amount')} {...form.register('amount', { valueAsNumber: true })} />,
      )}
      {field(
        'minOrderCents',
        'Minimum order (minor units)',
        <input
          type="number"
          {...describe('minOrderCents')}
          {...form.register('minOrderCents', { valueAsNumber: true })}
        />,
      )}
      {field(
        'startsAt',
        'Starts',
        <input
          type="datetime-local"
          {...describe('startsAt')}
          defaultValue={dateInput(editing?.startsAt)}
          {...form.register('startsAt', { setValueAs: (v) => (v ? new Date(v) : null) })}
        />,
      )}
      {field(
        'endsAt',
        'Ends',
        <input
          type="datetime-local"
          {...describe('endsAt')}
          defaultValue={dateInput(editing?.endsAt)}
          {...form.register('endsAt', { setValueAs: (v) => (v ? new Date(v) : null) })}
        />,
      )}
      {field(
        'maxUses',
        'Total uses (empty = unlimited)',
        <input type="number" {...describe('maxUses')} {...form.register('maxUses', { setValueAs: toNumberOrNull })} />,
      )}
      {field(
        'maxUsesPerClient',
        'Uses per client (empty = unlimited)',
        <input
          type="number"
          {...describe('maxUsesPerClient')}
          {...form.register('maxUsesPerClient', { setValueAs: toNumberOrNull })}
        />,
      )}
      <div className="field field--check">
        <input id="coupon-isActive" type="checkbox" {...form.register('isActive')} />
        <label htmlFor="coupon-isActive">Active</label>
      </div>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      <button type="submit" className="button" disabled={form.formState.isSubmitting}>
        {editing ? 'Save coupon' : 'Create coupon'}
      </button>
      {editing && (
        <button type="button" className="button button--ghost" onClick={onDone}>
          Cancel
        </button>
      )}
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
  const [editing, setEditing] = useState<Coupon | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <section>
      <h1>Coupons</h1>
      <CouponForm key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditing(null)} />
      <h2>All coupons</h2>
      {coupons.data?.length === 0 && <p>No coupons yet.</p>}
      <div className="table-wrap">
        <table className="desk-table">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Discount</th>
              <th scope="col">Window</th>
              <th scope="col">Used</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {coupons.data?.map((c) => (
              <tr key={c.id}>
                <td>{c.code}</td>
                <td>
                  {c.kind === 'percent' ? `${c.amount}%` : formatMoney(c.amount, currency)}
                  {c.minOrderCents > 0 && ` over ${formatMoney(c.minOrderCents, currency)}`}
                </td>
                <td>
                  {c.startsAt?.toLocaleDateString() ?? 'now'} – {c.endsAt?.toLocaleDateString() ?? 'no end'}
                </td>
                <td>
                  {c.usesCount}
                  {c.maxUses !== null && ` / ${c.maxUses}`}
                  {open === c.id && <Redemptions id={c.id} />}
                </td>
                <td>{c.isActive ? 'Active' : 'Disabled'}</td>
                <td className="actions">
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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
