// The subscription job: stores status transitions, then emails each reminder once. "Once" rests on
// the UNIQUE (subscription_id, days_before, ends_at) key: the reminder row is inserted first, in the
// same transaction as its email, and only the process whose insert took the row enqueues the email.
// A renewal moves ends_at, so the new end gets its own reminders.
import { transaction } from '@damso/db';
import { enqueueEmail, subscriptionReminderMessage } from '@damso/email';
import { sql } from 'kysely';
import type { ApiConfig } from '../../context.ts';
import { readShopSettings } from '../admin/shop-settings.ts';
import { queuePush } from '../notifications/push.ts';
import type { Db } from '../shared/actor.ts';
import { recordSubscriptionChanges } from '../stats/rollups.ts';
import { DAY_MS, EXPIRING_DAYS } from './subscriptions.ts';

/** An end older than this gets no expiry email, so a server down for a while does not send stale news. */
const EXPIRY_NOTICE_WINDOW_DAYS = 7;

/** The admin's days from the settings page (services/admin/shop-settings.ts), or 7, 3 and 1. */
export async function reminderDays(db: Db): Promise<number[]> {
  return (await readShopSettings(db)).reminderDays;
}

const EXPIRE_BATCH = 1000;

async function storeTransitions(db: Db, now: Date): Promise<void> {
  // Each step walks the (status, ends_at) index and is idempotent, so parallel runs agree. Ended
  // subscriptions leave the statistics' active count in the same transaction; the locking read makes
  // parallel runs take turns, and the later one finds them already expired.
  for (;;) {
    const expired = await transaction(db, async (trx) => {
      const ended = await trx
        .selectFrom('subscriptions')
        .select(['id', 'status', 'ends_at'])
        .where('status', 'in', ['active', 'expiring'])
        .where('ends_at', '<=', now)
        .limit(EXPIRE_BATCH)
        .forUpdate()
        .execute();
      if (ended.length === 0) return 0;
      await trx
        .updateTable('subscriptions')
        .set({ status: 'expired' })
        .where(
          'id',
          'in',
          ended.map((s) => s.id),
        )
        .execute();
      await recordSubscriptionChanges(
        trx,
        ended.map((s) => ({ before: s, after: { ...s, status: 'expired' as const } })),
      );
      return ended.length;
    });
    if (expired < EXPIRE_BATCH) break;
  }
  await db
    .updateTable('subscriptions')
    .set({ status: 'expiring' })
    .where('status', '=', 'active')
    .where('ends_at', '>', now)
    .where('ends_at', '<=', new Date(now.getTime() + EXPIRING_DAYS * DAY_MS))
    .execute();
}

/**
 * The reminder due now: the smallest configured day count the end is within (a subscription bought
 * with 2 days left gets the 3-day reminder, not the 7-day one too), or 0 once it has ended.
 */
export function dueReminder(endsAt: Date, now: Date, days: number[]): number | null {
  const left = endsAt.getTime() - now.getTime();
  if (left <= 0) return left > -EXPIRY_NOTICE_WINDOW_DAYS * DAY_MS ? 0 : null;
  const within = days.filter((d) => left <= d * DAY_MS);
  return within.length === 0 ? null : Math.min(...within);
}

export interface ReminderResult {
  sent: number;
}

export async function runSubscriptionReminders(
  db: Db,
  deps: { config: Pick<ApiConfig, 'storeName' | 'publicUrl'>; now: Date },
): Promise<ReminderResult> {
  const { now, config } = deps;
  await storeTransitions(db, now);
  // One read for the run: the reminder days and the shop name every reminder carries.
  const shop = await readShopSettings(db, { storeName: config.storeName });
  const days = shop.reminderDays;
  const from = new Date(now.getTime() - EXPIRY_NOTICE_WINDOW_DAYS * DAY_MS);
  const to = new Date(now.getTime() + Math.max(...days) * DAY_MS);
  const candidates = await db
    .selectFrom('subscriptions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('offers as o', 'o.id', 's.offer_id')
    .select([
      's.id',
      's.user_id',
      's.ends_at',
      'u.email',
      'u.full_name',
      'o.title',
      'o.service_name',
      // The tightest reminder already sent for this end, to skip rows with nothing new to send.
      (eb) =>
        eb
          .selectFrom('subscription_reminders as r')
          .select(sql<number | null>`MIN(r.days_before)`.as('m'))
          .whereRef('r.subscription_id', '=', 's.id')
          .whereRef('r.ends_at', '=', 's.ends_at')
          .as('sent_min'),
    ])
    .where('s.status', 'in', ['active', 'expiring', 'expired'])
    .where('s.ends_at', '>', from)
    .where('s.ends_at', '<=', to)
    .where('u.status', '=', 'active')
    .execute();

  let sent = 0;
  for (const c of candidates) {
    if (c.ends_at === null) continue;
    const due = dueReminder(c.ends_at, now, days);
    if (due === null || (c.sent_min !== null && Number(c.sent_min) <= due)) continue;
    const endsAt = c.ends_at;
    const took = await transaction(db, async (trx) => {
      const r = await trx
        .insertInto('subscription_reminders')
        .ignore()
        .values({ subscription_id: c.id, days_before: due, ends_at: endsAt, created_at: now })
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await enqueueEmail(
        trx,
        subscriptionReminderMessage({
          storeName: shop.shopName,
          to: c.email,
          fullName: c.full_name,
          title: c.title,
          serviceName: c.service_name,
          endsAt,
          daysLeft: Math.max(0, Math.ceil((endsAt.getTime() - now.getTime()) / DAY_MS)),
          link: `${config.publicUrl}/subscriptions`,
        }),
        now,
      );
      await queuePush(trx, [c.user_id], reminderPush(c.title, endsAt, now), now);
      return true;
    });
    if (took) sent += 1;
  }
  return { sent };
}

/** The push beside a reminder email: what ends, and when. */
function reminderPush(title: string, endsAt: Date, now: Date) {
  const days = Math.ceil((endsAt.getTime() - now.getTime()) / DAY_MS);
  const when = days <= 0 ? 'has ended' : `ends in ${days} day${days === 1 ? '' : 's'}`;
  return { title: `Your ${title} subscription ${when}`, body: 'Renew it to keep it running.', url: '/subscriptions' };
}
