import type { RouterOutputs } from '@damso/api';
import { ORDER_STATUS_LABELS, ORDER_STATUSES, paymentInstructionsInput } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import type { z } from 'zod';
import { Alert } from '../../components/form/alert.tsx';
import { Field, SubmitButton } from '../../components/form/form-kit.tsx';
import { submitForm } from '../../components/form/submit.ts';
import { type Column, DataTable } from '../../components/list/data-table.tsx';
import { FilterBar, SearchFilter, SelectFilter } from '../../components/list/filters.tsx';
import { listPageFrom, pagesByNumber, useListParams } from '../../components/list/list-params.ts';
import { EmptyState, ListView } from '../../components/list/list-view.tsx';
import { Pager } from '../../components/list/pager.tsx';
import { StatusBadge } from '../../components/orders/order-parts.tsx';
import { formatMoney } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/desk.css';
import { useCan } from '../../lib/session.tsx';
import { ReminderDaysForm } from './reminder-days-form.tsx';

type Order = RouterOutputs['admin']['orders']['list']['orders'][number];

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
  // A one-field form: the server's refusal stands under the text.
  const submit = submitForm(
    form,
    async (values) => {
      setSaved(false);
      await save.mutateAsync(values);
      setSaved(true);
    },
    'text',
  );
  return (
    <form onSubmit={submit} noValidate className="form">
      <Field label="Payment instructions shown on unpaid orders" error={form.formState.errors.text?.message}>
        {(control) => <textarea {...control} rows={4} {...form.register('text')} />}
      </Field>
      <SubmitButton busy={form.formState.isSubmitting} variant="ghost">
        Save instructions
      </SubmitButton>
      {saved && <Alert kind="success">Saved.</Alert>}
    </form>
  );
}

/** The API's default page size for the orders list. */
const ORDERS_PAGE_SIZE = 25;
const STATUS_OPTIONS = ORDER_STATUSES.map((s) => ({ value: s, label: ORDER_STATUS_LABELS[s] }));

const COLUMNS: Column<Order>[] = [
  {
    header: 'Order',
    cell: (o) => (
      <>
        <Link to={`/desk/orders/${o.number}`}>{o.number}</Link> <StatusBadge status={o.status} />
      </>
    ),
  },
  { header: 'Client', cell: (o) => o.clientEmail },
  { header: 'Items', cell: (o) => o.items.map((i) => `${i.title} × ${i.quantity}`).join(', ') },
  { header: 'Total', cell: (o) => formatMoney(o.totalCents, o.currency) },
  { header: 'Placed', cell: (o) => o.createdAt.toLocaleString() },
];

export function AdminOrdersPage() {
  const can = useCan();
  const { params } = useListParams();
  const status = ORDER_STATUSES.find((s) => s === params.get('status'));
  const q = params.get('q') ?? '';
  const { page, cursor } = listPageFrom(params, ORDERS_PAGE_SIZE);
  const orders = trpc.admin.orders.list.useQuery({ status, q: q || undefined, page, cursor });
  return (
    <section>
      <h1>Orders</h1>
      <FilterBar>
        <SelectFilter name="status" label="Status" any="All" options={STATUS_OPTIONS} value={status ?? ''} />
        <SearchFilter name="q" label="Order number or client email" />
      </FilterBar>
      <ListView
        query={orders}
        loading="Loading orders…"
        isEmpty={(d) => d.orders.length === 0}
        empty={<EmptyState clear="/admin/orders">No orders match.</EmptyState>}
      >
        {(d) => (
          <>
            <p className="muted">
              {d.total.toLocaleString('en')}
              {d.totalCapped ? '+' : ''} orders
            </p>
            <DataTable caption="Orders, newest first" columns={COLUMNS} rows={d.orders} rowKey={(o) => o.number} />
          </>
        )}
      </ListView>
      {orders.data ? (
        <Pager
          page={page}
          pageCount={orders.data.pageCount}
          cursors={{
            next: orders.data.nextCursor,
            prev: orders.data.prevCursor,
            numberedPages: pagesByNumber(ORDERS_PAGE_SIZE),
          }}
        />
      ) : null}
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
