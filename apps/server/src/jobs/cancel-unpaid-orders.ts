// Cancels orders left unpaid past ORDER_PAYMENT_TIMEOUT_HOURS. Each order is cancelled in its own
// locked transaction, so several server instances running this at once cancel each order once.
import { type ApiConfig, cancelUnpaidOrders } from '@damso/api';
import { createEncryptor, parseKey } from '@damso/auth';
import type { Database } from '@damso/db';
import { type Env, loadEnv } from '../env.ts';

let settings: { config: ApiConfig; hours: number } | null = null;

function fromEnv(env: Env) {
  const config: ApiConfig = {
    storeName: env.STORE_NAME,
    currency: env.STORE_CURRENCY,
    publicUrl: env.PUBLIC_URL,
    uploadDir: env.UPLOAD_DIR,
    production: env.NODE_ENV === 'production',
    encryptor: createEncryptor(parseKey(env.ENCRYPTION_KEY)),
  };
  return { config, hours: env.ORDER_PAYMENT_TIMEOUT_HOURS };
}

export function cancelUnpaidOrdersJob(db: Database, now: Date, env?: Env): Promise<number> {
  settings ??= fromEnv(env ?? loadEnv());
  return cancelUnpaidOrders(db, { config: settings.config, now }, settings.hours);
}
