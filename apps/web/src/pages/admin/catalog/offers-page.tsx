import type { RouterOutputs } from '@damso/api';
import { ADMIN_OFFER_SORTS, type AdminOfferSort, defaultAdminOfferSortDir, isLowStock } from '@damso/validators';
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/form/alert.tsx';
import { BulkBar, BulkButton, bulkOutcome, useSelection } from '../../../components/list/bulk.tsx';
import { type Column, DataTable } from '../../../components/list/data-table.tsx';
import { FilterBar, SearchFilter, SelectFilter } from '../../../components/list/filters.tsx';
import { pageFrom, useListParams } from '../../../components/list/list-params.ts';
import { EmptyState, ListView } from '../../../components/list/list-view.tsx';
import { Pager } from '../../../components/list/pager.tsx';
import { SortSelect, useListSort } from '../../../components/list/sort.tsx';
import { formatDuration, formatMoney } from '../../../lib/format.ts';
import { trpc } from '../../../lib/trpc.ts';
import { errorMessage } from '../../../lib/trpc-errors.ts';
import '../../../styles/admin.css';

type Offer = RouterOutputs['admin']['offers']['list']['items'][number];

const STATE_OPTIONS = [
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
];
const STOCK_OPTIONS = [{ value: 'low', label: 'Running low' }];
const SORT_OPTIONS = [
  { key: 'updated', dir: 'desc', label: 'Last updated first' },
  { key: 'updated', dir: 'asc', label: 'Least recently updated first' },
  { key: 'title', dir: 'asc', label: 'Title, A to Z' },
  { key: 'title', dir: 'desc', label: 'Title, Z to A' },
  { key: 'price', dir: 'asc', label: 'Price, lowest first' },
  { key: 'price', dir: 'desc', label: 'Price, highest first' },
  { key: 'sold', dir: 'desc', label: 'Most sold first' },
  { key: 'sold', dir: 'asc', label: 'Least sold first' },
] as const;

function Stock({ offer: o }: { offer: Offer }) {
  if (o.deliveryMode !== 'automatic') return <span className="muted">Manual</span>;
  const low = isLowStock(o.stockAvailable, o.lowStockThreshold);
  return (
    <span className={low ? 'stock stock--low' : 'stock'}>
      {o.stockAvailable} {o.stockAvailable === 1 ? 'code' : 'codes'}
      {low ? ' (low)' : ''}
    </span>
  );
}

export function AdminOffersPage() {
  const { params } = useListParams();
  const state = params.get('state');
  const sort = useListSort(ADMIN_OFFER_SORTS, (key) => defaultAdminOfferSortDir(key as AdminOfferSort));
  const input = {
    q: params.get('q') || undefined,
    categoryId: Number(params.get('category')) || undefined,
    state: (state === 'active' || state === 'inactive' ? state : 'all') as 'active' | 'inactive' | 'all',
    stock: params.get('stock') === 'low' ? ('low' as const) : ('all' as const),
    page: pageFrom(params),
    sort: sort.key as AdminOfferSort,
    dir: sort.dir,
  };
  const list = trpc.admin.offers.list.useQuery(input, { placeholderData: keepPreviousData });
  const categories = trpc.catalog.categories.useQuery();
  const utils = trpc.useUtils();
  const setActive = trpc.admin.offers.setActive.useMutation({ onSuccess: () => utils.admin.offers.list.invalidate() });
  const setActiveMany = trpc.admin.offers.setActiveMany.useMutation({
    onSuccess: () => utils.admin.offers.list.invalidate(),
  });
  const pageIds = useMemo(() => (list.data?.items ?? []).map((o) => o.id), [list.data]);
  const selection = useSelection(pageIds);
  const offers = (n: number) => (n === 1 ? 'offer' : `${n} offers`);
  const columns: Column<Offer>[] = [
    {
      header: 'Offer',
      sortKey: 'title',
      cell: (o) => (
        <>
          <Link to={`/admin/offers/${o.id}`}>{o.title}</Link>
          <div className="muted">
            {o.serviceName} · {formatDuration(o.durationDays)}
          </div>
        </>
      ),
    },
    { header: 'Category', cell: (o) => o.categoryName },
    { header: 'Price', sortKey: 'price', cell: (o) => formatMoney(o.priceCents, o.currency) },
    { header: 'Sold', sortKey: 'sold', cell: (o) => o.soldCount.toLocaleString('en') },
    { header: 'Stock', cell: (o) => <Stock offer={o} /> },
    {
      header: 'State',
      cell: (o) => (
        <button
          type="button"
          className={o.isActive ? 'toggle toggle--on' : 'toggle'}
          aria-pressed={o.isActive}
          onClick={() => setActive.mutate({ id: o.id, active: !o.isActive })}
        >
          {/* The offer's name is read first, the visible word last, so the button's name contains what it shows. */}
          <span className="visually-hidden">{o.title}: </span>
          {o.isActive ? 'Active' : 'Inactive'}
        </button>
      ),
    },
    { header: 'Updated', sortKey: 'updated', cell: (o) => o.updatedAt.toLocaleDateString() },
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
        <SelectFilter
          name="stock"
          label="Stock"
          any="All"
          options={STOCK_OPTIONS}
          value={input.stock === 'all' ? '' : input.stock}
        />
        <SortSelect sort={sort} options={SORT_OPTIONS} />
      </FilterBar>
      {setActive.error ? <Alert kind="error">{errorMessage(setActive.error)}</Alert> : null}
      <BulkBar selection={selection} pageCount={pageIds.length} noun="offers">
        <BulkButton
          selection={selection}
          label="Hide from shop"
          confirm={(n) => ({
            title: `Hide ${n === 1 ? 'this offer' : `these ${n} offers`} from the shop?`,
            body: `Clients will no longer find ${n === 1 ? 'it' : 'them'} in the shop. You can show ${n === 1 ? 'it' : 'them'} again at any time.`,
            confirmLabel: `Hide ${offers(n)}`,
          })}
          run={(ids) => setActiveMany.mutateAsync({ ids, active: false })}
          done={(r) => bulkOutcome(r, ['offer', 'offers'], 'hidden from the shop')}
        />
        <BulkButton
          selection={selection}
          label="Show in shop"
          confirm={(n) => ({
            title: `Show ${n === 1 ? 'this offer' : `these ${n} offers`} in the shop?`,
            body: `Clients will be able to find and order ${n === 1 ? 'it' : 'them'}.`,
            confirmLabel: `Show ${offers(n)}`,
          })}
          run={(ids) => setActiveMany.mutateAsync({ ids, active: true })}
          done={(r) => bulkOutcome(r, ['offer', 'offers'], 'shown in the shop')}
        />
      </BulkBar>
      <ListView
        query={list}
        loading="Loading offers…"
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState clear="/admin/offers">No offers match.</EmptyState>}
      >
        {(d) => (
          <>
            <p className="muted">
              {d.total.toLocaleString('en')} {d.total === 1 ? 'offer' : 'offers'}
            </p>
            <DataTable
              caption={`Offers, ${d.total} in all`}
              columns={columns}
              rows={d.items}
              rowKey={(o) => o.id}
              select={{ selection, id: (o) => o.id, label: (o) => `Select ${o.title}` }}
              sort={sort}
              stacked
            />
          </>
        )}
      </ListView>
      {list.data ? <Pager page={list.data.page} pageCount={list.data.pageCount} /> : null}
    </div>
  );
}
