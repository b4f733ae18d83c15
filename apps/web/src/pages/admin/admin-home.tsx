// The admin console's home: the morning overview. Figures of today and this month against the same
// span of the period before, the to-dos (each linking to the list that holds them), the newest orders
// and this month's best sellers. The server leaves out what the viewer's role may not open; a viewer
// without statistics sees the console's introduction.
import type { RouterOutputs } from '@damso/api';
import { Link } from 'react-router';
import { ClientLink } from '../../components/client-link.tsx';
import { Alert } from '../../components/form/alert.tsx';
import { type Column, DataTable } from '../../components/list/data-table.tsx';
import { StatusBadge } from '../../components/orders/order-parts.tsx';
import { formatMoney } from '../../lib/format.ts';
import { useCan } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import { errorMessage } from '../../lib/trpc-errors.ts';
import '../../styles/admin-overview.css';

type Overview = RouterOutputs['admin']['overview'];
type Todo = Overview['todos'][number];
type RecentOrder = NonNullable<Overview['recentOrders']>[number];
type TopOffer = Overview['topOffers'][number];

const utcTime = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const utcDayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const utcMonth = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The change from the previous span: an arrow and a percentage to see, the same in words to hear. */
function Change({ current, previous, against }: { current: number; previous: number; against: string }) {
  const percent = previous === 0 ? null : Math.round(((current - previous) / previous) * 100);
  const tone = current > previous && percent !== 0 ? 'up' : current < previous && percent !== 0 ? 'down' : 'flat';
  const size = percent === null ? '' : ` ${Math.abs(percent)}%`;
  const mark = tone === 'up' ? `▲${size || ' new'}` : tone === 'down' ? `▼${size}` : '=';
  const words = tone === 'up' ? `Up${size}` : tone === 'down' ? `Down${size}` : 'No change';
  return (
    <p className={`overview-change overview-change--${tone}`}>
      <span aria-hidden="true">{mark}</span>
      <span className="visually-hidden">{words}</span> <span className="muted">vs {against}</span>
    </p>
  );
}

function FigureCards({ data }: { data: Overview }) {
  const money = (cents: number) => formatMoney(cents, data.currency);
  const { today, month } = data.periods;
  const yesterday = `yesterday until ${utcTime.format(today.previousTo)} UTC`;
  // When last month is shorter than today's date, all of it is the comparison.
  const lastMonth =
    month.previousTo.getTime() === month.from.getTime()
      ? `in all of ${utcMonth.format(month.previousFrom)}`
      : `on ${utcDayMonth.formatRange(month.previousFrom, month.previousTo)} until ${utcTime.format(month.previousTo)} UTC`;
  const cards = [
    { label: 'Revenue today', value: data.today, pick: 'revenueCents', show: money, against: yesterday },
    { label: 'Orders today', value: data.today, pick: 'placedOrders', show: String, against: yesterday },
    { label: 'Revenue this month', value: data.month, pick: 'revenueCents', show: money, against: lastMonth },
    { label: 'Orders this month', value: data.month, pick: 'placedOrders', show: String, against: lastMonth },
  ] as const;
  return (
    <section aria-labelledby="overview-figures">
      <h2 id="overview-figures" className="visually-hidden">
        Figures
      </h2>
      <ul className="overview-cards">
        {cards.map((c) => {
          const current = c.value.current[c.pick];
          const previous = c.value.previous[c.pick];
          return (
            <li key={c.label} className="overview-card">
              <h3>{c.label}</h3>
              <p className="overview-card__value">{c.show(current)}</p>
              <Change current={current} previous={previous} against={`${c.show(previous)} ${c.against}`} />
            </li>
          );
        })}
      </ul>
      <p className="muted overview-note">
        Days are UTC. Revenue counts paid and delivered orders by the time they were paid; orders count every order
        placed.
      </p>
    </section>
  );
}

function todoText(todo: Todo): string {
  switch (todo.id) {
    case 'payment_review':
      return plural(todo.count, 'payment to verify', 'payments to verify');
    case 'paid':
      return plural(todo.count, 'paid order to deliver', 'paid orders to deliver');
    case 'low_stock':
      return plural(todo.count, 'offer running low on codes', 'offers running low on codes');
    case 'comments':
      return plural(todo.count, 'reported comment to moderate', 'reported comments to moderate');
    case 'failed_emails':
      return plural(todo.count, 'email that could not be sent', 'emails that could not be sent');
  }
}

function Todos({ todos }: { todos: Todo[] }) {
  const open = todos.filter((t) => t.count > 0);
  return (
    <section className="overview-panel" aria-labelledby="overview-todos">
      <h2 id="overview-todos">To do</h2>
      {open.length === 0 ? (
        <p className="muted">Nothing is waiting. All clear.</p>
      ) : (
        <ul className="overview-todos">
          {open.map((t) => (
            <li key={t.id}>
              <Link to={t.link}>{todoText(t)}</Link>
              {t.id === 'low_stock' ? (
                <ul>
                  {t.offers.map((o) => (
                    <li key={o.id}>
                      <Link to={o.link}>{o.title}</Link>{' '}
                      <span className="muted">
                        {plural(o.available, 'code', 'codes')} left (alert under {o.threshold})
                      </span>
                    </li>
                  ))}
                  {t.count > t.offers.length ? (
                    <li className="muted">and {plural(t.count - t.offers.length, 'other', 'others')}</li>
                  ) : null}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RecentOrders({ orders, currency }: { orders: RecentOrder[]; currency: string }) {
  const columns: Column<RecentOrder>[] = [
    {
      header: 'Order',
      cell: (o) => (
        <>
          <Link to={`/desk/orders/${o.number}`}>{o.number}</Link> <StatusBadge status={o.status} />
        </>
      ),
    },
    { header: 'Client', cell: (o) => <ClientLink id={o.clientId}>{o.clientName || o.clientEmail}</ClientLink> },
    { header: 'Total', cell: (o) => formatMoney(o.totalCents, o.currency || currency) },
    { header: 'Placed', cell: (o) => o.createdAt.toLocaleString() },
  ];
  return (
    <section className="overview-panel" aria-labelledby="overview-recent">
      <div className="overview-panel__head">
        <h2 id="overview-recent">Recent orders</h2>
        <Link to="/admin/orders">All orders</Link>
      </div>
      {orders.length === 0 ? (
        <p className="muted">No orders yet.</p>
      ) : (
        <DataTable caption="Recent orders" columns={columns} rows={orders} rowKey={(o) => o.number} stacked />
      )}
    </section>
  );
}

function TopOffers({ offers, currency }: { offers: TopOffer[]; currency: string }) {
  const can = useCan();
  const columns: Column<TopOffer>[] = [
    {
      header: 'Offer',
      cell: (o) => (can('admin:offers') ? <Link to={`/admin/offers/${o.offerId}`}>{o.title}</Link> : o.title),
    },
    { header: 'Units', cell: (o) => o.units },
    { header: 'Revenue', cell: (o) => formatMoney(o.revenueCents, currency) },
  ];
  return (
    <section className="overview-panel" aria-labelledby="overview-top">
      <div className="overview-panel__head">
        <h2 id="overview-top">Top offers this month</h2>
        <Link to="/admin/stats">Statistics</Link>
      </div>
      {offers.length === 0 ? (
        <p className="muted">Nothing sold yet this month.</p>
      ) : (
        <DataTable caption="Top offers this month" columns={columns} rows={offers} rowKey={(o) => o.offerId} />
      )}
    </section>
  );
}

function Overview() {
  // Kept fresh while the page stays open in the morning; the figures cost a few rollup rows.
  const overview = trpc.admin.overview.useQuery(undefined, { refetchInterval: 60_000 });
  if (overview.isPending) return <p aria-busy="true">Loading the overview…</p>;
  if (overview.isError) return <Alert kind="error">{errorMessage(overview.error)}</Alert>;
  const data = overview.data;
  return (
    <>
      <FigureCards data={data} />
      <div className="overview-grid">
        <Todos todos={data.todos} />
        <TopOffers offers={data.topOffers} currency={data.currency} />
      </div>
      {data.recentOrders ? <RecentOrders orders={data.recentOrders} currency={data.currency} /> : null}
    </>
  );
}

export function AdminHome() {
  const can = useCan();
  return (
    <div className="admin-overview">
      <h1>Overview</h1>
      {can('admin:stats') ? (
        <Overview />
      ) : (
        <p>Users and roles, offers and stock, orders, comments, statistics and the audit log live here.</p>
      )}
    </div>
  );
}
