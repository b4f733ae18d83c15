import { OfferCard } from '../components/offer-card.tsx';
import { trpc } from '../lib/trpc.ts';

export function HomePage() {
  const home = trpc.catalog.home.useQuery();
  return (
    <>
      <section className="hero">
        <h1>Your favourite services, for less</h1>
        <p>Streaming, music, office, creative and security plans — paid by transfer, delivered digitally.</p>
      </section>
      {home.isPending ? (
        <p aria-busy="true">Loading the catalog…</p>
      ) : home.isError ? (
        <p role="alert">The catalog could not be loaded. Please reload the page.</p>
      ) : (
        <>
          <section aria-labelledby="categories-title">
            <h2 id="categories-title">Categories</h2>
            <ul className="category-list">
              {home.data.categories.map((c) => (
                <li key={c.id} className="category-chip">
                  {c.name} <span className="muted">({c.offerCount})</span>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="featured-title">
            <h2 id="featured-title">Featured offers</h2>
            <div className="offer-grid">
              {home.data.featured.map((offer) => (
                <OfferCard key={offer.id} offer={offer} />
              ))}
            </div>
          </section>
        </>
      )}
    </>
  );
}
