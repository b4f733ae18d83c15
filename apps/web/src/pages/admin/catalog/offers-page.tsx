import type { RouterOutputs } from '@damso/api';
import { keepPreviousData } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Alert } from '../../../components/form/alert.tsx';
import { type Column, DataTable } from '../../../components/list/data-table.tsx';
import { FilterBar, SearchFilter, SelectFilter } from '../../../components/list/filters.tsx';
import { pageFrom, useListParams } from '../../../components/list/list-params.ts';
import { EmptyState, ListView } from '../../../components/list/list-view.tsx';
import { Pager } from '../../../components/list/pager.tsx';
import { formatDuration, formatMoney } from '../../../lib/format.ts';
import { trpc } from '../../../lib/trpc.ts';
import { errorMessage } from '../../../lib/trpc-errors.ts';
import '../../../styles/admin.css';

type Offer = RouterOutputs['admin']['offers']['list']['items'][number];

const STATE_OPTIONS = [
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
];

function Stock({ offer: o }: { offer: Offer }) {
  if (o.deliveryMode !== 'automatic') return <span className="muted">Manual</span>;
  const low = o.stockAvailable <= o.lowStockThreshold;
  return (
    <span className={low ? 'stock stock--low' : 'stock'}>
      {o.stockAvailable} codes{low ? ' (low)' : ''}
    </span>
  );
}

export function AdminOffersPage() {
  const { params } = useListParams();
  const state = params.get('state');
  const input = {
    q: params.get('q') || undefined,
    categoryId: Number(params.get('category')) || undefined,
    state: (state === 'active' || state === 'inactive' ? state : 'all') as 'active' | 'inactive' | 'all',
    page: pageFrom(params),
  };
  const list = trpc.admin.offers.list.useQuery(input, { placeholderData: keepPreviousData });
  const categories = trpc.catalog.categories.useQuery();
  const utils = trpc.useUtils();
  const setActive = trpc.admin.offers.setActive.useMutation({ onSuccess: () => utils.admin.offers.list.invalidate() });
  const columns: Column<Offer>[] = [
    {
      header: 'Offer',
      cell: (o) => (
        <>
          <Link to={`/admin/offers/${o.id}`}>{o.title}</Link>
          <div className="muted">
            {o.serviceName} · {formatDuration(o.durationDays)} · {o.soldCount} sold
          </div>
        </>
      ),
    },
    { header: 'Category', cell: (o) => o.categoryName },
    { header: 'Price', cell: (o) => formatMoney(o.priceCents, o.currency) },
    { header: 'Stock', cell: (o) => <Stock offer={o} /> },
    {
      header: 'State',
      cell: (o) => (
        <button
          type="button"
          className={o.isActive ? 'toggle toggle--on' : 'toggle'}
          aria-pressed={o.isActive}
          aria-label={`${o.title}: active`}
          onClick={() => setActive.mutate({ id: o.id, active: !o.isActive })}
        >
          {o.isActive ? 'Active' : 'Inactive'}
        </button>
      ),
    },
  ];

  return (
    <div className="admin-catalog">
      <div className="admin-catalog__head">
        <h1>Offers</h1>
        <Link className="button" to="/admin/offers/new">
          New offer
        </Link>
      </div>
      <FilterBar>
        <SearchFilter name="q" label="Search" />
        <SelectFilter
          name="category"
          label="Category"
          any="All"
          options={(categories.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
        />
        <SelectFilter
          name="state"
          label="State"
          any="All"
          options={STATE_OPTIONS}
          value={input.state === 'all' ? '' : input.state}
        />
      </FilterBar>
      {setActive.error ? <Alert kind="error">{errorMessage(setActive.error)}</Alert> : null}
      <ListView
        query={list}
        loading="Loading offers…"
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState clear="/admin/offers">No offers match.</EmptyState>}
      >
        {(d) => (
          <DataTable caption={`Offers, ${d.total} in all`} columns={columns} rows={d.items} rowKey={(o) => o.id} />
        )}
      </ListView>
      {list.data ? <Pager page={list.data.page} pageCount={list.data.pageCount} /> : null}
    </div>
  );
}
