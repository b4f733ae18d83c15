import { checkoutForm } from '@damso/validators';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import { Field, FormError, SubmitButton } from '../../components/form/form-kit.tsx';
import { showServerError, submitForm } from '../../components/form/submit.ts';
import { formatMoney } from '../../lib/format.ts';
import { useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import { errorCode } from '../../lib/trpc-errors.ts';
import '../../styles/orders.css';

type Form = z.input<typeof checkoutForm>;

function newKey(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/** What happens after "Place order": payment, delivery and refunds, stated before the client commits. */
function CheckoutTerms({ automatic, manual }: { automatic: boolean; manual: boolean }) {
  return (
    <section className="checkout-terms" aria-labelledby="checkout-terms-title">
      <h2 id="checkout-terms-title">Before you place the order</h2>
      <h3>Payment</h3>
      <p>
        You pay by bank transfer after placing the order; the instructions, the amount and the payment deadline are on
        the next page. An order not paid by its deadline is cancelled automatically, and you can cancel it yourself
        until the payment is verified.
      </p>
      <h3>Delivery</h3>
      <p>
        Everything is delivered digitally once we have verified your payment: the details appear on your order page and
        we email you when they are ready.
      </p>
      <ul>
        {automatic && <li>Instant items: the code is delivered at once, as soon as the payment is verified.</li>}
        {manual && (
          <li>Items delivered by our team: an employee delivers the details by hand after verifying the payment.</li>
        )}
      </ul>
      <h3>Refunds</h3>
      <p>
        A paid order can be refunded by our team; ask in the Messages section of your order. A refund revokes what was
        delivered: the codes stop working and are never sold again, and the subscription ends.
      </p>
    </section>
  );
}

export function CheckoutPage() {
  const { currency, user } = useStore();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const cart = trpc.cart.get.useQuery(undefined, { enabled: Boolean(user?.emailVerified) });
  // One key per visit of this page: a double click or a retry sends the same key and gets the same order.
  const [key, setKey] = useState(newKey);
  const [applied, setApplied] = useState<{ code: string; discountCents: number } | null>(null);
  const form = useForm<Form>({
    resolver: zodResolver(checkoutForm),
    mode: 'onChange',
    defaultValues: { couponCode: '' },
  });
  const checkout = trpc.orders.checkout.useMutation();

  if (!user) {
    return (
      <section className="narrow">
        <h1>Checkout</h1>
        <p>
          Please <Link to="/login?next=/checkout">log in</Link> to place your order.
        </p>
      </section>
    );
  }
  if (!user.emailVerified) {
    return (
      <section className="narrow">
        <h1>Checkout</h1>
        <p>Please verify your email address before ordering.</p>
      </section>
    );
  }
  if (cart.isPending) return <p aria-busy="true">Loading…</p>;
  if (cart.isError) return <p role="alert">We could not load your cart. Please reload the page.</p>;
  const buyable = cart.data.items.filter((i) => i.isActive);
  if (buyable.length === 0) {
    return (
      <section className="narrow">
        <h1>Checkout</h1>
        <p>Your cart has nothing that can be ordered.</p>
        <Link to="/">Browse offers</Link>
      </section>
    );
  }
  const discount = applied ? Math.min(applied.discountCents, cart.data.subtotalCents) : 0;
  const total = cart.data.subtotalCents - discount;

  // A refused code is the coupon field's error.
  const applyCoupon = submitForm(
    form,
    async ({ couponCode }) => {
      if (!couponCode) return setApplied(null);
      try {
        const preview = await utils.orders.previewCoupon.fetch({ code: couponCode }, { retry: false });
        setApplied({ code: preview.code, discountCents: preview.discountCents });
      } catch (error) {
        setApplied(null);
        throw error;
      }
    },
    'couponCode',
  );

  const placeOrder = async () => {
    form.clearErrors('root.server');
    try {
      const { number } = await checkout.mutateAsync({
        idempotencyKey: key,
        couponCode: applied?.code ?? '',
        expectedTotalCents: total,
      });
      await utils.cart.get.invalidate();
      navigate(`/orders/${number}`);
    } catch (error) {
      if (errorCode(error) === 'CONFLICT') {
        // Prices moved: show the new ones and let the client confirm with a fresh key.
        await utils.cart.get.invalidate();
        setKey(newKey());
      }
      showServerError(form, error);
    }
  };

  return (
    <section className="checkout">
      <h1>Checkout</h1>
      <ul className="summary-lines">
        {buyable.map((i) => (
          <li key={i.offerId}>
            <span>
              {i.title} × {i.quantity}
              <span className="muted">
                {' '}
                · {i.deliveryMode === 'automatic' ? 'Instant delivery' : 'Delivered by our team'}
              </span>
              {i.priceChanged && <span className="flag flag--info">New price</span>}
            </span>
            <span>{formatMoney(i.lineCents, currency)}</span>
          </li>
        ))}
      </ul>
      {cart.data.hasUnavailable && (
        <p className="flag flag--warn">Unavailable items stay in your cart and are not ordered.</p>
      )}
      <form className="coupon-form" onSubmit={applyCoupon} noValidate>
        <Field id="couponCode" label="Coupon code" error={form.formState.errors.couponCode?.message}>
          {(control) => (
            <div className="inline-field">
              <input {...control} autoComplete="off" {...form.register('couponCode')} />
              <SubmitButton busy={form.formState.isSubmitting} variant="ghost">
                Apply
              </SubmitButton>
            </div>
          )}
        </Field>
        {applied && <p className="ok">Coupon {applied.code} applied.</p>}
      </form>
      <dl className="totals">
        <dt>Subtotal</dt>
        <dd>{formatMoney(cart.data.subtotalCents, currency)}</dd>
        {discount > 0 && (
          <>
            <dt>Discount</dt>
            <dd>−{formatMoney(discount, currency)}</dd>
          </>
        )}
        <dt>Total to pay</dt>
        <dd>
          <strong data-testid="checkout-total">{formatMoney(total, currency)}</strong>
        </dd>
      </dl>
      <CheckoutTerms
        automatic={buyable.some((i) => i.deliveryMode === 'automatic')}
        manual={buyable.some((i) => i.deliveryMode !== 'automatic')}
      />
      <FormError form={form} />
      <button type="button" className="button" disabled={checkout.isPending} onClick={placeOrder}>
        {checkout.isPending ? 'Placing your order…' : 'Place order'}
      </button>
    </section>
  );
}
