// A client's subscriptions with their status as of now. The stored status lags until the reminder
// job runs, so every read derives it from the clock with subscriptionStatus().
import type { SubscriptionStatus } from '@damso/validators';
import type { Db, Deps, UserActor } from '../shared/actor.ts';

export const DAY_MS = 86_400_000;
/** How long before the end a subscription shows as ending soon. */
export const EXPIRING_DAYS = 3;

export function subscriptionStatus(stored: SubscriptionStatus, endsAt: Date | null, now: Date): SubscriptionStatus {
  if (stored === 'cancelled') return 'cancelled';
  if (endsAt === null) return 'active';
  const left = endsAt.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= EXPIRING_DAYS * DAY_MS ? 'expiring' : 'active';
}

/** Whole days left, rounded up so the last hours still read "1 day left". */
export function daysLeft(endsAt: Date | null, now: Date): number | null {
  if (endsAt === null) return null;
  return Math.max(0, Math.ceil((endsAt.getTime() - now.getTime()) / DAY_MS));
}

const LIST_LIMIT = 200;

export function listSubscriptions(db: Db, actor: UserActor, deps: Deps) {
  return subscriptionsOf(db, actor.id, deps);
}

/** One client's subscriptions: theirs on "My subscriptions", any client's on the admin's customer page. */
export async function subscriptionsOf(db: Db, userId: number, { now }: Pick<Deps, 'now'>) {
  const rows = await db
    .selectFrom('subscriptions as s')
    .innerJoin('offers as o', 'o.id', 's.offer_id')
    .select([
      's.id',
      's.starts_at',
      's.ends_at',
      's.status',
      'o.id as offer_id',
      'o.slug',
      'o.title',
      'o.service_name',
      'o.price_cents',
      'o.is_active',
    ])
    .where('s.user_id', '=', userId)
    // Uses (user_id, ends_at); lifetime rows (NULL) sort last in descending order on MySQL.
    .orderBy('s.ends_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(LIST_LIMIT)
    .execute();
  return rows.map((r) => {
    const status = subscriptionStatus(r.status, r.ends_at, now);
    return {
      id: r.id,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      status,
      daysLeft: status === 'cancelled' ? 0 : daysLeft(r.ends_at, now),
      totalDays:
        r.ends_at === null ? null : Math.max(1, Math.round((r.ends_at.getTime() - r.starts_at.getTime()) / DAY_MS)),
      offer: {
        id: r.offer_id,
        slug: r.slug,
        title: r.title,
        serviceName: r.service_name,
        priceCents: r.price_cents,
        isActive: r.is_active === 1,
      },
    };
  });
}
