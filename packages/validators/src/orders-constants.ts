// The orders' plain values, apart from their zod schemas so pages without an order form (the
// header's cart badge, the order list) read them without loading the validation code.
export const ORDER_STATUSES = [
  'awaiting_payment',
  'payment_review',
  'paid',
  'delivered',
  'cancelled',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  awaiting_payment: 'Awaiting payment',
  payment_review: 'Payment in review',
  paid: 'Paid',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

/** What can happen to an order. */
export type OrderAction = 'submit_receipt' | 'approve' | 'reject' | 'deliver' | 'cancel' | 'refund';
/** Who acts: the order's owner, any staff member (employee or admin), only an admin, or the server's jobs. */
export type OrderParty = 'owner' | 'staff' | 'admin' | 'system';

/**
 * The order state machine: which parties may take each action, from which states, and where it
 * leads. The server enforces it (services/orders/state-machine.ts); pages read it to offer only what
 * the server will accept.
 */
export const ORDER_TRANSITIONS: Record<
  OrderAction,
  { from: readonly OrderStatus[]; to: OrderStatus; by: readonly OrderParty[] }
> = {
  submit_receipt: { from: ['awaiting_payment'], to: 'payment_review', by: ['owner'] },
  approve: { from: ['payment_review'], to: 'paid', by: ['staff'] },
  reject: { from: ['payment_review'], to: 'awaiting_payment', by: ['staff'] },
  deliver: { from: ['paid'], to: 'delivered', by: ['staff'] },
  cancel: { from: ['awaiting_payment', 'payment_review'], to: 'cancelled', by: ['owner', 'staff', 'system'] },
  refund: { from: ['paid', 'delivered'], to: 'refunded', by: ['admin'] },
};

/** Whether one of `parties` may take `action` on an order in `status`. */
export function canTakeOrderAction(action: OrderAction, status: OrderStatus, parties: readonly OrderParty[]): boolean {
  const rule = ORDER_TRANSITIONS[action];
  return rule.from.includes(status) && rule.by.some((p) => parties.includes(p));
}

/** States in which an order still needs staff work, so it can be claimed (and shows in the desk queue). */
export const CLAIMABLE_ORDER_STATUSES = [
  'awaiting_payment',
  'payment_review',
  'paid',
] as const satisfies readonly OrderStatus[];

export const MAX_QUANTITY = 10;
export const RECEIPT_MAX_BYTES = 5 * 1024 * 1024;

export const DESK_QUEUES = ['payment_review', 'paid', 'awaiting_payment', 'mine'] as const;
/** Orders per page of a desk queue: a screenful, so the list is quick to read and to load. */
export const DESK_PAGE_SIZE = 20;
