// Stores subscription status transitions and emails the reminders. Safe in several processes at
// once: each reminder is claimed by a unique row before its email is enqueued.
import { runSubscriptionReminders } from '@damso/api';
import type { Database } from '@damso/db';
import type { ServerConfig } from '../config.ts';

export function subscriptionRemindersJob(db: Database, now: Date, { api }: ServerConfig) {
  return runSubscriptionReminders(db, { config: { storeName: api.storeName, publicUrl: api.publicUrl }, now });
}
