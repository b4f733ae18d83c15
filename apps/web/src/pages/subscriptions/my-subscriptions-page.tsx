// "My subscriptions": one card per subscription with days left, a progress bar and a Renew button
// that puts the offer in the cart (the purchase then extends the subscription from its end).
import type { RouterOutputs } from '@damso/api';
import { SUBSCRIPTION_STATUS_LABELS } from '@damso/validators';
import { Link } from 'react-router';
import { EmptyState, ListView } from '../../components/list/list-view.tsx';
import { AddToCartButton } from '../../components/orders/add-to-cart-button.tsx';
import { useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/orders.css';
import '../../styles/subscriptions.css';

type Subscription = RouterOutputs['subscriptions']['list'][number];

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

function TimeLeft({ sub }: { sub: Subscription }) {
  if (sub.endsAt === null || sub.daysLeft === null || sub.totalDays === null) {
    return <p className="sub-card__left">Lifetime access</p>;
  }
  const left = Math.min(sub.daysLeft, sub.totalDays);
  const text = sub.status === 'cancelled' ? 'Cancelled' : sub.daysLeft === 0 ? 'Ended' : `${days(left)} left`;
  return (
    <>
      <p className="sub-card__left">
        {text}
        <span className="muted">
          {' '}
          · {sub.daysLeft === 0 ? 'ended' : 'ends'}{' '}
          <time dateTime={sub.endsAt.toISOString()}>{sub.endsAt.toLocaleDateString()}</time>
        </span>
      </p>
      <div
        className={`sub-progress sub-progress--${sub.status}`}
        role="progressbar"
        aria-label={`Time left on ${sub.offer.serviceName}`}
        aria-valuemin={0}
        aria-valuemax={sub.totalDays}
        aria-valuenow={left}
        aria-valuetext={`${days(left)} left of ${days(sub.totalDays)}`}
      >
        <div className="sub-progress__bar" style={{ width: `${(left / sub.totalDays) * 100}%` }} />
      </div>
    </>
  );
}

function SubscriptionCard({ sub }: { sub: Subscription }) {
  return (
    <li className="sub-card">
      <div className="sub-card__head">
        <h2>{sub.offer.serviceName}</h2>
        <span className={`status status--sub-${sub.status}`}>{SUBSCRIPTION_STATUS_LABELS[sub.status]}</span>
      </div>
      <p>
        <Link to={`/offers/${sub.offer.slug}`}>{sub.offer.title}</Link>
      </p>
      <TimeLeft sub={sub} />
      {sub.endsAt !== null &&
        (sub.offer.isActive ? (
          <AddToCartButton
            offer={{
              id: sub.offer.id,
              title: sub.offer.title,
              serviceName: sub.offer.serviceName,
              priceCents: sub.offer.priceCents,
              slug: sub.offer.slug,
            }}
          >
            Renew<span className="visually-hidden"> {sub.offer.title}</span>
          </AddToCartButton>
        ) : (
          <p className="muted">This plan is no longer sold.</p>
        ))}
    </li>
  );
}

export function MySubscriptionsPage() {
  const { user } = useStore();
  const list = trpc.subscriptions.list.useQuery(undefined, { enabled: Boolean(user?.emailVerified) });
  if (!user) {
    return (
      <section className="narrow">
        <h1>My subscriptions</h1>
        <p>
          Please <Link to="/login?next=/subscriptions">log in</Link> to see your subscriptions.
        </p>
      </section>
    );
  }
  if (!user.emailVerified) return <p>Please verify your email address to see your subscriptions.</p>;
  return (
    <section>
      <h1>My subscriptions</h1>
      <ListView
        query={list}
        loading="Loading your subscriptions…"
        failed="We could not load your subscriptions. Please reload the page."
        isEmpty={(d) => d.length === 0}
        empty={
          <EmptyState>
            You have no subscriptions yet. <Link to="/catalog">Browse offers</Link>
          </EmptyState>
        }
      >
        {(d) => (
          <ul className="sub-grid">
            {d.map((s) => (
              <SubscriptionCard key={s.id} sub={s} />
            ))}
          </ul>
        )}
      </ListView>
    </section>
  );
}
