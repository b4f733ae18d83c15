import { formatIban } from '@damso/validators';
import { Link, useParams } from 'react-router';
import { useConfirm } from '../../components/confirm-dialog.tsx';
import { Alert } from '../../components/form/alert.tsx';
import { CopyButton, plainAmount } from '../../components/orders/copy-button.tsx';
import { OrderItems, OrderTimeline, OrderTotals, StatusBadge } from '../../components/orders/order-parts.tsx';
import { OrderThread } from '../../components/orders/order-thread.tsx';
import { ReceiptPreview } from '../../components/orders/receipt-preview.tsx';
import { ReceiptUpload } from '../../components/orders/receipt-upload.tsx';
import { toast } from '../../components/toaster.tsx';
import { formatMoney } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page-title.tsx';
import { useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import '../../styles/orders.css';

export function OrderPage() {
  const { number = '' } = useParams();
  usePageTitle(`Order ${number}`);
  const { currency } = useStore();
  const utils = trpc.useUtils();
  const order = trpc.orders.get.useQuery({ number }, { retry: false });
  const confirm = useConfirm();
  const cancel = trpc.orders.cancel.useMutation({
    onSuccess: async () => {
      await utils.orders.get.invalidate({ number });
      toast.success(`Order ${number} is cancelled.`);
    },
  });

  if (order.isPending) return <p aria-busy="true">Loading the order…</p>;
  if (order.isError) {
    return (
      <section className="narrow">
        <h1>Order not found</h1>
        <p>{order.error.message}</p>
        <Link to="/orders">Back to my orders</Link>
      </section>
    );
  }
  const o = order.data;
  return (
    <article className="order-page">
      <p>
        <Link to="/orders" className="back-link">
          ← My orders
        </Link>
      </p>
      <h1>
        Order {o.number} <StatusBadge status={o.status} />
      </h1>
      <p className="muted">Placed on {o.createdAt.toLocaleString()}</p>

      {o.status === 'awaiting_payment' && o.rejectionReason && (
        <p className="notice notice--warn" role="status">
          We could not confirm your last payment: {o.rejectionReason}
        </p>
      )}
      {o.status === 'cancelled' && o.cancelReason && <p className="notice">Cancelled: {o.cancelReason}</p>}

      <div className="order-grid">
        <section>
          <h2>Items</h2>
          <OrderItems order={o} currency={currency} />
          <OrderTotals order={o} currency={currency} />
        </section>

        {o.payment && (
          <section className="payment">
            <h2>Payment</h2>
            {o.payment.deadline && (
              <p className="notice notice--warn" data-testid="payment-deadline">
                Pay by <strong>{o.payment.deadline.toLocaleString()}</strong>. An order not paid by then is cancelled
                automatically.
              </p>
            )}
            <p className="payment__instructions">{o.payment.instructions}</p>
            <dl className="payment__details">
              {o.payment.accountHolder && (
                <div>
                  <dt>Account holder</dt>
                  <dd>{o.payment.accountHolder}</dd>
                </div>
              )}
              {o.payment.iban && (
                <div>
                  <dt>IBAN</dt>
                  <dd>
                    <code>{formatIban(o.payment.iban)}</code> <CopyButton value={o.payment.iban} label="IBAN" />
                  </dd>
                </div>
              )}
              {o.payment.bic && (
                <div>
                  <dt>BIC</dt>
                  <dd>
                    <code>{o.payment.bic}</code>
                  </dd>
                </div>
              )}
              <div>
                <dt>Amount</dt>
                <dd>
                  <strong>{formatMoney(o.totalCents, o.currency)}</strong>{' '}
                  <CopyButton value={plainAmount(o.totalCents, o.currency)} label="amount" />
                </dd>
              </div>
              <div>
                <dt>Reference</dt>
                <dd>
                  <strong>{o.number}</strong> <CopyButton value={o.number} label="reference" />
                </dd>
              </div>
            </dl>
            {o.status === 'payment_review' && (
              <p className="notice" role="status">
                We received your receipt and are checking the payment. You can add another receipt if needed.
              </p>
            )}
            {o.canUploadReceipt && (
              <ReceiptUpload number={o.number} onUploaded={() => utils.orders.get.invalidate({ number })} />
            )}
            {o.receipts.length > 0 && (
              <ul className="receipts">
                {o.receipts.map((r) => (
                  <li key={r.key}>
                    <ReceiptPreview source={{ kind: 'stored', ...r }}>
                      {r.originalName} <span className="muted">{r.createdAt.toLocaleString()}</span>
                    </ReceiptPreview>
                  </li>
                ))}
              </ul>
            )}
            {o.canCancel && (
              <button
                type="button"
                className="button button--ghost"
                disabled={cancel.isPending}
                onClick={async () => {
                  const yes = await confirm({
                    title: `Cancel order ${o.number}?`,
                    body: 'You will not be able to pay for it or upload a receipt afterwards.',
                    confirmLabel: 'Cancel order',
                    cancelLabel: 'Keep order',
                    tone: 'danger',
                  });
                  if (yes) cancel.mutate({ number: o.number });
                }}
              >
                Cancel this order
              </button>
            )}
            {cancel.error && <Alert kind="error">{cancel.error.message}</Alert>}
          </section>
        )}
      </div>

      <section>
        <h2>Timeline</h2>
        <OrderTimeline events={o.events} />
      </section>
      <OrderThread number={o.number} />
    </article>
  );
}
