// A refund takes back what it gave, seen through the API a client and the staff use: the delivered
// key and typed details can no longer be revealed and are gone from the database, the timeline and
// the client's email say what was revoked, and a second refund is refused.
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';

const bed = orderTestBed({ admin: true });
beforeEach(() => bed.w.setNow(null));

const unique = () => Math.random().toString(36).slice(2, 10).toUpperCase();

/** An order with a 30-day key from stock and a typed lifetime invite, both delivered. */
async function deliveredOrder(client: SessionUser) {
  const keyed = await bed.w.offer({ mode: 'automatic', duration: 30 });
  const typed = await bed.w.offer({ mode: 'manual', duration: null });
  const key = `KEY-${unique()}`;
  const invite = `https://example.test/join/${unique()}`;
  await bed.w.stock(keyed.id, [key]);
  const number = await bed.w.placeOrder(client, [{ offerId: keyed.id }, { offerId: typed.id }]);
  await bed.w.toReview(number, client);
  await bed.w.claim(bed.admin, number);
  await bed.w.as(bed.admin).desk.approve({ number });
  const items = (await bed.w.as(client).orders.get({ number })).items;
  const keyItem = items.find((i) => i.title === keyed.title);
  const typedItem = items.find((i) => i.title === typed.title);
  if (!keyItem || !typedItem) throw new Error('order items missing');
  await bed.w.as(bed.admin).desk.deliver({ number, items: [{ itemId: typedItem.id, details: invite }] });
  return { number, keyed, key, invite, keyItem, typedItem };
}

describe('refunds take the delivery back', () => {
  it('nobody can reveal a refunded key or detail, and neither is left readable in the database', async () => {
    const client = await createTestUser(bed.db);
    const o = await deliveredOrder(client);
    const reveal = (user: SessionUser, itemId: number) =>
      bed.w.as(user).orders.revealDelivery({ number: o.number, itemId });
    expect((await reveal(client, o.keyItem.id)).details).toBe(o.key);
    expect((await reveal(client, o.typedItem.id)).details).toBe(o.invite);

    await bed.w.as(bed.admin).admin.orders.refund({ number: o.number, reason: 'Client was charged twice' });

    for (const user of [client, bed.admin]) {
      for (const item of [o.keyItem, o.typedItem]) {
        await expect(reveal(user, item.id)).rejects.toMatchObject({
          code: 'NOT_FOUND',
          message: expect.stringMatching(/revoked when the order was refunded/),
        });
      }
    }
    const items = await bed.db
      .selectFrom('order_items')
      .select(['id', 'delivery_ciphertext', 'delivered_at', 'revoked_at'])
      .where('id', 'in', [o.keyItem.id, o.typedItem.id])
      .execute();
    expect(items).toHaveLength(2);
    for (const i of items) {
      expect(i.delivery_ciphertext).toBeNull();
      // What staff need for a dispute stays: that it was delivered, and when it was taken back.
      expect(i.delivered_at).toBeInstanceOf(Date);
      expect(i.revoked_at).toBeInstanceOf(Date);
    }
    const code = await bed.db
      .selectFrom('offer_stock_codes')
      .select(['status', 'code_ciphertext', 'code_hash'])
      .where('order_item_id', '=', o.keyItem.id)
      .executeTakeFirstOrThrow();
    expect(code.status).toBe('revoked');
    expect(code.code_ciphertext).toHaveLength(0);
    // The fingerprint stays, so the revoked key is never imported and sold again.
    expect(code.code_hash).toBe(bed.w.config.encryptor.fingerprint(o.key));

    // Both sides see the items as revoked rather than deliverable.
    for (const view of [
      await bed.w.as(client).orders.get({ number: o.number }),
      await bed.w.as(bed.admin).desk.get({ number: o.number }),
    ]) {
      expect(view.items.map((i) => ({ delivered: i.deliveredAt !== null, revoked: i.revokedAt !== null }))).toEqual([
        { delivered: true, revoked: true },
        { delivered: true, revoked: true },
      ]);
    }
  });

  it('the timeline and the client’s email say what was revoked', async () => {
    const client = await createTestUser(bed.db);
    const o = await deliveredOrder(client);
    const result = await bed.w.as(bed.admin).admin.orders.refund({ number: o.number, reason: 'Service not available' });
    const said = `Refunded: 1 licence key revoked, delivery details of 1 item revoked, ${o.keyed.title} subscription ended.`;
    expect(result).toEqual({ number: o.number, status: 'refunded', revoked: said });

    for (const view of [
      await bed.w.as(client).orders.get({ number: o.number }),
      await bed.w.as(bed.admin).desk.get({ number: o.number }),
    ]) {
      expect(view.events.at(-1)).toMatchObject({ toStatus: 'refunded', note: 'Service not available', detail: said });
    }
    const mail = await bed.db
      .selectFrom('email_outbox')
      .select(['subject', 'text', 'html'])
      .where('to_address', '=', client.email)
      .where('subject', '=', `Order ${o.number}: Refunded`)
      .executeTakeFirstOrThrow();
    expect(mail.text).toContain('Reason: Service not available');
    expect(mail.text).toContain(said);
    expect(mail.html).toContain('1 licence key revoked');
    expect(mail.text).not.toContain(o.key);
  });

  it('a refund of an order with nothing delivered yet says so', async () => {
    const client = await createTestUser(bed.db);
    const offer = await bed.w.offer({ mode: 'automatic', duration: 30 });
    const number = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
    await bed.w.toReview(number, client);
    // No stock: the order is paid and waits for codes.
    await bed.w.claim(bed.admin, number);
    expect((await bed.w.as(bed.admin).desk.approve({ number })).status).toBe('paid');
    const { revoked } = await bed.w.as(bed.admin).admin.orders.refund({ number, reason: 'Out of stock for too long' });
    expect(revoked).toBe('Refunded: nothing had been delivered yet.');
    expect(await bed.w.as(client).subscriptions.list()).toEqual([]);
  });

  it('two admins refunding at once: one refund, one CONFLICT, and the time is taken once', async () => {
    const client = await createTestUser(bed.db);
    const offer = await bed.w.offer({ mode: 'automatic', duration: 30 });
    const start = new Date();
    bed.w.setNow(start);
    const buy = async () => {
      await bed.w.stock(offer.id, [`KEY-${unique()}`]);
      const number = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
      await bed.w.toReview(number, client);
      await bed.w.claim(bed.admin, number);
      await bed.w.as(bed.admin).desk.approve({ number });
      return number;
    };
    await buy();
    const renewal = await buy();
    const other = await createTestUser(bed.db, { role: 'admin' });
    const results = await Promise.allSettled([
      bed.w.as(bed.admin).admin.orders.refund({ number: renewal, reason: 'Refund one' }),
      bed.w.as(other).admin.orders.refund({ number: renewal, reason: 'Refund two' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason).toMatchObject({
      code: 'CONFLICT',
      message: `Order ${renewal} is already “Refunded”, so it cannot be refunded.`,
    });
    await expect(bed.w.as(bed.admin).admin.orders.refund({ number: renewal, reason: 'Again' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const [sub] = await bed.w.as(client).subscriptions.list();
    expect(sub?.endsAt?.getTime()).toBe(start.getTime() + 30 * 86_400_000);
    const events = (await bed.w.as(client).orders.get({ number: renewal })).events.filter(
      (e) => e.toStatus === 'refunded',
    );
    expect(events).toHaveLength(1);
  });
});
