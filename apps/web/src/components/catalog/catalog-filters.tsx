import type { RouterOutputs } from '@damso/api';
import { useId, useState } from 'react';

type Category = RouterOutputs['catalog']['categories'][number];

const SORT_LABELS = {
  popular: 'Most popular',
  price_asc: 'Price: low to high',
  price_desc: 'Price: high to low',
  newest: 'Newest',
  rating: 'Best rated',
} as const;

export function CatalogFilters({
  params,
  categories,
  onChange,
}: {
  params: URLSearchParams;
  categories: Category[];
  onChange: (changes: Record<string, string | null>) => void;
}) {
  const id = useId();
  // Open beside the results on wide screens; folded above them on phones so results come first.
  const [wide] = useState(() => window.matchMedia('(min-width: 900px)').matches);
  const value = (key: string) => params.get(key) ?? '';
  return (
    <aside className="catalog__filters" aria-label="Filters">
      <details className="catalog__filters-toggle" open={wide}>
        <summary>Filters and sorting</summary>
        <div className="catalog__filters-body">
          <div className="catalog-field">
            <label htmlFor={`${id}-sort`}>Sort by</label>
            <select
              id={`${id}-sort`}
              value={value('sort') || 'popular'}
              onChange={(e) => onChange({ sort: e.target.value === 'popular' ? null : e.target.value })}
            >
              {Object.entries(SORT_LABELS).map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="catalog-field">
            <label htmlFor={`${id}-category`}>Category</label>
            <select
              id={`${id}-category`}
              value={value('category')}
              onChange={(e) => onChange({ category: e.target.value })}
            >
              <option value="">All categories</option>
              {categories.map((c) => (
                <option key={c.id} value={c.slug}>
                  {c.name} ({c.offerCount})
                </option>
              ))}
            </select>
          </div>
          <div className="catalog-field">
            <label htmlFor={`${id}-duration`}>Duration</label>
            <select
              id={`${id}-duration`}
              value={value('duration')}
              onChange={(e) => onChange({ duration: e.target.value })}
            >
              <option value="">Any duration</option>
              <option value="30">1 month</option>
              <option value="90">3 months</option>
              <option value="365">12 months</option>
              <option value="lifetime">Lifetime</option>
            </select>
          </div>
          <fieldset className="catalog-field catalog-price">
            <legend>Price</legend>
            <label htmlFor={`${id}-min`}>From</label>
            <input
              id={`${id}-min`}
              inputMode="decimal"
              defaultValue={value('min')}
              key={`min-${value('min')}`}
              placeholder="0"
              onBlur={(e) => onChange({ min: e.target.value.trim() })}
              onKeyDown={(e) => e.key === 'Enter' && onChange({ min: e.currentTarget.value.trim() })}
            />
            <label htmlFor={`${id}-max`}>to</label>
            <input
              id={`${id}-max`}
              inputMode="decimal"
              defaultValue={value('max')}
              key={`max-${value('max')}`}
              placeholder="any"
              onBlur={(e) => onChange({ max: e.target.value.trim() })}
              onKeyDown={(e) => e.key === 'Enter' && onChange({ max: e.currentTarget.value.trim() })}
            />
          </fieldset>
          <button
            type="button"
            className="button button--ghost"
            onClick={() => onChange({ category: null, duration: null, min: null, max: null, sort: null })}
          >
            Reset filters
          </button>
        </div>
      </details>
    </aside>
  );
}
