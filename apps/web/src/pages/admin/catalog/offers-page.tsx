import { keepPreviousData } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Pagination } from '../../../components/catalog/pagination.tsx';
import { withParams } from '../../../lib/catalog-query.ts';
import { formatDuration, formatMoney } from '../../../lib/format.ts';
import { trpc } from '../../../lib/trpc.ts';
import { errorMessage } from '../../../lib/trpc-errors.ts';
import '../../../styles/admin-catalog.css';

export function AdminOffersPage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const state = params.get('state');
  const input = {
    q: params.get('q') || undefined,
    categoryId: Number(params.get('category')) || undefined,
    state: (state === 'active' || state === 'inactive' ? state : 'all') as 'active' | 'inactive' | 'all',
    page: Math.max(1, Number(params.get('page')) || 1),
  };
  const list = trpc.admin.offers.list.useQuery(input, { placeholderData: keepPreviousData });
  const categories = trpc.catalog.categories.useQuery();
  const utils = trpc.useUtils();
  const setActive = trpc.admin.offers.setActive.useMutation({ onSuccess: () => utils.admin.offers.list.invalidate() });
  const change = (changes: Record<string, string | null>) => setParams((p) => withParams(p, changes));

  return (
    <div className="admin-catalog">
      <div className="admin-catalog__head">
        <h1>Offers</h1>
        <Link className="button" to="/admin/offers/new">
          New offer
        </Link>
      </div>
      <div className="admin-filters">
        <div className="catalog-field">
          <label htmlFor={`${id}-q`}>Search</label>
          <input
            id={`${id}-q`}
            type="search"
            defaultValue={input.q}
            onChange={(e) => setParams((p) => withParams(p, { q: e.target.value.trim() }), { replace: true })}
          />
        </div>
        <div className="catalog-field">
          <label htmlFor={`${id}-cat`}>Category</label>
          <select
            id={`${id}-cat`}
            value={params.get('category') ?? ''}
            onChange={(e) => change({ category: e.target.value })}
          >
            <option value="">All</option>
            {categories.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="catalog-field">
          <label htmlFor={`${id}-state`}>State</label>
          <select
            id={`${id}-state`}
            value={input.state}
            onChange={(e) => change({ state: e.target.value === 'all' ? null : e.target.value })}
          >
            <option value="all">All</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </select>
        </div>
      </div>
      {setActive.error ? (
        <p role="alert" className="field-error">
          {errorMessage(setActive.error)}
        </p>
      ) : null}
      {list.isPending ? (
        <p aria-busy="true">Loading offers…</p>
      ) : list.isError ? (
        <p role="alert">{list.error.message}</p>
      ) : list.data.items.length === 0 ? (
        <p>
          No offers match. <Link to="/admin/offers">Clear the filters</Link>
        </p>
      ) : (
        <div className="table-scroll">
          <table className="admin-table">
            <caption className="visually-hidden">Offers, {list.data.total} in all</caption>
            <thead>
              <tr>
                <th scope="col">Offer</th>
                <th scope="col">Category</th>
                <th scope="col">Price</th>
                <th scope="col">Stock</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/admin/offers/${o.id}`}>{o.title}</Link>
                    <div className="muted">
                      {o.serviceName} · {formatDuration(o.durationDays)} · {o.soldCount} sold
                    </div>
                  </td>
                  <td>{o.categoryName}</td>
                  <td>{formatMoney(o.priceCents, o.currency)}</td>
                  <td>
                    {o.deliveryMode === 'automatic' ? (
                      <span className={o.stockAvailable <= o.lowStockThreshold ? 'stock stock--low' : 'stock'}>
                        {o.stockAvailable} codes{o.stockAvailable <= o.lowStockThreshold ? ' (low)' : ''}
                      </span>
                    ) : (
                      <span className="muted">Manual</span>
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      className={o.isActive ? 'toggle toggle--on' : 'toggle'}
                      aria-pressed={o.isActive}
                      aria-label={`${o.title}: active`}
                      onClick={() => setActive.mutate({ id: o.id, active: !o.isActive })}
                    >
                      {o.isActive ? 'Active' : 'Inactive'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data ? <Pagination params={params} page={list.data.page} pageCount={list.data.pageCount} /> : null}
    </div>
  );
}
