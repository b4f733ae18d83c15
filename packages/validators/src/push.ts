// Web push opt-in: what a browser's PushSubscription.toJSON() gives, checked before it is stored.
import { z } from 'zod';

// The keys are base64url (RFC 8291): p256dh is a 65-byte P-256 point, auth 16 random bytes.
const base64url = (max: number) =>
  z
    .string()
    .min(16)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+=*$/, 'must be base64url');

export const pushEndpointInput = z.object({
  endpoint: z
    .url({ protocol: /^https?$/ })
    .max(1000)
    .regex(/^[\x21-\x7e]+$/, 'must be ASCII'),
});

export const pushSubscriptionInput = pushEndpointInput.extend({
  keys: z.object({ p256dh: base64url(200), auth: base64url(100) }),
});

export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInput>;
