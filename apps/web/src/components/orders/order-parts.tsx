// Pieces the client's order page and the desk share: status badge, timeline, items with their
// delivered details (revealed on click, copyable; a refund's revoked items only say so).
import type { RouterOutputs } from '@damso/api';
import { ORDER_STATUS_LABELS, type OrderStatus } from '@damso/validators';
import { useState } from 'react';
import { formatDuration, formatMoney } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../form/alert.tsx';

export type OrderDetail = RouterOutputs['orders']['get'];

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`status status--${status}`}>{ORDER_STATUS_LABELS[status]}</span>;
}

export function OrderTimeline({ events }: { events: OrderDetail['events'] }) {
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={e.id}>
          <StatusBadge status={e.toStatus as OrderStatus} />
          <span className="muted">
            {' '}
            by {e.by === 'client' ? 'the client' : e.by} ·{' '}
            <time dateTime={e.createdAt.toISOString()}>{e.createdAt.toLocaleString()}</time>
          </span>
          {e.note && <p className="timeline__note">{e.note}</p>}
          {e.detail && <p className="timeline__note">{e.detail}</p>}
        </li>
      ))}
    </ol>
  );
}

function DeliveredDetails({ number, itemId, title }: { number: string; itemId: number; title: string }) {
  const reveal = trpc.orders.revealDelivery.useMutation();
  const [copied, setCopied] = useState(false);
  if (!reveal.data) {
    return (
      <>
        <button
          type="button"
          className="button button--ghost"
          disabled={reveal.isPending}
          onClick={() => reveal.mutate({ number, itemId })}
        >
          Show delivery details<span className="visually-hidden"> for {title}</span>
        </button>
        {reveal.error && <Alert kind="error">{reveal.error.message}</Alert>}
      </>
    );
  }
  const text = reveal.data.details ?? '';
  return (
    <div className="delivered">
      <pre className="delivered__text">{text}</pre>
      <button
        type="button"
        className="button button--ghost"
        onClick={async () => {
          await navigator.clipboard.writeText(text);
          setCopied(true);
        }}
      >
        {copied ? 'Copied' : 'Copy'}
        <span className="visually-hidden"> delivery details for {title}</span>
      </button>
    </div>
  );
}

export function OrderItems({ order, currency }: { order: OrderDetail; currency: string }) {
  return (
    <ul className="order-items">
      {order.items.map((i) => (
        <li key={i.id} className="order-item">
          <div>
            <strong>{i.title}</strong>
            <span className="muted">
              {' '}
              {i.serviceName} · {formatDuration(i.durationDays)} · {i.quantity} ×{' '}
              {formatMoney(i.unitPriceCents, currency)}
            </span>
          </div>
          {i.revokedAt ? (
            <span className="muted">
              Revoked by the refund on <time dateTime={i.revokedAt.toISOString()}>{i.revokedAt.toLocaleString()}</time>
            </span>
          ) : i.deliveredAt ? (
            <DeliveredDetails number={order.number} itemId={i.id} title={i.title} />
          ) : (
            <span className="muted">{order.status === 'paid' ? 'Delivery in progress' : 'Not delivered yet'}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function OrderTotals({ order, currency }: { order: OrderDetail; currency: string }) {
  return (
    <dl className="totals">
      <dt>Subtotal</dt>
      <dd>{formatMoney(order.subtotalCents, currency)}</dd>
      {order.discountCents > 0 && (
        <>
          <dt>Discount{order.couponCode ? ` (${order.couponCode})` : ''}</dt>
          <dd>−{formatMoney(order.discountCents, currency)}</dd>
        </>
      )}
      <dt>Total</dt>
      <dd>
        <strong>{formatMoney(order.totalCents, currency)}</strong>
      </dd>
    </dl>
  );
}
