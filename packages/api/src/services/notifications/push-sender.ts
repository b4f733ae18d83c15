// Sends the queued pushes (push.ts) after their transactions committed. Rows are claimed under a lease
// with SKIP LOCKED, so several server processes share the queue and a killed one's rows come back. A
// push service that says the subscription is gone (404/410) loses it; one that is down is retried a
// few times, then the push is dropped: a notification hours late is worse than none.
import { type Database, transaction } from '@damso/db';
import webpush from 'web-push';
import type { ApiConfig } from '../../context.ts';
import { type PushMessage, vapidKeys } from './push.ts';

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 3;
const STALE_MS = 24 * 3_600_000;
const DEFAULT_SUBJECT = 'mailto:push@localhost';

export interface PushSendOptions {
  now: Date;
  config: ApiConfig;
  limit?: number;
  /** Per request to a push service: a hung one must not hold the worker. */
  timeoutMs?: number;
}

interface Target {
  id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
}

type Outcome = 'sent' | 'gone' | 'failed';

async function deliver(
  target: Target,
  message: PushMessage,
  vapid: { subject: string; publicKey: string; privateKey: string },
  timeoutMs: number,
): Promise<Outcome> {
  let details: ReturnType<typeof webpush.generateRequestDetails>;
  try {
    details = webpush.generateRequestDetails(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      JSON.stringify(message),
      { vapidDetails: vapid, TTL: 24 * 3600, urgency: 'normal' },
    );
  } catch {
    // Keys no browser would have made: this subscription can never be reached.
    return 'gone';
  }
  try {
    const headers = Object.fromEntries(Object.entries(details.headers).map(([k, v]) => [k, String(v)]));
    const res = await fetch(details.endpoint, {
      method: 'POST',
      headers,
      body: details.body ? new Uint8Array(details.body) : null,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    if (res.ok) return 'sent';
    return res.status === 404 || res.status === 410 ? 'gone' : 'failed';
  } catch {
    return 'failed';
  }
}

export async function sendDuePushes(
  db: Database,
  { now, config, limit = 50, timeoutMs = 5_000 }: PushSendOptions,
): Promise<{ sent: number; failed: number; gone: number }> {
  const claimed = await transaction(db, async (trx) => {
    const rows = await trx
      .selectFrom('push_outbox')
      .select(['id', 'user_id', 'title', 'body', 'url', 'attempts', 'created_at'])
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length === 0) return rows;
    await trx
      .updateTable('push_outbox')
      .set((eb) => ({ next_attempt_at: new Date(now.getTime() + LEASE_MS), attempts: eb('attempts', '+', 1) }))
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows;
  });
  const totals = { sent: 0, failed: 0, gone: 0 };
  if (claimed.length === 0) return totals;

  const keys = await vapidKeys(db, config);
  const vapid = { subject: config.push?.subject ?? DEFAULT_SUBJECT, ...keys };
  const targets = await db
    .selectFrom('push_subscriptions')
    .select(['id', 'user_id', 'endpoint', 'p256dh', 'auth'])
    .where('user_id', 'in', [...new Set(claimed.map((r) => r.user_id))])
    .execute();

  await Promise.all(
    claimed.map(async (row) => {
      const mine = targets.filter((t) => t.user_id === row.user_id);
      const fresh = now.getTime() - row.created_at.getTime() < STALE_MS;
      const outcomes = fresh
        ? await Promise.all(
            mine.map((t) => deliver(t, { title: row.title, body: row.body, url: row.url }, vapid, timeoutMs)),
          )
        : [];
      const gone = mine.filter((_, i) => outcomes[i] === 'gone').map((t) => t.id);
      if (gone.length > 0) await db.deleteFrom('push_subscriptions').where('id', 'in', gone).execute();
      for (const o of outcomes) totals[o] += 1;
      // Retried only when no browser got it, so a browser that did never shows it twice.
      const retry = outcomes.includes('failed') && !outcomes.includes('sent') && row.attempts + 1 < MAX_ATTEMPTS;
      if (retry) {
        const backoff = 30_000 * 4 ** row.attempts;
        await db
          .updateTable('push_outbox')
          .set({ next_attempt_at: new Date(now.getTime() + backoff) })
          .where('id', '=', row.id)
          .execute();
      } else {
        await db.deleteFrom('push_outbox').where('id', '=', row.id).execute();
      }
    }),
  );
  return totals;
}
