// Web push end to end on the server side: a real HTTP server stands in for the browser's push service
// (the sender posts to whatever endpoint the browser gave), and the test decrypts what it receives with
// the browser's keys (RFC 8291), so it sees exactly what the phone would show.
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser, errorCode, testConfig } from '../../testing/index.ts';
import { orderWorld } from '../../testing/orders.ts';
import { runSubscriptionReminders } from '../subscriptions/reminders.ts';
import { savePushSubscription } from './push.ts';
import { sendDuePushes } from './push-sender.ts';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** The push service: answers each request with the status its path asks for, or never ('hang'). */
let service: Server;
let base: string;
const received: Received[] = [];
beforeAll(async () => {
  service = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const answer = req.url?.split('/')[2] ?? '201';
      if (answer === 'hang') return;
      res.writeHead(Number(answer)).end();
    });
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
});
afterAll(() => {
  service.closeAllConnections();
  service.close();
});

let t: TestDatabase;
let w: ReturnType<typeof orderWorld>;
let employee: SessionUser;
let offerId: number;
beforeAll(async () => {
  t = await createTestDatabase();
  w = orderWorld(t.db);
  employee = await createTestUser(t.db, { role: 'employee' });
  offerId = (await w.offer({ mode: 'manual' })).id;
});
afterAll(() => t.drop());

/** A browser's push subscription: its key pair and auth secret, as PushManager.subscribe makes them. */
function browserKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { ecdh, auth: randomBytes(16) };
}

/** Opens an aes128gcm web push message with the browser's keys, as the browser does. */
function decrypt(body: Buffer, { ecdh, auth }: ReturnType<typeof browserKeys>): unknown {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const serverKey = body.subarray(21, 21 + idLength);
  const secret = ecdh.computeSecret(serverKey);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, auth, info, 32));
  const key = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const record = body.subarray(21 + idLength);
  const decipher = createDecipheriv('aes-128-gcm', key, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 (then optional zero padding).
  return JSON.parse(plain.subarray(0, plain.lastIndexOf(2)).toString('utf8'));
}

async function optIn(user: SessionUser, answer: string) {
  const keys = browserKeys();
  const endpoint = `${base}/push/${answer}/${randomBytes(6).toString('hex')}`;
  await w.as(user).notifications.subscribePush({
    endpoint,
    keys: { p256dh: keys.ecdh.getPublicKey().toString('base64url'), auth: keys.auth.toString('base64url') },
  });
  return { endpoint, keys };
}

/** An order under payment review; the employee's approval is the update the client hears of. */
async function orderInReview(owner: SessionUser) {
  const number = await w.placeOrder(owner, [{ offerId }]);
  await w.toReview(number, owner);
  return number;
}

const subscriptionsOf = (userId: number) =>
  t.db.selectFrom('push_subscriptions').select('endpoint').where('user_id', '=', userId).execute();
const queueOf = (userId: number) =>
  t.db.selectFrom('push_outbox').select(['attempts', 'next_attempt_at']).where('user_id', '=', userId).execute();
const send = (timeoutMs = 2_000) => sendDuePushes(t.db, { now: w.now(), config: w.config, timeoutMs });

describe('web push for order updates', () => {
  it('sends the client’s browser an encrypted, signed push when the payment is approved', async () => {
    const owner = await createTestUser(t.db);
    const { endpoint, keys } = await optIn(owner, '201');
    const number = await orderInReview(owner);
    // The client's own action (the receipt) rings nobody: only staff changes are news to them.
    expect(await queueOf(owner.id)).toHaveLength(0);

    await w.claim(employee, number);
    await w.as(employee).desk.approve({ number });
    const before = received.length;
    const result = await send();
    expect(result).toMatchObject({ sent: 1, failed: 0, gone: 0 });

    const push = received.slice(before).find((r) => `${base}${r.path}` === endpoint);
    expect(push?.headers['content-encoding']).toBe('aes128gcm');
    expect(push?.headers.authorization).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
    expect(Number(push?.headers.ttl)).toBeGreaterThan(0);
    expect(decrypt(push?.body as Buffer, keys)).toEqual({
      title: `Order ${number}: Paid`,
      body: expect.stringContaining(`Your payment for order ${number} is confirmed.`),
      url: `/orders/${number}`,
    });
    // Sent once: the queue is empty and the next run sends nothing.
    expect(await queueOf(owner.id)).toHaveLength(0);
    expect(await send()).toMatchObject({ sent: 0 });
  });

  it('forgets a subscription the push service says is gone (410)', async () => {
    const owner = await createTestUser(t.db);
    await optIn(owner, '410');
    const number = await orderInReview(owner);
    await w.claim(employee, number);
    await w.as(employee).desk.approve({ number });
    expect(await send()).toMatchObject({ sent: 0, gone: 1 });
    expect(await subscriptionsOf(owner.id)).toEqual([]);
    expect(await queueOf(owner.id)).toEqual([]);
  });

  it('changes the order even when the push service is down or hangs, and retries the push later', async () => {
    const owner = await createTestUser(t.db);
    await optIn(owner, '503');
    await optIn(owner, 'hang');
    const number = await orderInReview(owner);
    await w.claim(employee, number);
    await w.as(employee).desk.approve({ number });
    expect((await w.as(owner).orders.get({ number })).status).toBe('paid');

    const started = Date.now();
    expect(await send(300)).toMatchObject({ sent: 0, failed: 2, gone: 0 });
    expect(Date.now() - started).toBeLessThan(5_000);
    // Both browsers stay subscribed; the push waits for a later try.
    expect(await subscriptionsOf(owner.id)).toHaveLength(2);
    const [queued] = await queueOf(owner.id);
    expect(queued?.attempts).toBe(1);
    expect(queued?.next_attempt_at.getTime()).toBeGreaterThan(w.now().getTime());
  });

  it('reaches no one who did not opt in, and lets only the owner opt a browser out', async () => {
    const owner = await createTestUser(t.db);
    const number = await orderInReview(owner);
    await w.claim(employee, number);
    await w.as(employee).desk.approve({ number });
    expect(await queueOf(owner.id)).toEqual([]);

    const { endpoint } = await optIn(owner, '201');
    const other = await createTestUser(t.db);
    await w.as(other).notifications.unsubscribePush({ endpoint });
    expect(await subscriptionsOf(owner.id)).toHaveLength(1);
    expect(await w.as(owner).notifications.pushStatus({ endpoint })).toMatchObject({ subscribed: true });
    await w.as(owner).notifications.unsubscribePush({ endpoint });
    expect(await subscriptionsOf(owner.id)).toEqual([]);
  });

  it('refuses, in production, an endpoint on the shop’s own network and keys no browser makes', async () => {
    const owner = await createTestUser(t.db);
    const keys = browserKeys();
    const valid = { p256dh: keys.ecdh.getPublicKey().toString('base64url'), auth: keys.auth.toString('base64url') };
    const deps = { config: testConfig({ production: true }), now: w.now() };
    const actor = { ...owner, ip: '127.0.0.1' };
    for (const endpoint of [`${base}/push/201/x`, 'https://10.0.0.5/push', 'https://localhost/push']) {
      await expect(savePushSubscription(t.db, actor, { endpoint, keys: valid }, deps)).rejects.toThrow(/not accepted/);
    }
    const bad = { p256dh: randomBytes(40).toString('base64url'), auth: valid.auth };
    const refusal = await w
      .as(owner)
      .notifications.subscribePush({ endpoint: `${base}/push/201/y`, keys: bad })
      .catch((e: unknown) => e);
    expect(errorCode(refusal)).toBe('BAD_REQUEST');
  });

  it('sends the expiry reminder as a push too, once', async () => {
    const owner = await createTestUser(t.db);
    const { endpoint, keys } = await optIn(owner, '201');
    const offer = await w.offer({ duration: 30 });
    const now = w.now();
    await t.db
      .insertInto('subscriptions')
      .values({
        user_id: owner.id,
        offer_id: offer.id,
        starts_at: new Date(now.getTime() - 27 * 86_400_000),
        ends_at: new Date(now.getTime() + 3 * 86_400_000 - 60_000),
        status: 'active',
      })
      .execute();
    await runSubscriptionReminders(t.db, { config: w.config, now });
    await runSubscriptionReminders(t.db, { config: w.config, now });
    const before = received.length;
    expect(await send()).toMatchObject({ sent: 1 });
    const push = received.slice(before).find((r) => `${base}${r.path}` === endpoint);
    expect(decrypt(push?.body as Buffer, keys)).toEqual({
      title: `Your ${offer.title} subscription ends in 3 days`,
      body: 'Renew it to keep it running.',
      url: '/subscriptions',
    });
  });
});
