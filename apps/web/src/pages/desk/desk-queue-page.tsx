import type { RouterOutputs } from '@damso/api';
import { DESK_PAGE_SIZE, DESK_QUEUES } from '@damso/validators';
import { Link, useParams } from 'react-router';
import { ClientLink } from '../../components/client-link.tsx';
import { type Column, DataTable } from '../../components/list/data-table.tsx';
import { FilterBar, SearchFilter } from '../../components/list/filters.tsx';
import { listPageFrom, useListParams } from '../../components/list/list-params.ts';
import { EmptyState } from '../../components/list/list-view.tsx';
import { PagedList } from '../../components/list/paged-list.tsx';
import { StatusBadge } from '../../components/orders/order-parts.tsx';
import { formatMoney } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page-title.tsx';
import { useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/desk.css';

type QueuedOrder = RouterOutputs['desk']['queue']['orders'][number];

export const QUEUE_TITLES: Record<(typeof DESK_QUEUES)[number], string> = {
  payment_review: 'Payments to check',
  paid: 'Paid, to deliver',
  awaiting_payment: 'Awaiting payment',
  mine: 'My claimed orders',
};

function isQueue(value: string | undefined): value is (typeof DESK_QUEUES)[number] {
  return (DESK_QUEUES as readonly string[]).includes(value ?? '');
}

/** Who works the order: "You", the employee's name, or "Unclaimed". */
function ClaimedBy({ order }: { order: QueuedOrder }) {
  const { user } = useStore();
  if (order.claimedById === null) return <span className="muted">Unclaimed</span>;
  return <>{order.claimedById === user?.id ? 'You' : order.claimedByName}</>;
}

const COLUMNS: Column<QueuedOrder>[] = [
  {
    header: 'Order',
    cell: (o) => (
      <>
        <Link to={`/desk/orders/${o.number}`}>{o.number}</Link> <StatusBadge status={o.status} />
        {o.outOfStock && <span className="flag flag--warn">Out of stock</span>}
        {o.unread > 0 && <span className="flag flag--info">{o.unread} new</span>}
      </>
    ),
  },
  { header: 'Client', cell: (o) => <ClientLink id={o.clientId}>{o.clientName}</ClientLink> },
  { header: 'Items', cell: (o) => o.items.map((i) => `${i.title} × ${i.quantity}`).join(', ') },
  { header: 'Total', cell: (o) => formatMoney(o.totalCents, o.currency) },
  { header: 'Placed', cell: (o) => o.createdAt.toLocaleString() },
  { header: 'Claimed by', cell: (o) => <ClaimedBy order={o} /> },
];

export function DeskQueuePage() {
  const params = useParams();
  const queue = isQueue(params.queue) ? params.queue : 'payment_review';
  usePageTitle(QUEUE_TITLES[queue]);
  const { params: search } = useListParams();
  const q = search.get('q') ?? '';
  const { page, cursor } = listPageFrom(search, DESK_PAGE_SIZE);
  const orders = trpc.desk.queue.useQuery({ queue, q: q || undefined, page, cursor }, { refetchInterval: 30_000 });
  return (
    <section>
      <h1>{QUEUE_TITLES[queue]}</h1>
      <p className="muted">Oldest first. Claim an order before you work on it.</p>
      <FilterBar>
        <SearchFilter name="q" label="Order number, client email or name" />
      </FilterBar>
      <PagedList
        query={orders}
        page={page}
        pageSize={DESK_PAGE_SIZE}
        noun={['order', 'orders']}
        loading="Loading…"
        isEmpty={(d) => d.orders.length === 0}
        empty={
          q ? (
            <EmptyState clear={`/desk/queue/${queue}`}>No orders here match “{q}”.</EmptyState>
          ) : (
            <EmptyState>Nothing waiting here.</EmptyState>
          )
        }
      >
        {(d) => (
          <DataTable
            caption={`${QUEUE_TITLES[queue]}, oldest first`}
            columns={COLUMNS}
            rows={d.orders}
            rowKey={(o) => o.number}
            stacked
          />
        )}
      </PagedList>
    </section>
  );
}
