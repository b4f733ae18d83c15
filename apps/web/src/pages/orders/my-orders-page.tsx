import { Link } from 'react-router';
import { StatusBadge } from '../../components/orders/order-parts.tsx';
import { formatMoney } from '../../lib/format.ts';
import { useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/orders.css';

export function MyOrdersPage() {
  const { user } = useStore();
  const orders = trpc.orders.list.useInfiniteQuery(
    { limit: 20 },
    { enabled: Boolean(user?.emailVerified), getNextPageParam: (page) => page.nextCursor },
  );
  if (!user) {
    return (
      <section className="narrow">
        <h1>My orders</h1>
        <p>
          Please <Link to="/login?next=/orders">log in</Link> to see your orders.
        </p>
      </section>
    );
  }
  if (!user.emailVerified) return <p>Please verify your email address to order.</p>;
  if (orders.isPending) return <p aria-busy="true">Loading your orders…</p>;
  if (orders.isError) return <p role="alert">We could not load your orders. Please reload the page.</p>;
  const list = orders.data.pages.flatMap((p) => p.orders);
  return (
    <section>
      <h1>My orders</h1>
      {list.length === 0 ? (
        <p>
          You have no orders yet. <Link to="/">Browse offers</Link>
        </p>
      ) : (
        <ul className="order-list">
          {list.map((o) => (
            <li key={o.number} className="order-row">
              <Link to={`/orders/${o.number}`} className="order-row__number">
                {o.number}
              </Link>
              <StatusBadge status={o.status} />
              <span className="order-row__items">{o.items.map((i) => `${i.title} × ${i.quantity}`).join(', ')}</span>
              <span>{formatMoney(o.totalCents, o.currency)}</span>
              <span className="muted">{o.createdAt.toLocaleDateString()}</span>
              {o.unread > 0 && (
                <span className="flag flag--info">
                  {o.unread} new message{o.unread > 1 ? 's' : ''}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {orders.hasNextPage && (
        <button
          type="button"
          className="button button--ghost"
          onClick={() => orders.fetchNextPage()}
          disabled={orders.isFetchingNextPage}
        >
          Show older orders
        </button>
      )}
    </section>
  );
}
