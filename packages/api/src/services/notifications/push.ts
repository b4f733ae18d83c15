// Web push: the browsers a user opted in from, the shop's VAPID keys, and the queue of pushes. A push
// is queued inside the transaction of the change it tells of and sent after the commit by the sender
// (push-sender.ts), so a slow or broken push service never holds up an order.
import type { PushSubscriptionInput } from '@damso/validators';
import webpush from 'web-push';
import type { ApiConfig } from '../../context.ts';
import { readSetting } from '../admin/settings.ts';
import type { Db, Deps, UserActor } from '../shared/actor.ts';
import { Invalid } from '../shared/errors.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export const VAPID_SETTING = 'vapid_keys';

function parseKeys(value: string): VapidKeys | null {
  try {
    const v = JSON.parse(value) as Partial<VapidKeys>;
    return typeof v.publicKey === 'string' && typeof v.privateKey === 'string'
      ? { publicKey: v.publicKey, privateKey: v.privateKey }
      : null;
  } catch {
    return null;
  }
}

/**
 * VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY when set; otherwise a pair made on first use and kept in the
 * settings table, so every process (and every machine) signs with the same keys and the browsers'
 * subscriptions, which are bound to the public key, survive restarts. Kept in plain text: whoever can
 * read it can also read the subscriptions, and both are needed to send a push.
 */
export async function vapidKeys(db: Db, config: ApiConfig): Promise<VapidKeys> {
  if (config.push?.keys) return config.push.keys;
  const stored = await readSetting(db, VAPID_SETTING);
  const keys = stored === null ? null : parseKeys(stored);
  if (keys) return keys;
  const made = webpush.generateVAPIDKeys();
  // Two processes starting together: the first insert wins and both read it back.
  await db
    .insertInto('settings')
    .ignore()
    .values({ name: VAPID_SETTING, value: JSON.stringify(made) })
    .execute();
  const kept = parseKeys((await readSetting(db, VAPID_SETTING)) ?? '');
  if (!kept) throw new Error(`The ${VAPID_SETTING} setting is not a key pair: delete the row to make a new one.`);
  return kept;
}

/** What the opt-in needs: the key to subscribe with, and whether this browser is already on the list. */
export async function pushStatus(db: Db, actor: UserActor, input: { endpoint?: string | undefined }, deps: Deps) {
  const { publicKey } = await vapidKeys(db, deps.config);
  const row = input.endpoint
    ? await db
        .selectFrom('push_subscriptions')
        .select('id')
        .where('endpoint', '=', input.endpoint)
        .where('user_id', '=', actor.id)
        .executeTakeFirst()
    : undefined;
  return { publicKey, subscribed: row !== undefined };
}

/**
 * The address a push service gave the browser. In production only https addresses with a host name
 * are taken: the server posts to it, so an address of the shop's own network must not be accepted.
 */
function checkEndpoint(endpoint: string, config: ApiConfig): void {
  if (!config.production) return;
  const url = new URL(endpoint);
  const host = url.hostname;
  const ipLiteral = /^[\d.]+$/.test(host) || host.startsWith('[');
  if (url.protocol !== 'https:' || ipLiteral || host === 'localhost' || !host.includes('.')) {
    throw new Invalid('This browser’s push service address is not accepted.', { field: 'endpoint' });
  }
}

/** Opts this browser in. A browser that changed hands (another user signed in) now pushes to the new one. */
export async function savePushSubscription(db: Db, actor: UserActor, input: PushSubscriptionInput, deps: Deps) {
  checkEndpoint(input.endpoint, deps.config);
  // RFC 8291: a P-256 point and 16 bytes; anything else could never be encrypted to.
  if (
    Buffer.from(input.keys.p256dh, 'base64url').length !== 65 ||
    Buffer.from(input.keys.auth, 'base64url').length !== 16
  ) {
    throw new Invalid('This browser’s push keys are not valid.', { field: 'keys' });
  }
  const values = { user_id: actor.id, p256dh: input.keys.p256dh, auth: input.keys.auth };
  await db
    .insertInto('push_subscriptions')
    .values({ ...values, endpoint: input.endpoint, created_at: deps.now })
    .onDuplicateKeyUpdate({ ...values, created_at: deps.now })
    .execute();
  return { subscribed: true };
}

/** Opts this browser out; only the signed-in user's own subscription can be removed. */
export async function deletePushSubscription(db: Db, actor: UserActor, input: { endpoint: string }) {
  await db
    .deleteFrom('push_subscriptions')
    .where('endpoint', '=', input.endpoint)
    .where('user_id', '=', actor.id)
    .execute();
  return { subscribed: false };
}

export interface PushMessage {
  title: string;
  body: string;
  /** A path of the shop, opened when the notification is clicked. */
  url: string;
}

/**
 * Queues a push for each user who opted in somewhere; users without a subscription cost one indexed
 * read. Call it inside the change's transaction: it is sent only if that commits. A plain read then
 * an insert, not INSERT … SELECT, which would lock the subscriptions it reads until the order commits.
 */
export async function queuePush(trx: Db, userIds: number[], message: PushMessage, now: Date): Promise<void> {
  if (userIds.length === 0) return;
  const subscribed = await trx
    .selectFrom('push_subscriptions')
    .select('user_id')
    .distinct()
    .where('user_id', 'in', userIds)
    .execute();
  if (subscribed.length === 0) return;
  await trx
    .insertInto('push_outbox')
    .values(
      subscribed.map(({ user_id }) => ({
        user_id,
        title: message.title.slice(0, 200),
        body: message.body.slice(0, 500),
        url: message.url.slice(0, 200),
        next_attempt_at: now,
        created_at: now,
      })),
    )
    .execute();
}
