import { keepPreviousData } from '@tanstack/react-query';
import { Link } from 'react-router';
import { CatalogFilters } from '../components/catalog/catalog-filters.tsx';
import { SearchFilter } from '../components/list/filters.tsx';
import { pagesByNumber, useListParams } from '../components/list/list-params.ts';
import { EmptyState } from '../components/list/list-view.tsx';
import { Pager } from '../components/list/pager.tsx';
import { OfferCard } from '../components/offer-card.tsx';
import { searchInputFrom } from '../lib/catalog-query.ts';
import { formatCount } from '../lib/format.ts';
import { usePageTitle } from '../lib/page-title.tsx';
import { trpc } from '../lib/trpc.ts';
import '../styles/catalog.css';

const PAGE_SIZE = 12;
const SKELETON_KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];
const SUGGESTIONS = ['Streamly', 'music', 'VPN', 'office'];

/** "1 offer", "240 offers", "1,000+ offers" (counted no further), or "Many offers" (a broad search, not counted). */
function countLabel({ total, totalCapped }: { total: number | null; totalCapped: boolean }) {
  if (total === null) return 'Many offers';
  return total === 1 && !totalCapped ? '1 offer' : `${formatCount(total, totalCapped)} offers`;
}

/** The same filters, from the first page. */
function withoutPage(params: URLSearchParams): string {
  const next = new URLSearchParams(params);
  next.delete('page');
  next.delete('cursor');
  return next.toString();
}

export function CatalogPage() {
  const { params } = useListParams();
  const input = searchInputFrom(params, PAGE_SIZE);

  usePageTitle(input.q ? `“${input.q}” — Catalog` : undefined);

  const categories = trpc.catalog.categories.useQuery(undefined, { staleTime: 60_000 });
  const results = trpc.catalog.search.useQuery(input, { placeholderData: keepPreviousData });
  const hasFilters = Boolean(input.q || input.category || input.minPrice || input.maxPrice || input.duration);

  return (
    <div className="catalog">
      <h1>Catalog</h1>
      <search className="catalog__search">
        <SearchFilter
          name="q"
          label="Search offers"
          placeholder="Try “streamly” or “vpn”"
          maxLength={100}
          autoComplete="off"
        />
      </search>
      <div className="catalog__layout">
        <CatalogFilters categories={categories.data ?? []} />
        <section className="catalog__results" aria-labelledby="results-title" aria-busy={results.isFetching}>
          <h2 id="results-title" className="visually-hidden">
            Results
          </h2>
          {results.isPending ? (
            <div className="offer-grid" aria-hidden="true" data-testid="catalog-skeleton">
              {SKELETON_KEYS.map((key) => (
                <div key={key} className="catalog-skeleton" />
              ))}
            </div>
          ) : results.isError ? (
            <p role="alert">The offers could not be loaded. Please try again in a moment.</p>
          ) : (
            <>
              <p className="catalog__count" aria-live="polite">
                {countLabel(results.data)}
                {results.data.loose && input.q ? ` — no exact match for “${input.q}”, showing close matches` : ''}
              </p>
              {results.data.items.length === 0 && (results.data.total ?? 0) > 0 ? (
                // A link to a page past the end (the catalog shrank, or the number was typed): the
                // offers exist, this page of them does not.
                <EmptyState
                  title={`There is no page ${results.data.page}`}
                  more={
                    <p>
                      <Link to={`/catalog?${withoutPage(params)}`}>Go to the first page</Link>
                    </p>
                  }
                >
                  {countLabel(results.data)} match, on fewer pages.
                </EmptyState>
              ) : results.data.items.length === 0 ? (
                <EmptyState
                  title={`No offers match ${input.q ? `“${input.q}”` : 'these filters'}`}
                  more={
                    <>
                      <ul className="category-list">
                        {SUGGESTIONS.map((s) => (
                          <li key={s}>
                            <Link className="category-chip" to={`/catalog?q=${encodeURIComponent(s)}`}>
                              {s}
                            </Link>
                          </li>
                        ))}
                      </ul>
                      {hasFilters ? (
                        <p>
                          <Link to="/catalog">Show all offers</Link>
                        </p>
                      ) : null}
                    </>
                  }
                >
                  Check the spelling, widen the price range, or try one of these:
                </EmptyState>
              ) : (
                <div className="offer-grid">
                  {results.data.items.map((offer) => (
                    <OfferCard key={offer.id} offer={offer} />
                  ))}
                </div>
              )}
              <Pager
                page={results.data.page}
                pageCount={results.data.pageCount}
                cursors={{
                  next: results.data.nextCursor,
                  prev: results.data.prevCursor,
                  numberedPages: pagesByNumber(PAGE_SIZE),
                }}
              />
            </>
          )}
        </section>
      </div>
    </div>
  );
}
