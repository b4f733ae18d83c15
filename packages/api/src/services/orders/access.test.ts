// A client can never reach another client's order, receipt, delivery or thread, whatever they send.
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { actorFor, createTestUser, errorCode } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';
import { THREAD_EMAIL_INTERVAL_MS } from './messages.ts';
import { openReceipt } from './receipts.ts';

const bed = orderTestBed({ employee: true });
let alice: SessionUser;
let bob: SessionUser;
let aliceOrder: string;
let itemId: number;
let receiptKey: string;
beforeAll(async () => {
  alice = await createTestUser(bed.db);
  bob = await createTestUser(bed.db);
  const offer = await bed.w.offer({ mode: 'manual' });
  aliceOrder = await bed.w.placeOrder(alice, [{ offerId: offer.id }]);
  await bed.w.toReview(aliceOrder, alice);
  await bed.w.claim(bed.employee, aliceOrder);
  await bed.w.as(bed.employee).desk.approve({ number: aliceOrder });
  const detail = await bed.w.as(bed.employee).desk.get({ number: aliceOrder });
  itemId = detail.items[0]?.id ?? 0;
  receiptKey = detail.receipts[0]?.key ?? '';
  await bed.w.as(bed.employee).desk.deliver({ number: aliceOrder, items: [{ itemId, details: 'ALICE-SECRET' }] });
  await bed.w.as(alice).orders.sendMessage({ number: aliceOrder, body: 'Hello from Alice' });
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (error) {
    return errorCode(error);
  }
}

describe('order access (IDOR)', () => {
  it('answers another client exactly as for an order that does not exist', async () => {
    const asBob = bed.w.as(bob).orders;
    const missing = 'DS-999999';
    for (const number of [aliceOrder, missing]) {
      expect(await codeOf(asBob.get({ number }))).toBe('NOT_FOUND');
      expect(await codeOf(asBob.revealDelivery({ number, itemId }))).toBe('NOT_FOUND');
      expect(await codeOf(asBob.messages({ number }))).toBe('NOT_FOUND');
      expect(await codeOf(asBob.sendMessage({ number, body: 'hi' }))).toBe('NOT_FOUND');
      expect(await codeOf(asBob.markRead({ number }))).toBe('NOT_FOUND');
      expect(await codeOf(asBob.cancel({ number }))).toBe('NOT_FOUND');
    }
    // Bob's own order number with Alice's item id gets nothing either.
    const offer = await bed.w.offer();
    const bobOrder = await bed.w.placeOrder(bob, [{ offerId: offer.id }]);
    expect(await codeOf(asBob.revealDelivery({ number: bobOrder, itemId }))).toBe('NOT_FOUND');
    expect((await asBob.list({})).orders.map((o) => o.number)).toEqual([bobOrder]);
    // Bob's attempts wrote nothing, to Alice's thread or anywhere else.
    const thread = await bed.db
      .selectFrom('order_messages as m')
      .innerJoin('orders as o', 'o.id', 'm.order_id')
      .select('m.body')
      .where('o.number', '=', aliceOrder)
      .execute();
    expect(thread.map((m) => m.body)).toEqual(['Hello from Alice']);
    expect(await bed.db.selectFrom('order_messages').select('id').where('user_id', '=', bob.id).execute()).toEqual([]);
  });

  it('serves a receipt to its owner and staff only, and refuses made-up keys the same way', async () => {
    expect(receiptKey).toMatch(/^[a-f0-9]{32}$/);
    const own = await openReceipt(bed.db, actorFor(alice), { key: receiptKey });
    expect(own).toMatchObject({ mimeType: 'application/pdf', number: aliceOrder });
    expect((await openReceipt(bed.db, actorFor(bed.employee), { key: receiptKey })).objectKey).toBe(own.objectKey);
    expect(await codeOf(openReceipt(bed.db, actorFor(bob), { key: receiptKey }))).toBe('NOT_FOUND');
    expect(await codeOf(openReceipt(bed.db, actorFor(alice), { key: '../../etc/passwd' }))).toBe('NOT_FOUND');
    expect(await codeOf(openReceipt(bed.db, actorFor(alice), { key: 'a'.repeat(32) }))).toBe('NOT_FOUND');
  });

  it('keeps the desk and admin order lists away from clients', async () => {
    expect(await codeOf(bed.w.as(alice).desk.get({ number: aliceOrder }))).toBe('FORBIDDEN');
    expect(await codeOf(bed.w.as(alice).desk.queue({}))).toBe('FORBIDDEN');
    expect(await codeOf(bed.w.as(alice).admin.orders.list({}))).toBe('FORBIDDEN');
  });

  it('the client never sees the ciphertext or staff names in their order', async () => {
    const order = await bed.w.as(alice).orders.get({ number: aliceOrder });
    const text = JSON.stringify(order);
    expect(text).not.toContain('ALICE-SECRET');
    expect(text).not.toContain(bed.employee.fullName);
    expect(order.staff).toBeNull();
    expect((await bed.w.as(alice).orders.revealDelivery({ number: aliceOrder, itemId })).details).toBe('ALICE-SECRET');
  });
});

describe('order thread', () => {
  it('counts unread messages per side, marks them read, and emails at most once per 10 minutes', async () => {
    const offer = await bed.w.offer();
    const number = await bed.w.placeOrder(alice, [{ offerId: offer.id }]);
    await bed.w.as(bed.employee).desk.claim({ number });
    const start = new Date();
    bed.w.setNow(start);
    onTestFinished(() => bed.w.setNow(null));
    const staffSide = bed.w.as(bed.employee).orders;
    await staffSide.sendMessage({ number, body: 'Please send the receipt' });
    await staffSide.sendMessage({ number, body: 'Any news?' });
    bed.w.setNow(new Date(start.getTime() + THREAD_EMAIL_INTERVAL_MS + 1));
    await staffSide.sendMessage({ number, body: 'Third message' });
    const mails = await bed.db
      .selectFrom('email_outbox')
      .select('text')
      .where('to_address', '=', alice.email)
      .where('template', '=', 'order-message')
      .execute();
    expect(mails.map((m) => m.text.includes('Please send the receipt') || m.text.includes('Third message'))).toEqual([
      true,
      true,
    ]);
    expect(mails).toHaveLength(2);

    const mine = await bed.w.as(alice).orders.list({});
    expect(mine.orders.find((o) => o.number === number)?.unread).toBe(3);
    const thread = await bed.w.as(alice).orders.messages({ number });
    expect(thread.map((m) => [m.author, m.unread, m.mine])).toEqual([
      ['Support', true, false],
      ['Support', true, false],
      ['Support', true, false],
    ]);
    await bed.w.as(alice).orders.markRead({ number });
    expect((await bed.w.as(alice).orders.list({})).orders.find((o) => o.number === number)?.unread).toBe(0);

    await bed.w.as(alice).orders.sendMessage({ number, body: 'Here it is' });
    const queue = await bed.w.as(bed.employee).desk.queue({ queue: 'mine' });
    expect(queue.orders.find((o) => o.number === number)?.unread).toBe(1);
    const bell = await bed.w.as(bed.employee).notifications.list();
    expect(bell.items[0]).toMatchObject({ title: `New message on order ${number}`, link: `/desk/orders/${number}` });
    await bed.w.as(bed.employee).notifications.markRead({});
    expect((await bed.w.as(bed.employee).notifications.list()).unread).toBe(0);
    await expect(bed.w.as(alice).orders.sendMessage({ number, body: '   ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
