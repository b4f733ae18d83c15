// "Add to cart" for an offer: the server cart when signed in and verified, the browser cart otherwise.
import { type ReactNode, useId, useState } from 'react';
import { Link } from 'react-router';
import { type CartOffer, useAddToCart } from '../../lib/cart.ts';

/** `children` replaces the button's text, e.g. "Renew" on a subscription card. */
export function AddToCartButton({ offer, children = 'Add to cart' }: { offer: CartOffer; children?: ReactNode }) {
  const { addToCart, isPending } = useAddToCart();
  const [state, setState] = useState<'idle' | 'added' | 'failed'>('idle');
  const [message, setMessage] = useState('');
  const statusId = useId();
  return (
    <div className="add-to-cart">
      <button
        type="button"
        className="button"
        disabled={isPending}
        aria-describedby={statusId}
        onClick={async () => {
          try {
            await addToCart(offer);
            setState('added');
          } catch (error) {
            setMessage((error as Error).message);
            setState('failed');
          }
        }}
      >
        {children}
      </button>
      <p id={statusId} role="status" className={state === 'failed' ? 'error-text' : 'muted'}>
        {state === 'added' && (
          <>
            Added to your cart. <Link to="/cart">View cart</Link>
          </>
        )}
        {state === 'failed' && message}
      </p>
    </div>
  );
}
