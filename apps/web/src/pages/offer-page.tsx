import { lazy, Suspense } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { WhenNearViewport } from '../components/near-viewport.tsx';
import { AddToCartButton } from '../components/orders/add-to-cart-button.tsx';
import { formatDuration, formatMoney, offerImage } from '../lib/format.ts';
import { usePageTitle } from '../lib/page-title.tsx';
import { useCan } from '../lib/session.tsx';
import { trpc } from '../lib/trpc.ts';
import { retryUnlessNotFound } from '../lib/trpc-errors.ts';
import '../styles/catalog.css';

// The comments (their list, forms and dialogs) load when the reader scrolls near them.
const OfferComments = lazy(() => import('../components/catalog/offer-comments.tsx'));

/** The comments' place while they load: the same section and heading. */
const commentsPlaceholder = (
  <section id="comments" aria-labelledby="comments-title" className="comments">
    <h2 id="comments-title">Comments</h2>
  </section>
);

export function OfferPage() {
  const { slug = '' } = useParams();
  const can = useCan();
  const { hash } = useLocation();
  // The same input and rule as its prefetch in routes.tsx.
  const offer = trpc.catalog.offer.useQuery({ slug }, { retry: retryUnlessNotFound });
  usePageTitle(offer.data?.title);

  if (offer.isPending) {
    return (
      <div className="offer-page" aria-busy="true">
        <div className="catalog-skeleton offer-page__image" />
        <p>Loading the offer…</p>
      </div>
    );
  }
  if (offer.isError) {
    return (
      <div className="empty-state">
        <h1>
          {offer.error.data?.code === 'NOT_FOUND' ? 'This offer is not available' : 'The offer could not be loaded'}
        </h1>
        <p>It may have been removed or renamed. The catalog has plenty of others.</p>
        <p>
          <Link to="/catalog">Browse the catalog</Link>
        </p>
      </div>
    );
  }
  const o = offer.data;
  const image = offerImage(o.imageKey);
  const saving = o.compareAtCents && o.compareAtCents > o.priceCents ? o.compareAtCents - o.priceCents : null;
  return (
    <article className="offer-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/catalog">Catalog</Link> <span aria-hidden="true">›</span>{' '}
        <Link to={`/catalog?category=${o.categorySlug}`}>{o.categoryName}</Link>
      </nav>
      <div className="offer-page__top">
        {image ? (
          <img
            className="offer-page__image"
            src={image.src}
            srcSet={image.srcSet}
            sizes="(max-width: 700px) 100vw, 560px"
            width={640}
            height={400}
            fetchPriority="high"
            alt={`${o.serviceName} ${o.title}`}
          />
        ) : (
          <div className="offer-page__image offer-card__image--empty" aria-hidden="true" />
        )}
        <div className="offer-page__summary">
          <p className="eyebrow">
            {o.serviceName} · {o.categoryName}
          </p>
          <h1>{o.title}</h1>
          {!o.isActive ? <p className="badge">Inactive — only admins see this page</p> : null}
          {can('admin:offers') ? (
            <p>
              <Link to={`/admin/offers/${o.id}`}>Edit this offer</Link>
            </p>
          ) : null}
          <p className="offer-page__rating">
            {o.ratingAverage !== null ? (
              <>
                <span aria-hidden="true">★</span> {o.ratingAverage.toFixed(1)} out of 5 ·{' '}
                {o.ratingCount === 1 ? '1 rating' : `${o.ratingCount} ratings`}
              </>
            ) : (
              'No ratings yet'
            )}
          </p>
          <dl className="offer-page__facts">
            <dt>Duration</dt>
            <dd>{formatDuration(o.durationDays)}</dd>
            <dt>Delivery</dt>
            <dd data-testid="offer-delivery">
              {o.deliveryMode === 'automatic'
                ? o.inStock
                  ? 'In stock · instant: your code is delivered as soon as your payment is verified'
                  : 'Out of stock for instant delivery · our team delivers it by hand after your payment is verified'
                : 'Digital · our team delivers it by hand after your payment is verified'}
            </dd>
            <dt>Price</dt>
            <dd className="offer-page__price">
              <strong>{formatMoney(o.priceCents, o.currency)}</strong>
              {saving && o.compareAtCents ? (
                <>
                  {' '}
                  <span className="visually-hidden">instead of</span> <s>{formatMoney(o.compareAtCents, o.currency)}</s>{' '}
                  <span className="badge badge--saving">
                    You save {formatMoney(saving, o.currency)} ({Math.round((saving / o.compareAtCents) * 100)}%)
                  </span>
                </>
              ) : null}
            </dd>
          </dl>
          {o.isActive ? (
            <AddToCartButton
              offer={{
                id: o.id,
                title: o.title,
                serviceName: o.serviceName,
                priceCents: o.priceCents,
                slug: o.slug,
                imageKey: o.imageKey,
              }}
            />
          ) : null}
        </div>
      </div>
      <section aria-labelledby="about-title" className="offer-page__about">
        <h2 id="about-title">About this offer</h2>
        {o.description.split(/\n\s*\n/).map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
      </section>
      <WhenNearViewport placeholder={commentsPlaceholder} eager={hash === '#comments'}>
        <Suspense fallback={commentsPlaceholder}>
          <OfferComments offerId={o.id} />
        </Suspense>
      </WhenNearViewport>
    </article>
  );
}
