// Cancels orders left unpaid past ORDER_PAYMENT_TIMEOUT_HOURS. Each order is cancelled in its own
// locked transaction, so several server instances running this at once cancel each order once.
import { cancelUnpaidOrders } from '@damso/api';
import type { Database } from '@damso/db';
import type { ServerConfig } from '../config.ts';

export function cancelUnpaidOrdersJob(db: Database, now: Date, { api, env }: ServerConfig): Promise<number> {
  return cancelUnpaidOrders(db, { hours: env.ORDER_PAYMENT_TIMEOUT_HOURS }, { config: api, now });
}
