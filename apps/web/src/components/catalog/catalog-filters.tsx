import type { RouterOutputs } from '@damso/api';
import { useId, useState } from 'react';
import { priceProblems } from '../../lib/catalog-query.ts';
import { SelectFilter } from '../list/filters.tsx';
import { useListParams } from '../list/list-params.ts';

type Category = RouterOutputs['catalog']['categories'][number];

const SORT_OPTIONS = [
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
  { value: 'newest', label: 'Newest' },
  { value: 'rating', label: 'Best rated' },
];
const DURATION_OPTIONS = [
  { value: '30', label: '1 month' },
  { value: '90', label: '3 months' },
  { value: '365', label: '12 months' },
  { value: 'lifetime', label: 'Lifetime' },
];

export function CatalogFilters({ categories }: { categories: Category[] }) {
  const id = useId();
  const { params, change } = useListParams();
  // Open beside the results on wide screens; folded above them on phones so results come first.
  const [wide] = useState(() => window.matchMedia('(min-width: 900px)').matches);
  const value = (key: string) => params.get(key) ?? '';
  const problems = priceProblems(params);
  const errorId = (key: 'min' | 'max') => (problems[key] ? `${id}-${key}-error` : undefined);
  return (
    <aside className="catalog__filters" aria-label="Filters">
      <details className="catalog__filters-toggle" open={wide}>
        <summary>Filters and sorting</summary>
        <div className="catalog__filters-body">
          {/* Most popular is the catalog's own order: it needs no ?sort= in the URL. */}
          <SelectFilter name="sort" label="Sort by" any="Most popular" options={SORT_OPTIONS} />
          <SelectFilter
            name="category"
            label="Category"
            any="All categories"
            options={categories.map((c) => ({ value: c.slug, label: `${c.name} (${c.offerCount})` }))}
          />
          <SelectFilter name="duration" label="Duration" any="Any duration" options={DURATION_OPTIONS} />
          <fieldset className="field catalog-price">
            <legend>Price</legend>
            <label htmlFor={`${id}-min`}>From</label>
            <input
              id={`${id}-min`}
              inputMode="decimal"
              defaultValue={value('min')}
              key={`min-${value('min')}`}
              placeholder="0"
              aria-invalid={problems.min ? true : undefined}
              aria-describedby={errorId('min')}
              onBlur={(e) => change({ min: e.target.value.trim() })}
              onKeyDown={(e) => e.key === 'Enter' && change({ min: e.currentTarget.value.trim() })}
            />
            <label htmlFor={`${id}-max`}>to</label>
            <input
              id={`${id}-max`}
              inputMode="decimal"
              defaultValue={value('max')}
              key={`max-${value('max')}`}
              placeholder="any"
              aria-invalid={problems.max ? true : undefined}
              aria-describedby={errorId('max')}
              onBlur={(e) => change({ max: e.target.value.trim() })}
              onKeyDown={(e) => e.key === 'Enter' && change({ max: e.currentTarget.value.trim() })}
            />
            {(['min', 'max'] as const).map((key) =>
              problems[key] ? (
                <p key={key} id={errorId(key)} className="field__error catalog-price__error" role="alert">
                  {key === 'min' ? 'From: ' : 'To: '}
                  {problems[key]}
                </p>
              ) : null,
            )}
          </fieldset>
          <button
            type="button"
            className="button button--ghost"
            onClick={() => change({ category: null, duration: null, min: null, max: null, sort: null })}
          >
            Reset filters
          </button>
        </div>
      </details>
    </aside>
  );
}
