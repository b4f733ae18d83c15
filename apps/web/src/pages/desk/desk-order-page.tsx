import {
  CLAIMABLE_ORDER_STATUSES,
  canTakeOrderAction,
  type OrderAction,
  type OrderParty,
  type OrderStatus,
  refundForm,
  rejectForm,
  staffCancelForm,
} from '@damso/validators';
import { Link, useParams } from 'react-router';
import { ClientLink } from '../../components/client-link.tsx';
import { Alert } from '../../components/form/alert.tsx';
import { DeliverForm } from '../../components/orders/deliver-form.tsx';
import { OrderItems, OrderTimeline, OrderTotals, StatusBadge } from '../../components/orders/order-parts.tsx';
import { OrderThread } from '../../components/orders/order-thread.tsx';
import { ReasonForm } from '../../components/orders/reason-form.tsx';
import { toast } from '../../components/toaster.tsx';
import { useCan, useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/desk.css';
import '../../styles/orders.css';

/** A PDF is never shown in a frame (a viewer may run its script): staff download it and open it outside. */
function ReceiptView({ r }: { r: { key: string; mimeType: string; originalName: string } }) {
  const url = `/api/receipts/${r.key}`;
  const pdf = !r.mimeType.startsWith('image/');
  return (
    <figure className="receipt-view">
      {pdf ? (
        <p>PDF receipt: download it to open it in your PDF reader.</p>
      ) : (
        <img src={url} alt={`Payment receipt ${r.originalName}`} className="receipt-view__image" />
      )}
      <figcaption>
        <a href={`${url}?download=1`} download>
          Download {r.originalName}
        </a>
      </figcaption>
    </figure>
  );
}

export function DeskOrderPage() {
  const { number = '' } = useParams();
  const { currency, user } = useStore();
  const can = useCan();
  const utils = trpc.useUtils();
  const order = trpc.desk.get.useQuery({ number }, { retry: false });
  const refresh = () =>
    Promise.all([utils.desk.get.invalidate({ number }), utils.desk.counts.invalidate(), utils.desk.queue.invalidate()]);
  const opts = { onSuccess: refresh };
  const claim = trpc.desk.claim.useMutation(opts);
  const release = trpc.desk.release.useMutation(opts);
  const approve = trpc.desk.approve.useMutation(opts);
  const retry = trpc.desk.retryStock.useMutation(opts);
  const reject = trpc.desk.reject.useMutation(opts);
  const cancel = trpc.desk.cancel.useMutation(opts);
  const refund = trpc.admin.orders.refund.useMutation(opts);
  const error = claim.error ?? release.error ?? approve.error ?? retry.error;

  if (order.isPending) return <p aria-busy="true">Loading the order…</p>;
  if (order.isError) return <p role="alert">{order.error.message}</p>;
  const o = order.data;
  const staff = o.staff;
  const mine = staff?.claimedBy?.id === user?.id;
  // Takes over claims and refunds: whoever manages orders beyond the desk.
  const isAdmin = can('admin:orders');
  const canWork = !staff?.claimedBy || mine || isAdmin;
  // What the shared state machine lets this member of staff do to an order in this state.
  const parties: OrderParty[] = isAdmin ? ['staff', 'admin'] : ['staff'];
  const may = (action: OrderAction) => canTakeOrderAction(action, o.status, parties);
  const claimable = (CLAIMABLE_ORDER_STATUSES as readonly OrderStatus[]).includes(o.status);
  return (
    <article className="desk-order">
      <p>
        <Link to="/desk">← Queue</Link>
      </p>
      <h1>
        Order {o.number} <StatusBadge status={o.status} />
        {staff?.outOfStock && <span className="flag flag--warn">Out of stock</span>}
      </h1>
      <p className="muted">
        {staff ? <ClientLink id={staff.client.id}>{staff.client.name}</ClientLink> : null} · {staff?.client.email} ·{' '}
        {staff?.client.phone} · placed {o.createdAt.toLocaleString()}
      </p>
      <div className="desk-actions">
        <span>{staff?.claimedBy ? `Claimed by ${mine ? 'you' : staff.claimedBy.name}` : 'Not claimed'}</span>
        {claimable &&
          (mine ? (
            <button type="button" className="button button--ghost" onClick={() => release.mutate({ number })}>
              Release
            </button>
          ) : (
            <button
              type="button"
              className="button"
              onClick={() => claim.mutate({ number, takeOver: Boolean(staff?.claimedBy) && isAdmin })}
              disabled={Boolean(staff?.claimedBy) && !isAdmin}
            >
              {staff?.claimedBy ? 'Take over' : 'Claim'}
            </button>
          ))}
      </div>
      {error && <Alert kind="error">{error.message}</Alert>}

      <div className="order-grid">
        <section>
          <h2>Items</h2>
          <OrderItems order={o} currency={currency} />
          <OrderTotals order={o} currency={currency} />
        </section>
        <section>
          <h2>Payment</h2>
          {o.receipts.length === 0 ? (
            <p className="muted">No receipt uploaded yet.</p>
          ) : (
            o.receipts.map((r) => <ReceiptView key={r.key} r={r} />)
          )}
          {may('approve') && canWork && (
            <>
              <button
                type="button"
                className="button"
                disabled={approve.isPending}
                onClick={() => approve.mutate({ number })}
              >
                Approve payment
              </button>
              <ReasonForm
                schema={rejectForm}
                label="Reason for rejecting (shown to the client)"
                action="Reject payment"
                onSubmit={(reason) => reject.mutateAsync({ number, reason })}
              />
            </>
          )}
        </section>
      </div>

      {may('deliver') && canWork && (
        <section>
          <h2>Delivery</h2>
          {staff?.outOfStock && (
            <button
              type="button"
              className="button button--ghost"
              disabled={retry.isPending}
              onClick={() => retry.mutate({ number })}
            >
              Retry delivery from stock
            </button>
          )}
          <DeliverForm number={number} items={o.items.filter((i) => !i.deliveredAt)} onDelivered={refresh} />
        </section>
      )}

      {may('cancel') && canWork && (
        <section>
          <h2>Cancel</h2>
          <ReasonForm
            schema={staffCancelForm}
            label="Reason for cancelling (shown to the client)"
            action="Cancel order"
            danger
            confirm={(reason) => ({
              title: `Cancel order ${number}?`,
              body: `${staff?.client.name ?? 'The client'} is told why: “${reason}”`,
              confirmLabel: 'Cancel order',
              cancelLabel: 'Keep order',
              tone: 'danger',
            })}
            onSubmit={async (reason) => {
              await cancel.mutateAsync({ number, reason });
              toast.success(`Order ${number} is cancelled.`);
            }}
          />
        </section>
      )}
      {may('refund') && (
        <section>
          <h2>Refund</h2>
          <p className="muted">
            Delivered keys and details are revoked and erased; subscriptions lose exactly this order’s time.
          </p>
          <ReasonForm
            schema={refundForm}
            label="Reason for the refund"
            action="Refund order"
            danger
            confirm={() => ({
              title: `Refund order ${number}?`,
              body: 'Delivered keys and details are revoked at once and cannot be shown again. This cannot be undone.',
              confirmLabel: 'Refund order',
              cancelLabel: 'Keep order',
              tone: 'danger',
            })}
            onSubmit={async (reason) => {
              await refund.mutateAsync({ number, reason });
              toast.success(`Order ${number} is refunded.`);
            }}
          />
        </section>
      )}

      <section>
        <h2>Timeline</h2>
        <OrderTimeline events={o.events} />
      </section>
      <OrderThread number={number} />
    </article>
  );
}
