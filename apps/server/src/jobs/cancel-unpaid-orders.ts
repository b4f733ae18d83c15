// Cancels orders left unpaid past the shop's deadline: the admin's setting, else
// ORDER_PAYMENT_TIMEOUT_HOURS (read by cancelUnpaidOrders from the settings). Each order is cancelled in its own
// locked transaction, so several server instances running this at once cancel each order once.
import { cancelUnpaidOrders } from '@damso/api';
import type { Database } from '@damso/db';
import type { ServerConfig } from '../config.ts';

export function cancelUnpaidOrdersJob(db: Database, now: Date, { api }: ServerConfig): Promise<number> {
  return cancelUnpaidOrders(db, {}, { config: api, now });
}
