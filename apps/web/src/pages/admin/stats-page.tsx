// Admin statistics: a UTC date range held in the URL (so a view can be linked), summary tiles, charts and
// the same figures as tables for screen readers and keyboard users. recharts is imported only here, and
// this page is lazy-loaded, so the chart library stays out of the shop bundle.
import { ORDER_STATUS_LABELS, statsRangeInput } from '@damso/validators';
import { keepPreviousData } from '@tanstack/react-query';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Alert } from '../../components/form/alert.tsx';
import { type Column, DataTable } from '../../components/list/data-table.tsx';
import { DateFilter, FilterBar } from '../../components/list/filters.tsx';
import { useListParams } from '../../components/list/list-params.ts';
import { EmptyState } from '../../components/list/list-view.tsx';
import { formatMoney } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { errorMessage } from '../../lib/trpc-errors.ts';
import '../../styles/admin.css';
import '../../styles/admin-stats.css';

const BAR = '#2563eb';

/** A chart with its figures as a table in a <details>, so the numbers are reachable without the picture. */
function ChartFigure<T>(props: {
  title: string;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <figure className="stats-figure" aria-labelledby={id}>
      <figcaption id={id}>{props.title}</figcaption>
      {/* The picture repeats the table below it, so assistive technology and the Tab key skip it. */}
      <div className="stats-chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          {props.children}
        </ResponsiveContainer>
      </div>
      <details>
        <summary>{props.title}: table</summary>
        <DataTable caption={props.title} columns={props.columns} rows={props.rows} rowKey={props.rowKey} />
      </details>
    </figure>
  );
}

/** Revenue bars for days or months: the same chart, keyed by a different column. */
function revenueChart<K extends string>(
  rows: Array<Record<K, string> & { revenueCents: number }>,
  key: K,
  money: (cents: number) => string,
  tick?: (value: string) => string,
) {
  return (
    <BarChart accessibilityLayer={false} data={rows}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey={key} tickFormatter={tick} minTickGap={16} />
      <YAxis tickFormatter={(v: number) => money(v)} width={80} />
      <Tooltip formatter={(v) => money(Number(v))} />
      <Bar dataKey="revenueCents" name="Revenue" fill={BAR} />
    </BarChart>
  );
}

function saveFile(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click starts the download synchronously; the object URL is no longer needed after it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function AdminStatsPage() {
  const { params, change } = useListParams();
  const from = params.get('from');
  const to = params.get('to');

  // A bare /admin/stats shows the last 30 days, written into the URL so the view can be shared. The days
  // are the server's (the device's clock may be off), asked afresh each time rather than taken from cache.
  const bare = from === null && to === null;
  const defaultRange = trpc.admin.stats.defaultRange.useQuery(undefined, { enabled: bare, gcTime: 0 });
  const freshDefault = defaultRange.isFetching ? undefined : defaultRange.data;
  useEffect(() => {
    if (bare && freshDefault) change(freshDefault, { typed: true });
  }, [bare, freshDefault, change]);

  const parsed = statsRangeInput.safeParse({ from: from ?? '', to: to ?? '' });
  const fieldError = (field: 'from' | 'to') =>
    bare || parsed.success ? undefined : parsed.error.issues.find((i) => i.path[0] === field)?.message;
  const range = parsed.success ? parsed.data : null;

  const stats = trpc.admin.stats.overview.useQuery(range ?? { from: '', to: '' }, {
    enabled: range !== null,
    placeholderData: keepPreviousData,
  });
  const utils = trpc.useUtils();
  const [csvError, setCsvError] = useState<string | null>(null);
  const [csvBusy, setCsvBusy] = useState(false);
  const downloadCsv = async () => {
    if (!range) return;
    setCsvError(null);
    setCsvBusy(true);
    try {
      const file = await utils.admin.stats.revenueCsv.fetch(range);
      saveFile(file.filename, file.csv);
    } catch (error) {
      setCsvError(errorMessage(error));
    } finally {
      setCsvBusy(false);
    }
  };

  const d = stats.data;
  const money = (cents: number) => (d ? formatMoney(cents, d.currency) : '');
  return (
    <div className="admin-catalog">
      <div className="admin-catalog__head">
        <h1>Statistics</h1>
        <button type="button" className="button" onClick={downloadCsv} disabled={!range || csvBusy}>
          Download revenue CSV
        </button>
      </div>
      {csvError ? <Alert kind="error">{csvError}</Alert> : null}
      <FilterBar>
        <DateFilter name="from" label="From (UTC)" error={fieldError('from')} />
        <DateFilter name="to" label="To (UTC)" error={fieldError('to')} />
      </FilterBar>
      {defaultRange.error && bare ? <Alert kind="error">{errorMessage(defaultRange.error)}</Alert> : null}
      {stats.error ? <Alert kind="error">{errorMessage(stats.error)}</Alert> : null}
      {d ? (
        <>
          <dl className="stats-tiles" aria-label="Summary">
            <div>
              <dt>Revenue</dt>
              <dd>{money(d.totalRevenueCents)}</dd>
            </div>
            <div>
              <dt>Paid orders</dt>
              <dd>{d.paidOrders}</dd>
            </div>
            <div>
              <dt>New clients</dt>
              <dd>{d.newClients}</dd>
            </div>
            <div>
              <dt>Active subscriptions</dt>
              <dd>{d.activeSubscriptions}</dd>
            </div>
            <div>
              <dt>Payment to delivery</dt>
              <dd>{d.avgDeliveryMinutes === null ? 'No deliveries' : `${d.avgDeliveryMinutes} min average`}</dd>
            </div>
          </dl>
          <div className="stats-grid">
            <ChartFigure
              title="Revenue per day"
              rows={d.revenuePerDay}
              rowKey={(r) => r.day}
              columns={[
                { header: 'Day', cell: (r) => r.day },
                { header: 'Paid orders', cell: (r) => r.orders },
                { header: 'Revenue', cell: (r) => money(r.revenueCents) },
              ]}
            >
              {revenueChart(d.revenuePerDay, 'day', money, (v) => v.slice(5))}
            </ChartFigure>
            <ChartFigure
              title="Revenue per month"
              rows={d.revenuePerMonth}
              rowKey={(r) => r.month}
              columns={[
                { header: 'Month', cell: (r) => r.month },
                { header: 'Paid orders', cell: (r) => r.orders },
                { header: 'Revenue', cell: (r) => money(r.revenueCents) },
              ]}
            >
              {revenueChart(d.revenuePerMonth, 'month', money)}
            </ChartFigure>
            <ChartFigure
              title="Orders created, by status"
              rows={d.ordersByStatus}
              rowKey={(r) => r.status}
              columns={[
                { header: 'Status', cell: (r) => ORDER_STATUS_LABELS[r.status] },
                { header: 'Orders', cell: (r) => r.count },
              ]}
            >
              <BarChart
                accessibilityLayer={false}
                // Horizontal bars: status names are too long to sit side by side under a phone-width axis.
                layout="vertical"
                data={d.ordersByStatus.map((r) => ({ ...r, label: ORDER_STATUS_LABELS[r.status] }))}
              >
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="label" interval={0} width={120} />
                <Tooltip />
                <Bar dataKey="count" name="Orders" fill={BAR} />
              </BarChart>
            </ChartFigure>
            <ChartFigure
              title="New clients per day"
              rows={d.newClientsPerDay}
              rowKey={(r) => r.day}
              columns={[
                { header: 'Day', cell: (r) => r.day },
                { header: 'New clients', cell: (r) => r.count },
              ]}
            >
              <BarChart accessibilityLayer={false} data={d.newClientsPerDay}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="day" tickFormatter={(v: string) => v.slice(5)} minTickGap={16} />
                <YAxis allowDecimals={false} width={40} />
                <Tooltip />
                <Bar dataKey="count" name="New clients" fill={BAR} />
              </BarChart>
            </ChartFigure>
          </div>
          <h2>Top offers by revenue</h2>
          {d.topOffers.length === 0 ? (
            <EmptyState>No paid orders in this range.</EmptyState>
          ) : (
            <div className="stats-top">
              <DataTable
                caption="Top offers by revenue"
                rows={d.topOffers}
                rowKey={(o) => o.offerId}
                columns={[
                  { header: 'Offer', cell: (o) => o.title },
                  { header: 'Units', cell: (o) => o.units },
                  { header: 'Revenue', cell: (o) => money(o.revenueCents) },
                ]}
              />
            </div>
          )}
        </>
      ) : (stats.isLoading && range) || (bare && defaultRange.isPending) ? (
        <p>Loading…</p>
      ) : null}
    </div>
  );
}
