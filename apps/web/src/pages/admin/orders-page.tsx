import type { RouterOutputs } from '@damso/api';
import { ADMIN_ORDER_SORTS, isoDay, ORDER_STATUS_LABELS, ORDER_STATUSES, ORDERS_CSV_MAX_ROWS } from '@damso/validators';
import { Link } from 'react-router';
import { ClientLink } from '../../components/client-link.tsx';
import { type Column, DataTable } from '../../components/list/data-table.tsx';
import { DateFilter, FilterBar, SearchFilter, SelectFilter } from '../../components/list/filters.tsx';
import { listPageFrom, useListParams } from '../../components/list/list-params.ts';
import { EmptyState } from '../../components/list/list-view.tsx';
import { PagedList } from '../../components/list/paged-list.tsx';
import { SortSelect, useListSort } from '../../components/list/sort.tsx';
import { StatusBadge } from '../../components/orders/order-parts.tsx';
import { formatMoney } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/desk.css';
import { useCan } from '../../lib/session.tsx';

type Order = RouterOutputs['admin']['orders']['list']['orders'][number];

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
  { header: 'Client', cell: (o) => <ClientLink id={o.clientId}>{o.clientEmail}</ClientLink> },
  { header: 'Items', cell: (o) => o.items.map((i) => `${i.title} × ${i.quantity}`).join(', ') },
  { header: 'Total', cell: (o) => formatMoney(o.totalCents, o.currency) },
  { header: 'Placed', sortKey: 'placed', cell: (o) => o.createdAt.toLocaleString() },
];
const SORT_OPTIONS = [
  { key: 'placed', dir: 'desc', label: 'Newest first' },
  { key: 'placed', dir: 'asc', label: 'Oldest first' },
] as const;
const newestFirst = () => 'desc' as const;

const validDay = (label: string, value: string | null) => {
  if (!value) return { day: undefined, error: undefined };
  const parsed = isoDay(label).safeParse(value);
  return parsed.success
    ? { day: parsed.data, error: undefined }
    : { day: undefined, error: parsed.error.issues[0]?.message };
};

/** ?from=&to= as whole UTC days (the API's); `error` when a day is not one or the end comes first. */
function dateRange(params: URLSearchParams) {
  const from = validDay('start', params.get('from'));
  const to = validDay('end', params.get('to'));
  const reversed =
    from.day && to.day && from.day > to.day ? 'The end date must be on or after the start date' : undefined;
  const toError = to.error ?? reversed;
  return { from: from.day, to: to.day, fromError: from.error, toError, error: from.error ?? toError };
}

/** The server's CSV of the orders these filters find (a download, streamed as it is read). */
function csvHref(filters: Record<string, string | undefined>) {
  const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
  return `/api/admin/orders.csv${query.size ? `?${query}` : ''}`;
}

export function AdminOrdersPage() {
  const can = useCan();
  const { params } = useListParams();
  const status = ORDER_STATUSES.find((s) => s === params.get('status'));
  const q = params.get('q') ?? '';
  const { page, cursor } = listPageFrom(params, ORDERS_PAGE_SIZE);
  const range = dateRange(params);
  const sort = useListSort(ADMIN_ORDER_SORTS, newestFirst);
  const filters = { status, q: q || undefined, createdFrom: range.from, createdTo: range.to };
  const orders = trpc.admin.orders.list.useQuery(
    { ...filters, sort: 'placed', dir: sort.dir, page, cursor },
    { enabled: !range.error },
  );
  return (
    <section>
      <h1>Orders</h1>
      <FilterBar>
        <SelectFilter name="status" label="Status" any="All" options={STATUS_OPTIONS} value={status ?? ''} />
        <SearchFilter name="q" label="Order number, client email or name" />
        <DateFilter name="from" label="Placed from (UTC)" error={range.fromError} />
        <DateFilter name="to" label="Placed to (UTC)" error={range.toError} />
        <SortSelect sort={sort} options={SORT_OPTIONS} />
      </FilterBar>
      <p className="csv-export">
        {range.error ? null : (
          <a className="button button--ghost" href={csvHref(filters)} download>
            Download CSV
          </a>
        )}{' '}
        <span className="muted">
          {/* The file keeps newest first whatever the table's order: the export walks one way only. */}
          The orders these filters find, newest first; at most {ORDERS_CSV_MAX_ROWS.toLocaleString('en')} rows per file.
        </span>
      </p>
      {range.error ? null : (
        <PagedList
          query={orders}
          page={page}
          pageSize={ORDERS_PAGE_SIZE}
          noun={['order', 'orders']}
          loading="Loading orders…"
          isEmpty={(d) => d.orders.length === 0}
          empty={<EmptyState clear="/admin/orders">No orders match.</EmptyState>}
        >
          {(d) => (
            <DataTable
              caption={sort.dir === 'asc' ? 'Orders, oldest first' : 'Orders, newest first'}
              columns={COLUMNS}
              rows={d.orders}
              rowKey={(o) => o.number}
              sort={sort}
              stacked
            />
          )}
        </PagedList>
      )}
      {can('admin:settings') && (
        <p className="muted">
          Payment instructions, bank details and the unpaid-order deadline are on the{' '}
          <Link to="/admin/settings">Settings</Link> page.
        </p>
      )}
    </section>
  );
}
