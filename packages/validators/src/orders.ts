// Schemas shared by the order pages and the order API, so a form shows the server's own messages.
import { z } from 'zod';
import { DESK_PAGE_SIZE, DESK_QUEUES, MAX_QUANTITY, ORDER_STATUSES } from './orders-constants.ts';
import { isoDay } from './stats.ts';

/** An admin list's page cursor: after (a) or before (b) the row with this id. */
export const listCursor = z
  .string()
  .regex(/^[ab]\.\d{1,15}$/, 'This page link is no longer valid.')
  .optional();

const id = z.number({ error: 'Pick an item.' }).int().positive();
const quantity = z
  .number({ error: 'Enter a quantity.' })
  .int('Enter a whole number.')
  .min(1, 'The quantity is at least 1.')
  .max(MAX_QUANTITY, `The quantity is at most ${MAX_QUANTITY}.`);
export const orderNumber = z
  .string()
  .trim()
  .regex(/^DS-\d{6,}$/, 'This is not an order number.');
const reason = (what: string) =>
  z
    .string({ error: `Please give a reason for ${what}.` })
    .trim()
    .min(3, `Please give a reason for ${what} (at least 3 characters).`)
    .max(500, 'The reason is at most 500 characters.');

export const couponCode = z
  .string()
  .trim()
  .toUpperCase()
  .min(3, 'A coupon code has at least 3 characters.')
  .max(40, 'A coupon code has at most 40 characters.')
  .regex(/^[A-Z0-9_-]+$/, 'Use letters, digits, - and _ only.');

export const cartAddInput = z.object({ offerId: id, quantity: quantity.default(1) });
export const cartSetQuantityInput = z.object({ offerId: id, quantity });
export const cartRemoveInput = z.object({ offerId: id });
export const cartMergeInput = z.object({
  items: z.array(z.object({ offerId: id, quantity })).max(50, 'A cart holds at most 50 offers.'),
});

export const checkoutInput = z.object({
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, 'The checkout key is invalid; reload the page and try again.'),
  couponCode: z.union([couponCode, z.literal('')]).optional(),
  /** The total the client saw; a different server total means a price changed meanwhile. */
  expectedTotalCents: z.number().int().min(0).optional(),
});
export type CheckoutInput = z.input<typeof checkoutInput>;
export const couponPreviewInput = z.object({ code: couponCode });
export const checkoutForm = z.object({ couponCode: z.union([couponCode, z.literal('')]).optional() });

export const orderRef = z.object({ number: orderNumber });
export const ordersListInput = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,15}\.\d{1,15}$/, 'This page link is invalid.')
    .optional(),
  limit: z.number().int().min(1).max(50).default(20),
});
export const cancelInput = z.object({ number: orderNumber, reason: reason('cancelling').optional() });
export const staffCancelInput = z.object({ number: orderNumber, reason: reason('cancelling') });
export const rejectInput = z.object({ number: orderNumber, reason: reason('rejecting the payment') });
export const refundInput = z.object({ number: orderNumber, reason: reason('the refund') });
export const deliverInput = z.object({
  number: orderNumber,
  items: z
    .array(
      z.object({
        itemId: id,
        details: z
          .string()
          .trim()
          .min(3, 'Type the delivery details (at least 3 characters).')
          .max(2000, 'Delivery details are at most 2000 characters.'),
      }),
    )
    .min(1, 'Fill in at least one item.'),
});
export type DeliverInput = z.input<typeof deliverInput>;
export const rejectForm = rejectInput.pick({ reason: true });
export const staffCancelForm = staffCancelInput.pick({ reason: true });
export const refundForm = refundInput.pick({ reason: true });
export type ReasonForm = typeof rejectForm;

export const messageBody = z
  .string()
  .trim()
  .min(1, 'Write a message first.')
  .max(2000, 'A message is at most 2000 characters.');
export const sendMessageInput = z.object({ number: orderNumber, body: messageBody });
export const messageForm = z.object({ body: messageBody });

/** A page of an order list (the desk's queues, the admin's orders), found by number, email or name. */
const orderListPaging = z.object({
  q: z.string().trim().max(100, 'Search with at most 100 characters.').optional(),
  page: z.number().int().min(1).max(1000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
  /** Where "Next"/"Previous" continue from: nextCursor/prevCursor of the page before. */
  cursor: listCursor,
});
export const deskQueueInput = orderListPaging.extend({
  queue: z.enum(DESK_QUEUES).default('payment_review'),
  pageSize: z.number().int().min(1).max(100).default(DESK_PAGE_SIZE),
});
/** The admin's orders placed between two UTC calendar days, both included (as the statistics count days). */
const orderDateRange = { createdFrom: isoDay('start').optional(), createdTo: isoDay('end').optional() };
const rangeInOrder = (
  v: { createdFrom?: string | undefined; createdTo?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (v.createdFrom && v.createdTo && v.createdFrom > v.createdTo) {
    ctx.addIssue({ code: 'custom', path: ['createdTo'], message: 'The end date must be on or after the start date' });
  }
};
/** The admin's orders sort by the time they were placed only: the walk every index of the list keeps. */
export const ADMIN_ORDER_SORTS = ['placed'] as const;
export type AdminOrderSort = (typeof ADMIN_ORDER_SORTS)[number];
export const adminOrdersInput = orderListPaging
  .extend({
    status: z.enum(ORDER_STATUSES).optional(),
    ...orderDateRange,
    sort: z.enum(ADMIN_ORDER_SORTS, { error: 'Choose a sort from the list' }).default('placed'),
    /** Newest first unless `asc`. */
    dir: z.enum(['asc', 'desc'], { error: 'Sort ascending or descending' }).default('desc'),
  })
  .superRefine(rangeInOrder);
/** The most rows one CSV export of orders holds; narrow the filters for more. */
export const ORDERS_CSV_MAX_ROWS = 50_000;
export const adminOrdersCsvInput = z
  .object({ status: z.enum(ORDER_STATUSES).optional(), q: orderListPaging.shape.q, ...orderDateRange })
  .superRefine(rangeInOrder);

const optionalDate = z.coerce.date({ error: 'Enter a valid date.' }).nullable().optional();
export const couponFields = z
  .object({
    code: couponCode,
    kind: z.enum(['percent', 'fixed'], { error: 'Pick percent or fixed amount.' }),
    amount: z.number({ error: 'Enter an amount.' }).int('Enter a whole number.').min(1, 'The amount is at least 1.'),
    minOrderCents: z.number().int().min(0, 'The minimum order cannot be negative.').default(0),
    startsAt: optionalDate,
    endsAt: optionalDate,
    maxUses: z.number().int().min(1, 'Allow at least one use, or leave empty.').nullable().optional(),
    maxUsesPerClient: z.number().int().min(1, 'Allow at least one use, or leave empty.').nullable().optional(),
    isActive: z.boolean().default(true),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'percent' && c.amount > 100) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'A percentage is at most 100.' });
    }
    if (c.startsAt && c.endsAt && c.endsAt <= c.startsAt) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end must be after the start.' });
    }
  });
export type CouponFields = z.input<typeof couponFields>;
export const couponUpdateInput = z.object({ id, fields: couponFields });
export const couponIdInput = z.object({ id });
export const couponSetActiveInput = z.object({ id, isActive: z.boolean() });
export const paymentInstructionsInput = z.object({
  text: z
    .string()
    .trim()
    .min(10, 'Write at least 10 characters of instructions.')
    .max(4000, 'Instructions are at most 4000 characters.'),
});
export const notificationsReadInput = z.object({ ids: z.array(id).max(100).optional() });
