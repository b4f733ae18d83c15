import { Link } from 'react-router';
import { EmptyState, ListView } from '../../components/list/list-view.tsx';
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
  return (
    <section>
      <h1>My orders</h1>
      <ListView
        query={orders}
        loading="Loading your orders…"
        failed="We could not load your orders. Please reload the page."
        isEmpty={(d) => d.pages.every((p) => p.orders.length === 0)}
        empty={
          <EmptyState>
            You have no orders yet. <Link to="/">Browse offers</Link>
          </EmptyState>
        }
      >
        {(d) => (
          <ul className="order-list">
            {d.pages
              .flatMap((p) => p.orders)
              .map((o) => (
                <li key={o.number} className="order-row">
                  <Link to={`/orders/${o.number}`} className="order-row__number">
                    {o.number}
                  </Link>
                  <StatusBadge status={o.status} />
                  <span className="order-row__items">
                    {o.items.map((i) => `${i.title} × ${i.quantity}`).join(', ')}
                  </span>
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
      </ListView>
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
