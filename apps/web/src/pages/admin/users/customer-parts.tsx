// The customer page's sections: their orders (the order list, a page at a time), subscriptions, the
// latest order messages and the staff notes.
import type { RouterOutputs } from '@damso/api';
import { SUBSCRIPTION_STATUS_LABELS, type UserNoteForm, userNoteForm } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { keepPreviousData } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { Field, FormError, SubmitButton } from '../../../components/form/form-kit.tsx';
import { submitForm } from '../../../components/form/submit.ts';
import { type Column, DataTable } from '../../../components/list/data-table.tsx';
import { listPageFrom, useListParams } from '../../../components/list/list-params.ts';
import { EmptyState, ListView } from '../../../components/list/list-view.tsx';
import { PagedList } from '../../../components/list/paged-list.tsx';
import { StatusBadge } from '../../../components/orders/order-parts.tsx';
import { toast } from '../../../components/toaster.tsx';
import { formatMoney } from '../../../lib/format.ts';
import { trpc } from '../../../lib/trpc.ts';

type Customer = RouterOutputs['admin']['customers']['get'];
type Order = RouterOutputs['admin']['customers']['orders']['orders'][number];

/** The API's default page size for a customer's orders. */
const ORDERS_PAGE_SIZE = 10;

const ORDER_COLUMNS: Column<Order>[] = [
  {
    header: 'Order',
    cell: (o) => (
      <>
        <Link to={`/desk/orders/${o.number}`}>{o.number}</Link> <StatusBadge status={o.status} />
      </>
    ),
  },
  { header: 'Items', cell: (o) => o.items.map((i) => `${i.title} × ${i.quantity}`).join(', ') },
  { header: 'Total', cell: (o) => formatMoney(o.totalCents, o.currency) },
  { header: 'Placed', cell: (o) => o.createdAt.toLocaleString() },
];

export function CustomerOrders({ userId }: { userId: number }) {
  const { params } = useListParams();
  const paging = listPageFrom(params, ORDERS_PAGE_SIZE);
  const orders = trpc.admin.customers.orders.useQuery({ userId, ...paging }, { placeholderData: keepPreviousData });
  return (
    <section className="customer-section customer-section--wide" aria-labelledby="customer-orders">
      <h2 id="customer-orders">Orders</h2>
      <PagedList
        query={orders}
        page={paging.page}
        pageSize={ORDERS_PAGE_SIZE}
        noun={['order', 'orders']}
        loading="Loading orders…"
        isEmpty={(d) => d.orders.length === 0}
        empty={<EmptyState>No orders yet.</EmptyState>}
      >
        {(d) => (
          <DataTable
            stacked
            caption="Their orders, newest first"
            columns={ORDER_COLUMNS}
            rows={d.orders}
            rowKey={(o) => o.number}
          />
        )}
      </PagedList>
    </section>
  );
}

export function CustomerSubscriptions({ subscriptions }: { subscriptions: Customer['subscriptions'] }) {
  return (
    <section className="customer-section" aria-labelledby="customer-subscriptions">
      <h2 id="customer-subscriptions">Subscriptions</h2>
      {subscriptions.length === 0 ? (
        <p className="muted">No subscriptions.</p>
      ) : (
        <ul className="customer-list">
          {subscriptions.map((s) => (
            <li key={s.id}>
              <strong>
                {s.serviceName} · {s.title}
              </strong>{' '}
              <span className="customer-status">{SUBSCRIPTION_STATUS_LABELS[s.status]}</span>
              <div className="muted">
                {s.startsAt.toLocaleDateString()} – {s.endsAt ? s.endsAt.toLocaleDateString() : 'lifetime'}
                {s.daysLeft !== null && s.status !== 'cancelled' && s.status !== 'expired'
                  ? ` · ${s.daysLeft} ${s.daysLeft === 1 ? 'day' : 'days'} left`
                  : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CustomerMessages({ messages }: { messages: Customer['messages'] }) {
  return (
    <section className="customer-section" aria-labelledby="customer-messages">
      <h2 id="customer-messages">Recent messages</h2>
      {messages.length === 0 ? (
        <p className="muted">No messages on their orders.</p>
      ) : (
        <ul className="customer-list">
          {messages.map((m) => (
            <li key={m.id}>
              <div className="muted">
                <Link to={`/desk/orders/${m.orderNumber}`}>{m.orderNumber}</Link> · {m.author}
                {m.fromStaff ? ' (staff)' : ''} · {m.createdAt.toLocaleString()}
              </div>
              <p className="customer-note__body">{m.body}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CustomerNotes({ userId }: { userId: number }) {
  const utils = trpc.useUtils();
  const notes = trpc.admin.customers.notes.useQuery({ userId });
  const add = trpc.admin.customers.addNote.useMutation();
  const form = useForm<UserNoteForm>({
    resolver: zodResolver(userNoteForm),
    mode: 'onChange',
    defaultValues: { body: '' },
  });
  const submit = submitForm(form, async ({ body }) => {
    await add.mutateAsync({ userId, body });
    form.reset({ body: '' });
    await utils.admin.customers.notes.invalidate({ userId });
    toast.success('Note added.');
  });
  return (
    <section className="customer-section" aria-labelledby="customer-notes">
      <h2 id="customer-notes">Staff notes</h2>
      <p className="muted">Only staff see these notes.</p>
      <form onSubmit={submit} noValidate className="form">
        <Field label="New note" error={form.formState.errors.body?.message}>
          {(control) => <textarea {...control} rows={3} {...form.register('body')} />}
        </Field>
        <FormError form={form} />
        <SubmitButton busy={form.formState.isSubmitting} variant="ghost">
          Add note
        </SubmitButton>
      </form>
      <ListView
        query={notes}
        loading="Loading notes…"
        isEmpty={(d) => d.length === 0}
        empty={<p className="muted">No notes yet.</p>}
      >
        {(d) => (
          <ul className="customer-list" aria-label="Notes, newest first">
            {d.map((n) => (
              <li key={n.id}>
                <div className="muted">
                  {n.author} · {n.createdAt.toLocaleString()}
                </div>
                <p className="customer-note__body">{n.body}</p>
              </li>
            ))}
          </ul>
        )}
      </ListView>
    </section>
  );
}
