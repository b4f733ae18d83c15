import { DESK_QUEUES } from '@damso/validators';
import { Link, useParams } from 'react-router';
import { StatusBadge } from '../../components/orders/order-parts.tsx';
import { formatMoney } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/desk.css';

export const QUEUE_TITLES: Record<(typeof DESK_QUEUES)[number], string> = {
  payment_review: 'Payments to check',
  paid: 'Paid, to deliver',
  awaiting_payment: 'Awaiting payment',
  mine: 'My claimed orders',
};

function isQueue(value: string | undefined): value is (typeof DESK_QUEUES)[number] {
  return (DESK_QUEUES as readonly string[]).includes(value ?? '');
}

export function DeskQueuePage() {
  const params = useParams();
  const queue = isQueue(params.queue) ? params.queue : 'payment_review';
  const orders = trpc.desk.queue.useQuery({ queue }, { refetchInterval: 30_000 });
  return (
    <section>
      <h1>{QUEUE_TITLES[queue]}</h1>
      <p className="muted">Oldest first. Claim an order before you work on it.</p>
      {orders.isPending && <p aria-busy="true">Loading…</p>}
      {orders.isError && <p role="alert">{orders.error.message}</p>}
      {orders.data?.length === 0 && <p>Nothing waiting here.</p>}
      {orders.data && orders.data.length > 0 && (
        <div className="table-wrap">
          <table className="desk-table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Client</th>
                <th scope="col">Items</th>
                <th scope="col">Total</th>
                <th scope="col">Placed</th>
                <th scope="col">Claimed by</th>
              </tr>
            </thead>
            <tbody>
              {orders.data.map((o) => (
                <tr key={o.number}>
                  <td>
                    <Link to={`/desk/orders/${o.number}`}>{o.number}</Link> <StatusBadge status={o.status} />
                    {o.outOfStock && <span className="flag flag--warn">Out of stock</span>}
                    {o.unread > 0 && <span className="flag flag--info">{o.unread} new</span>}
                  </td>
                  <td>{o.clientName}</td>
                  <td>{o.items.map((i) => `${i.title} × ${i.quantity}`).join(', ')}</td>
                  <td>{formatMoney(o.totalCents, o.currency)}</td>
                  <td>{o.createdAt.toLocaleString()}</td>
                  <td>{o.claimedByName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
