// Admin statistics: a UTC date range held in the URL (so a view can be linked), summary tiles, charts and
// the same figures as tables for screen readers and keyboard users. recharts is imported only here, and
// this page is lazy-loaded, so the chart library stays out of the shop bundle.
import { ORDER_STATUS_LABELS, statsRangeInput } from '@damso/validators';
import { keepPreviousData } from '@tanstack/react-query';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { withParams } from '../../lib/catalog-query.ts';
import { formatMoney } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { errorMessage } from '../../lib/trpc-errors.ts';
import '../../styles/admin-console.css';
import '../../styles/admin-stats.css';

const BAR = '#2563eb';

interface Column<T> {
  label: string;
  value: (row: T) => string | number;
}

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
        <div className="table-scroll">
          <table className="admin-table">
            <caption className="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                {props.columns.map((c) => (
                  <th key={c.label} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr key={props.rowKey(row)}>
                  {props.columns.map((c) => (
                    <td key={c.label}>{c.value(row)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
  const id = useId();
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');

  // A bare /admin/stats shows the last 30 days, written into the URL so the view can be shared. The days
  // are the server's (the device's clock may be off), asked afresh each time rather than taken from cache.
  const bare = from === null && to === null;
  const defaultRange = trpc.admin.stats.defaultRange.useQuery(undefined, { enabled: bare, gcTime: 0 });
  const freshDefault = defaultRange.isFetching ? undefined : defaultRange.data;
  useEffect(() => {
    if (bare && freshDefault) setParams((p) => withParams(p, freshDefault), { replace: true });
  }, [bare, freshDefault, setParams]);

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
  const dateField = (field: 'from' | 'to', label: string) => {
    const error = fieldError(field);
    return (
      <div className="catalog-field">
        <label htmlFor={`${id}-${field}`}>{label}</label>
        <input
          id={`${id}-${field}`}
          type="date"
          value={params.get(field) ?? ''}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-${field}-error` : undefined}
          onChange={(e) => setParams((p) => withParams(p, { [field]: e.target.value }))}
        />
        {error ? (
          <p className="field-error" id={`${id}-${field}-error`} role="alert">
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <div className="admin-catalog">
      <div className="admin-catalog__head">
        <h1>Statistics</h1>
        <button type="button" className="button" onClick={downloadCsv} disabled={!range || csvBusy}>
          Download revenue CSV
        </button>
      </div>
      {csvError ? <p role="alert">{csvError}</p> : null}
      <div className="admin-filters">
        {dateField('from', 'From (UTC)')}
        {dateField('to', 'To (UTC)')}
      </div>
      {defaultRange.error && bare ? <p role="alert">{errorMessage(defaultRange.error)}</p> : null}
      {stats.error ? <p role="alert">{errorMessage(stats.error)}</p> : null}
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
                { label: 'Day', value: (r) => r.day },
                { label: 'Paid orders', value: (r) => r.orders },
                { label: 'Revenue', value: (r) => money(r.revenueCents) },
              ]}
            >
              {revenueChart(d.revenuePerDay, 'day', money, (v) => v.slice(5))}
            </ChartFigure>
            <ChartFigure
              title="Revenue per month"
              rows={d.revenuePerMonth}
              rowKey={(r) => r.month}
              columns={[
                { label: 'Month', value: (r) => r.month },
                { label: 'Paid orders', value: (r) => r.orders },
                { label: 'Revenue', value: (r) => money(r.revenueCents) },
              ]}
            >
              {revenueChart(d.revenuePerMonth, 'month', money)}
            </ChartFigure>
            <ChartFigure
              title="Orders created, by status"
              rows={d.ordersByStatus}
              rowKey={(r) => r.status}
              columns={[
                { label: 'Status', value: (r) => ORDER_STATUS_LABELS[r.status] },
                { label: 'Orders', value: (r) => r.count },
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
                { label: 'Day', value: (r) => r.day },
                { label: 'New clients', value: (r) => r.count },
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
            <p>No paid orders in this range.</p>
          ) : (
            <div className="table-scroll">
              <table className="admin-table stats-top">
                <thead>
                  <tr>
                    <th scope="col">Offer</th>
                    <th scope="col">Units</th>
                    <th scope="col">Revenue</th>
                  </tr>
                </thead>
                <tbody>
                  {d.topOffers.map((o) => (
                    <tr key={o.offerId}>
                      <td>{o.title}</td>
                      <td>{o.units}</td>
                      <td>{money(o.revenueCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : (stats.isLoading && range) || (bare && defaultRange.isPending) ? (
        <p>Loading…</p>
      ) : null}
    </div>
  );
}
