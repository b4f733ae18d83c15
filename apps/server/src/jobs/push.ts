// Sends the queued web pushes (packages/api/src/services/notifications/push-sender.ts) every couple of
// seconds, so an order update reaches the phone about as fast as the bell's next poll.
import { sendDuePushes } from '@damso/api';
import type { ServerConfig } from '../config.ts';
import type { Job } from './index.ts';

export function pushJob(config: ServerConfig): Job {
  return {
    name: 'send-web-push',
    everyMs: 2_000,
    run: ({ db, clock }) => sendDuePushes(db, { now: clock(), config: config.api }),
  };
}
