import { useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { OfferCard } from '../components/offer-card.tsx';
import { trpc } from '../lib/trpc.ts';
import '../styles/catalog.css';

export function HomePage() {
  const home = trpc.catalog.home.useQuery();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const searchId = useId();
  return (
    <>
      <section className="hero">
        <h1>Your favourite services, for less</h1>
        <p>Streaming, music, office, creative and security plans — paid by transfer, delivered digitally.</p>
        <search>
          <form
            className="home-search"
            onSubmit={(e) => {
              e.preventDefault();
              navigate(q.trim() ? `/catalog?q=${encodeURIComponent(q.trim())}` : '/catalog');
            }}
          >
            <label htmlFor={searchId} className="visually-hidden">
              Search offers
            </label>
            <input
              id={searchId}
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="Search streaming, music, VPN…"
              maxLength={100}
            />
            <button type="submit" className="button">
              Search
            </button>
          </form>
        </search>
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
                <li key={c.id}>
                  <Link className="category-chip" to={`/catalog?category=${c.slug}`}>
                    {c.name} <span className="muted">({c.offerCount})</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="featured-title">
            <h2 id="featured-title">Featured offers</h2>
            <p>
              <Link to="/catalog">See all offers</Link>
            </p>
            <div className="offer-grid">
              {home.data.featured.map((offer, i) => (
                <OfferCard key={offer.id} offer={offer} priority={i === 0} />
              ))}
            </div>
          </section>
        </>
      )}
    </>
  );
}
