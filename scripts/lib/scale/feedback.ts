// What people write around orders: reviews (a client's first delivered purchase of an offer, rated
// mostly 4–5, some hidden or reported, some answered by staff) and order threads between the client
// and the desk, with read markers that leave the newest answers unread.
import { type BulkWriter, put } from './bulk.ts';
import { adminIds, DAY_MS, HOUR_MS, MINUTE_MS, type Plan, staffCount, usersBy } from './model.ts';
import type { Line } from './orders.ts';
import { Rng } from './prng.ts';

export interface FeedbackWriters {
  comments: BulkWriter<'comments'>;
  comment_reports: BulkWriter<'comment_reports'>;
  order_messages: BulkWriter<'order_messages'>;
  order_message_reads: BulkWriter<'order_message_reads'>;
}

const PRAISE = [
  'Code arrived a few minutes after my transfer was confirmed. Works perfectly.',
  'Great price, activation was painless and support answered quickly.',
  'Second time buying here, everything smooth again.',
  'Activated on my laptop and phone without any trouble.',
  'Cheaper than buying directly and it just works.',
];
const MIXED = [
  'Worked in the end, but the delivery took most of a day.',
  'Fine once activated, the instructions could be clearer.',
  'Had to ask support for a new code, they sorted it out.',
];
const NEGATIVE = [
  'The first code did not work and it took two days to get a new one.',
  'Not available in my region, check before buying.',
];
const QUESTIONS = [
  'Does this work on two TVs at the same time?',
  'Can I add this time to an account I already have?',
  'Is this the family plan or only one profile?',
];
const STAFF_REPLIES = [
  'Thank you for your review! We are glad it works for you.',
  'Sorry for the wait, we have added more stock so deliveries are instant again.',
  'Yes, it extends your existing account from its current end date.',
];
const CLIENT_MESSAGES = [
  'Hello, I sent the transfer this morning, can you check?',
  'I uploaded the receipt, is anything else needed?',
  'The code says it is already used, could you help?',
  'When will my order be delivered?',
  'Thanks, it works now!',
];
const STAFF_MESSAGES = [
  'Thank you, we can see your payment and are processing the order.',
  'Could you send a clearer picture of the receipt? The reference is cut off.',
  'We have sent you a replacement code, please try it.',
  'Your order is delivered, open the order page to see the details.',
];

export interface OrderSummary {
  id: number;
  userId: number;
  createdAt: number;
  status: string;
  employee: number;
  lines: Line[];
}

export class Feedback {
  readonly #plan: Plan;
  readonly #w: FeedbackWriters;
  readonly #rng: Rng;
  readonly #admins: number[];
  readonly #reviewed = new Set<number>();
  readonly #commentShare: number;
  readonly #threadShare: number;
  #commentId = 0;
  #reportId = 0;
  #messageId = 0;

  constructor(plan: Plan, writers: FeedbackWriters) {
    this.#plan = plan;
    this.#w = writers;
    this.#rng = new Rng(plan.seed, 6);
    this.#admins = adminIds(plan);
    // Tuned so the totals land near the plan's: about 1.7 delivered items per order, half of them a
    // client's first purchase of the offer; threads hold four messages on average.
    this.#commentShare = Math.min(1, plan.comments / (plan.orders * 1.25));
    this.#threadShare = Math.min(1, plan.messages / (plan.orders * 4));
  }

  get counts() {
    return { comments: this.#commentId, messages: this.#messageId };
  }

  async afterOrder(order: OrderSummary): Promise<void> {
    for (const line of order.lines) {
      if (line.deliveredAt !== null) await this.#review(order, line);
    }
    if (this.#rng.chance(this.#threadShare)) await this.#thread(order);
  }

  async #review(order: OrderSummary, line: Line): Promise<void> {
    const rng = this.#rng;
    const key = order.userId * 2 ** 21 + line.offer.id;
    if (this.#reviewed.has(key) || !rng.chance(this.#commentShare)) return;
    this.#reviewed.add(key);
    const now = this.#plan.now.getTime();
    const at = (line.deliveredAt as number) + rng.int(HOUR_MS, 30 * DAY_MS);
    if (at > now) return;
    const rating = rng.chance(0.12)
      ? null
      : rng.weighted([
          [5, 0.55],
          [4, 0.25],
          [3, 0.1],
          [2, 0.05],
          [1, 0.05],
        ] as const);
    const body =
      rating === null ? rng.pick(QUESTIONS) : rng.pick(rating >= 4 ? PRAISE : rating === 3 ? MIXED : NEGATIVE);
    const hiddenAt = rng.chance(0.01) ? at + rng.int(HOUR_MS, 2 * DAY_MS) : null;
    const hidden = hiddenAt !== null && hiddenAt <= now;
    const reports = rng.chance(0.02) ? rng.int(1, 3) : 0;
    const edited = rng.chance(0.03) ? Math.min(now, at + rng.int(10 * MINUTE_MS, 3 * DAY_MS)) : null;
    const reporters = new Set<number>();
    const staff = staffCount(this.#plan);
    const newest = usersBy(this.#plan, at);
    for (let attempt = 0; reporters.size < reports && attempt < 10; attempt += 1) {
      const reporter = rng.int(staff + 1, newest);
      if (reporter !== order.userId) reporters.add(reporter);
    }
    this.#commentId += 1;
    const id = this.#commentId;
    await put(this.#w.comments, {
      id,
      offer_id: line.offer.id,
      user_id: order.userId,
      parent_id: null,
      body,
      rating,
      is_staff: 0,
      verified_purchase: 1,
      report_count: reporters.size,
      hidden_at: hidden ? new Date(hiddenAt) : null,
      hidden_by: hidden ? rng.pick(this.#admins) : null,
      edited_at: edited === null ? null : new Date(edited),
      created_at: new Date(at),
      updated_at: new Date(Math.max(at, edited ?? at, hidden ? (hiddenAt as number) : at)),
    });
    if (rating !== null && !hidden) {
      line.offer.ratingSum += rating;
      line.offer.ratingCount += 1;
    }
    for (const reporter of reporters) {
      this.#reportId += 1;
      await put(this.#w.comment_reports, {
        id: this.#reportId,
        comment_id: id,
        user_id: reporter,
        created_at: new Date(at + HOUR_MS),
      });
    }
    const replyAt = at + rng.int(HOUR_MS, 3 * DAY_MS);
    if (rng.chance(0.1) && replyAt <= now) {
      this.#commentId += 1;
      await put(this.#w.comments, {
        id: this.#commentId,
        offer_id: line.offer.id,
        user_id: order.employee,
        parent_id: id,
        body: rng.pick(STAFF_REPLIES),
        rating: null,
        is_staff: 1,
        verified_purchase: 0,
        report_count: 0,
        hidden_at: null,
        hidden_by: null,
        edited_at: null,
        created_at: new Date(replyAt),
        updated_at: new Date(replyAt),
      });
    }
  }

  async #thread(order: OrderSummary): Promise<void> {
    const rng = this.#rng;
    const now = this.#plan.now.getTime();
    const length = rng.int(1, 7);
    let at = order.createdAt + rng.int(10 * MINUTE_MS, 6 * HOUR_MS);
    let lastClient = 0;
    let lastStaff = 0;
    let lastAt = at;
    for (let k = 0; k < length && at <= now; k += 1) {
      const staff = k % 2 === 1;
      this.#messageId += 1;
      await put(this.#w.order_messages, {
        id: this.#messageId,
        order_id: order.id,
        user_id: staff ? order.employee : order.userId,
        body: rng.pick(staff ? STAFF_MESSAGES : CLIENT_MESSAGES),
        is_staff: staff ? 1 : 0,
        created_at: new Date(at),
      });
      if (staff) lastStaff = this.#messageId;
      else lastClient = this.#messageId;
      lastAt = at;
      at += rng.int(5 * MINUTE_MS, 10 * HOUR_MS);
    }
    // A day-old thread has been read by both sides; a fresh answer is still unread.
    const settled = now - lastAt > DAY_MS;
    const reads: Array<[number, number]> = [
      [order.userId, settled ? lastStaff : Math.max(0, lastStaff - 2)],
      [order.employee, settled ? lastClient : Math.max(0, lastClient - 2)],
    ];
    for (const [userId, last] of reads) {
      if (last <= 0) continue;
      await put(this.#w.order_message_reads, {
        order_id: order.id,
        user_id: userId,
        last_read_message_id: last,
        updated_at: new Date(Math.min(now, lastAt + HOUR_MS)),
      });
    }
  }
}
