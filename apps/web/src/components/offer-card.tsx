import type { RouterOutputs } from '@damso/api';
import { Link } from 'react-router';
import { formatDuration, formatMoney, offerImage } from '../lib/format.ts';

type Offer = RouterOutputs['catalog']['home']['featured'][number];

/** `priority`: the card whose picture is likely the largest thing on a phone's first screen. */
export function OfferCard({ offer, priority = false }: { offer: Offer; priority?: boolean }) {
  const image = offerImage(offer.imageKey);
  const saving =
    offer.compareAtCents && offer.compareAtCents > offer.priceCents
      ? Math.round((1 - offer.priceCents / offer.compareAtCents) * 100)
      : null;
  return (
    <article className="offer-card">
      {image ? (
        <img
          className="offer-card__image"
          src={image.src}
          srcSet={image.srcSet}
          sizes="(max-width: 600px) 100vw, 320px"
          width={640}
          height={400}
          alt=""
          loading={priority ? 'eager' : 'lazy'}
          fetchPriority={priority ? 'high' : 'auto'}
        />
      ) : (
        <div className="offer-card__image offer-card__image--empty" aria-hidden="true" />
      )}
      <div className="offer-card__body">
        <p className="offer-card__meta">
          {offer.serviceName} · {formatDuration(offer.durationDays)}
        </p>
        <h3 className="offer-card__title">
          <Link to={`/offers/${offer.slug}`} className="offer-card__link">
            {offer.title}
          </Link>
        </h3>
        <p className="offer-card__price">
          <strong>{formatMoney(offer.priceCents, offer.currency)}</strong>
          {saving ? (
            <>
              {' '}
              <span className="visually-hidden">instead of</span>
              <s>{formatMoney(offer.compareAtCents ?? 0, offer.currency)}</s>{' '}
              <span className="badge badge--saving">−{saving}%</span>
            </>
          ) : null}
        </p>
        {offer.ratingAverage !== null ? (
          <p className="offer-card__rating">
            <span aria-hidden="true">★</span> {offer.ratingAverage.toFixed(1)}{' '}
            <span>
              ({offer.ratingCount} {offer.ratingCount === 1 ? 'rating' : 'ratings'})
            </span>
          </p>
        ) : null}
      </div>
    </article>
  );
}
