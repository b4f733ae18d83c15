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
import { useConfirm } from '../../components/confirm-dialog.tsx';
import { Alert } from '../../components/form/alert.tsx';
import { DeliverForm } from '../../components/orders/deliver-form.tsx';
import { OrderItems, OrderTimeline, OrderTotals, StatusBadge } from '../../components/orders/order-parts.tsx';
import { OrderThread } from '../../components/orders/order-thread.tsx';
import { ReasonForm } from '../../components/orders/reason-form.tsx';
import { ReceiptPreview } from '../../components/orders/receipt-preview.tsx';
import { toast } from '../../components/toaster.tsx';
import { usePageTitle } from '../../lib/page-title.tsx';
import { useCan, useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/desk.css';
import '../../styles/orders.css';

/** A PDF is never shown in a frame (a viewer may run its script): its first page is drawn as a picture. */
function ReceiptView({ r }: { r: { key: string; mimeType: string; originalName: string } }) {
  return (
    <ReceiptPreview source={{ kind: 'stored', ...r }}>
      <a href={`/api/receipts/${encodeURIComponent(r.key)}?download=1`} download>
        Download {r.originalName}
      </a>
    </ReceiptPreview>
  );
}

type Claimer = { id: number; name: string } | null;

/**
 * Who works the order, and the one button that changes it: the server refuses any staff action on an
 * order the person acting has not claimed, so the page says so before anyone types a reason.
 */
function ClaimBanner({
  number,
  claimer,
  mine,
  isAdmin,
  busy,
  onClaim,
  onRelease,
}: {
  number: string;
  claimer: Claimer;
  mine: boolean;
  isAdmin: boolean;
  /** A claim or release on its way: another click waits. The buttons stay enabled, so they keep focus. */
  busy: boolean;
  onClaim: (takeOver: boolean) => void;
  onRelease: () => void;
}) {
  const ask = useConfirm();
  if (mine) {
    return (
      <Alert kind="success">
        <div className="claim-banner">
          <p>
            <strong>You are working on this order.</strong> Release it if someone else should take it.
          </p>
          <button type="button" className="button button--ghost" onClick={() => busy || onRelease()}>
            Release
          </button>
        </div>
      </Alert>
    );
  }
  if (!claimer) {
    return (
      <Alert kind="info">
        <div className="claim-banner">
          <p>
            <strong>Claim this order to work on it.</strong> The actions below unlock once it is yours, so two people
            never work one order.
          </p>
          <button type="button" className="button" onClick={() => busy || onClaim(false)}>
            Claim
          </button>
        </div>
      </Alert>
    );
  }
  return (
    <Alert kind="info">
      <div className="claim-banner">
        <p>
          <strong>{claimer.name} is working on this order.</strong>{' '}
          {isAdmin ? 'Take it over to work on it yourself.' : 'Ask them to release it if you need to work on it.'}
        </p>
        {isAdmin && (
          <button
            type="button"
            className="button"
            onClick={async () => {
              if (busy) return;
              const yes = await ask({
                title: `Take over order ${number}?`,
                body: `${claimer.name} is working on it and can no longer act on it once you take over.`,
                confirmLabel: 'Take over',
                cancelLabel: 'Leave it',
              });
              if (yes) onClaim(true);
            }}
          >
            Take over
          </button>
        )}
      </div>
    </Alert>
  );
}

export function DeskOrderPage() {
  const { number = '' } = useParams();
  usePageTitle(`Order ${number}`);
  const { currency, user } = useStore();
  const can = useCan();
  const utils = trpc.useUtils();
  const order = trpc.desk.get.useQuery({ number }, { retry: false });
  const refresh = () =>
    Promise.all([utils.desk.get.invalidate({ number }), utils.desk.counts.invalidate(), utils.desk.queue.invalidate()]);
  // Settled, not only succeeded: a refusal (someone claimed or took the order meanwhile) shows the order as it now is.
  const opts = { onSettled: refresh };
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
  const claimer = staff?.claimedBy ?? null;
  const mine = claimer !== null && claimer.id === user?.id;
  // Takes over claims and refunds: whoever manages orders beyond the desk.
  const isAdmin = can('admin:orders');
  // Shown but disabled until the order is mine: what the work would be stays readable.
  const locked = !mine;
  // What the shared state machine lets this member of staff do to an order in this state.
  const parties: OrderParty[] = isAdmin ? ['staff', 'admin'] : ['staff'];
  const may = (action: OrderAction) => canTakeOrderAction(action, o.status, parties);
  const claimable = (CLAIMABLE_ORDER_STATUSES as readonly OrderStatus[]).includes(o.status);
  return (
    <article className="desk-order">
      <p>
        <Link to="/desk" className="back-link">
          ← Queue
        </Link>
      </p>
      <h1>
        Order {o.number} <StatusBadge status={o.status} />
        {staff?.outOfStock && <span className="flag flag--warn">Out of stock</span>}
      </h1>
      <p className="muted">
        {staff ? <ClientLink id={staff.client.id}>{staff.client.name}</ClientLink> : null} · {staff?.client.email} ·{' '}
        {staff?.client.phone} · placed {o.createdAt.toLocaleString()}
      </p>
      {claimable && (
        <ClaimBanner
          number={number}
          claimer={claimer}
          mine={mine}
          isAdmin={isAdmin}
          busy={claim.isPending || release.isPending}
          onClaim={(takeOver) => claim.mutate({ number, takeOver })}
          onRelease={() => release.mutate({ number })}
        />
      )}
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
          {may('approve') && (
            <fieldset className="desk-work" disabled={locked}>
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
            </fieldset>
          )}
        </section>
      </div>

      {may('deliver') && (
        <section>
          <h2>Delivery</h2>
          <fieldset className="desk-work" disabled={locked}>
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
          </fieldset>
        </section>
      )}

      {may('cancel') && (
        <section>
          <h2>Cancel</h2>
          <fieldset className="desk-work" disabled={locked}>
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
          </fieldset>
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
