// Stores subscription status transitions and emails the reminders. Safe in several processes at
// once: each reminder is claimed by a unique row before its email is enqueued.
import { runSubscriptionReminders } from '@damso/api';
import type { Database } from '@damso/db';
import { type Env, loadEnv } from '../env.ts';

let config: { storeName: string; publicUrl: string } | null = null;

export function subscriptionRemindersJob(db: Database, now: Date, env?: Env) {
  if (!config) {
    const e = env ?? loadEnv();
    config = { storeName: e.STORE_NAME, publicUrl: e.PUBLIC_URL };
  }
  return runSubscriptionReminders(db, { config, now });
}
