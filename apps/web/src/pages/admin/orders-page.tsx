import { ORDER_STATUS_LABELS, ORDER_STATUSES, type OrderStatus, paymentInstructionsInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useSearchParams } from 'react-router';
import type { z } from 'zod';
import { StatusBadge } from '../../components/orders/order-parts.tsx';
import { listPageFrom } from '../../lib/catalog-query.ts';
import { formatMoney } from '../../lib/format.ts';
import { applyServerErrors } from '../../lib/server-errors.ts';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/desk.css';
import { useCan } from '../../lib/session.tsx';
import { ReminderDaysForm } from './reminder-days-form.tsx';

function PaymentInstructions() {
  const current = trpc.admin.orders.paymentInstructions.useQuery();
  const save = trpc.admin.orders.setPaymentInstructions.useMutation();
  const [saved, setSaved] = useState(false);
  const form = useForm<z.input<typeof paymentInstructionsInput>>({
    resolver: zodResolver(paymentInstructionsInput),
    mode: 'onChange',
  });
  useEffect(() => {
    if (current.data) form.reset({ text: current.data.text });
  }, [current.data, form]);
  const submit = form.handleSubmit(async (values) => {
    setSaved(false);
    try {
      await save.mutateAsync(values);
      setSaved(true);
    } catch (error) {
      const message = applyServerErrors(error, form.setError, ['text']);
      if (message) form.setError('text', { type: 'server', message });
    }
  });
  return (
    <form onSubmit={submit} noValidate className="field">
      <label htmlFor="payment-instructions">Payment instructions shown on unpaid orders</label>
      <textarea
        id="payment-instructions"
        rows={4}
        aria-describedby="payment-instructions-error"
        {...form.register('text')}
      />
      <p id="payment-instructions-error" className="field-error" role="alert">
        {form.formState.errors.text?.message}
      </p>
      <button type="submit" className="button button--ghost">
        Save instructions
      </button>
      {saved && <span className="ok"> Saved.</span>}
    </form>
  );
}

/** The API's default page size for the orders list. */
const ORDERS_PAGE_SIZE = 25;

export function AdminOrdersPage() {
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const status = (ORDER_STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as OrderStatus)
    : undefined;
  const q = params.get('q') ?? '';
  const { page, cursor } = listPageFrom(params, ORDERS_PAGE_SIZE);
  const orders = trpc.admin.orders.list.useQuery({ status, q: q || undefined, page, cursor });
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    next.delete('cursor');
    setParams(next);
  };
  /** "Previous"/"Next" continue from the cursors the list gave; page 1 needs none. */
  const goTo = (n: number, to: string | null) => {
    const next = new URLSearchParams(params);
    if (n > 1) next.set('page', String(n));
    else next.delete('page');
    if (n > 1 && to) next.set('cursor', to);
    else next.delete('cursor');
    setParams(next);
  };
  return (
    <section>
      <h1>Orders</h1>
      <div className="filters">
        <label>
          Status{' '}
          <select value={status ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">All</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ORDER_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Order number or client email{' '}
          <input
            type="search"
            defaultValue={q}
            onKeyDown={(e) => e.key === 'Enter' && set('q', e.currentTarget.value)}
          />
        </label>
      </div>
      {orders.data && (
        <>
          <p className="muted">
            {orders.data.total.toLocaleString('en')}
            {orders.data.totalCapped ? '+' : ''} orders
          </p>
          <div className="table-wrap">
            <table className="desk-table">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Client</th>
                  <th scope="col">Items</th>
                  <th scope="col">Total</th>
                  <th scope="col">Placed</th>
                </tr>
              </thead>
              <tbody>
                {orders.data.orders.map((o) => (
                  <tr key={o.number}>
                    <td>
                      <Link to={`/desk/orders/${o.number}`}>{o.number}</Link> <StatusBadge status={o.status} />
                    </td>
                    <td>{o.clientEmail}</td>
                    <td>{o.items.map((i) => `${i.title} × ${i.quantity}`).join(', ')}</td>
                    <td>{formatMoney(o.totalCents, o.currency)}</td>
                    <td>{o.createdAt.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav aria-label="Pages" className="pager">
            <button
              type="button"
              className="button button--ghost"
              disabled={page <= 1}
              onClick={() => goTo(page - 1, orders.data.prevCursor)}
            >
              Previous
            </button>
            <span>
              Page {page}
              {orders.data.pageCount !== null ? ` of ${orders.data.pageCount}` : ''}
            </span>
            <button
              type="button"
              className="button button--ghost"
              disabled={orders.data.nextCursor === null}
              onClick={() => goTo(page + 1, orders.data.nextCursor)}
            >
              Next
            </button>
          </nav>
        </>
      )}
      <h2>Payment</h2>
      <PaymentInstructions />
      {can('admin:settings') && (
        <>
          <h2>Subscriptions</h2>
          <ReminderDaysForm />
        </>
      )}
    </section>
  );
}
