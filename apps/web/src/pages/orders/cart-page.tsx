import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../components/form/alert.tsx';
import { EmptyState, ListView } from '../../components/list/list-view.tsx';
import { QuantityInput } from '../../components/orders/quantity-input.tsx';
import { useCartMode, useLocalCart, useServerCartActions, writeLocalCart } from '../../lib/cart.ts';
import { formatDuration, formatMoney, offerImage } from '../../lib/format.ts';
import { useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/orders.css';

/** The line's picture and title, linked to the offer so a client can check what they are buying. */
function CartLineOffer({
  title,
  slug,
  imageKey,
  children,
}: {
  title: string;
  slug?: string;
  imageKey?: string | null;
  children?: ReactNode;
}) {
  const image = offerImage(imageKey ?? null);
  return (
    <div className="cart-line__title">
      {image ? (
        <img
          className="cart-line__image"
          src={image.src}
          srcSet={image.srcSet}
          sizes="64px"
          width={64}
          height={40}
          alt=""
          loading="lazy"
        />
      ) : (
        <span className="cart-line__image" aria-hidden="true" />
      )}
      <div className="cart-line__text">
        {slug ? (
          <Link to={`/offers/${slug}`}>
            <strong>{title}</strong>
          </Link>
        ) : (
          <strong>{title}</strong>
        )}
        {children}
      </div>
    </div>
  );
}

function LocalCart() {
  const { currency, user } = useStore();
  const items = useLocalCart();
  const total = items.reduce((n, i) => n + i.priceCents * i.quantity, 0);
  const set = (offerId: number, quantity: number | null) =>
    writeLocalCart(items.flatMap((i) => (i.offerId !== offerId ? [i] : quantity === null ? [] : [{ ...i, quantity }])));
  if (items.length === 0) return <EmptyCart />;
  return (
    <>
      <ul className="cart-lines">
        {items.map((i) => (
          <li key={i.offerId} className="cart-line">
            <CartLineOffer title={i.title} slug={i.slug} imageKey={i.imageKey}>
              <span className="muted">{i.serviceName}</span>
            </CartLineOffer>
            <QuantityInput value={i.quantity} label={i.title} onChange={(q) => set(i.offerId, q)} />
            <span className="cart-line__price">{formatMoney(i.priceCents * i.quantity, currency)}</span>
            <button type="button" className="link-button" onClick={() => set(i.offerId, null)}>
              Remove<span className="visually-hidden"> {i.title}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="cart-summary">
        <p>
          Estimated total <strong>{formatMoney(total, currency)}</strong>
        </p>
        <p className="muted">
          {user
            ? 'Verify your email address to check out; your cart is kept in this browser until then.'
            : 'Log in or create an account to check out. Your cart moves to your account and prices are confirmed then.'}
        </p>
        {!user && (
          <Link className="button" to="/login?next=/cart">
            Log in to check out
          </Link>
        )}
      </div>
    </>
  );
}

function EmptyCart() {
  return (
    <EmptyState
      more={
        <Link className="button" to="/">
          Browse offers
        </Link>
      }
    >
      Your cart is empty.
    </EmptyState>
  );
}

function ServerCart() {
  const { currency } = useStore();
  const cart = trpc.cart.get.useQuery();
  const { setQuantity, remove } = useServerCartActions();
  const error = setQuantity.error ?? remove.error;
  const banner = error && (
    <Alert kind="error">
      {error.data?.code ? error.message : 'We could not save that change. Check your connection and try again.'}
    </Alert>
  );
  return (
    <>
      {banner}
      <ListView
        query={cart}
        loading="Loading your cart…"
        failed="We could not load your cart. Please reload the page."
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyCart />}
      >
        {({ items, subtotalCents, hasUnavailable, hasPriceChanges }) => (
          <>
            <ul className="cart-lines">
              {items.map((i) => (
                <li key={i.offerId} className={`cart-line${i.isActive ? '' : ' cart-line--off'}`}>
                  <CartLineOffer title={i.title} slug={i.slug} imageKey={i.imageKey}>
                    <span className="muted">
                      {i.serviceName} · {formatDuration(i.durationDays)}
                    </span>
                    {!i.isActive && (
                      <span className="flag flag--warn">No longer available — not included in your order</span>
                    )}
                    {i.priceChanged && (
                      <span className="flag flag--info">
                        Price changed from {formatMoney(i.seenPriceCents, currency)} to{' '}
                        {formatMoney(i.priceCents, currency)}
                      </span>
                    )}
                  </CartLineOffer>
                  {i.isActive ? (
                    <QuantityInput
                      value={i.quantity}
                      label={i.title}
                      onChange={(q) => setQuantity.mutate({ offerId: i.offerId, quantity: q })}
                    />
                  ) : (
                    <span />
                  )}
                  <span className="cart-line__price">{i.isActive ? formatMoney(i.lineCents, currency) : '—'}</span>
                  <button type="button" className="link-button" onClick={() => remove.mutate({ offerId: i.offerId })}>
                    Remove<span className="visually-hidden"> {i.title}</span>
                  </button>
                </li>
              ))}
            </ul>
            <div className="cart-summary">
              {(hasUnavailable || hasPriceChanges) && (
                <p className="muted">Please review the flagged items before you check out.</p>
              )}
              <p>
                Subtotal <strong data-testid="cart-subtotal">{formatMoney(subtotalCents, currency)}</strong>
              </p>
              <Link className="button" to="/checkout" aria-disabled={subtotalCents === 0}>
                Go to checkout
              </Link>
            </div>
          </>
        )}
      </ListView>
    </>
  );
}

export function CartPage() {
  const mode = useCartMode();
  return (
    <section className="narrow-wide">
      <h1>Your cart</h1>
      {mode === 'server' ? <ServerCart /> : <LocalCart />}
    </section>
  );
}
