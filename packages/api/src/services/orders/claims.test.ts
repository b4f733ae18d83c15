// Claiming before working: every staff action on an order that needs work (approve, reject, deliver,
// retry from stock, cancel) needs the order claimed by the one acting, admins included; the client,
// the jobs' system actor and an admin's refund never need a claim.
import type { OrderStatus } from '@damso/validators';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser, refusalOf } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';

const bed = orderTestBed({ admin: true, employee: true });
let owner: SessionUser;
let other: SessionUser;
let manualOffer: number;
beforeAll(async () => {
  owner = await createTestUser(bed.db);
  other = await createTestUser(bed.db, { role: 'employee' });
  manualOffer = (await bed.w.offer({ mode: 'manual' })).id;
});

async function orderInReview() {
  const number = await bed.w.placeOrder(owner, [{ offerId: manualOffer }]);
  await bed.w.toReview(number, owner);
  return number;
}

/** A paid order nobody works on any more: approved by its claimer, then released. */
async function paidUnclaimed() {
  const number = await orderInReview();
  await bed.w.claim(bed.employee, number);
  await bed.w.as(bed.employee).desk.approve({ number });
  await bed.w.as(bed.employee).desk.release({ number });
  return number;
}

/** What a refused action must leave alone: the status, the claim, the timeline, the audit log and the client's mail. */
async function footprint(number: string) {
  const order = await bed.db
    .selectFrom('orders')
    .select(['id', 'status', 'claimed_by'])
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  const count = async (table: 'order_events' | 'audit_log' | 'email_outbox') => {
    const q = bed.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    const r = await (table === 'order_events'
      ? q.where('order_id', '=', order.id)
      : table === 'audit_log'
        ? q.where('entity_id', '=', number)
        : q.where('subject', 'like', `%${number}%`)
    ).executeTakeFirstOrThrow();
    return Number(r.n);
  };
  return {
    status: order.status as OrderStatus,
    claimedBy: order.claimed_by,
    events: await count('order_events'),
    audit: await count('audit_log'),
    mail: await count('email_outbox'),
  };
}

const itemOf = async (number: string) => (await bed.w.as(bed.admin).desk.get({ number })).items[0]?.id ?? 0;

describe('an unclaimed order', () => {
  const inReview: Array<[string, (user: SessionUser, number: string) => Promise<unknown>]> = [
    ['approve', (u, number) => bed.w.as(u).desk.approve({ number })],
    ['reject', (u, number) => bed.w.as(u).desk.reject({ number, reason: 'No transfer arrived' })],
    ['cancel', (u, number) => bed.w.as(u).desk.cancel({ number, reason: 'Client asked by phone' })],
  ];
  for (const [name, act] of inReview) {
    for (const role of ['employee', 'admin'] as const) {
      it(`refuses the ${role}'s ${name} with "Claim order N before working on it." and changes nothing`, async () => {
        const number = await orderInReview();
        const before = await footprint(number);
        expect(await refusalOf(act(bed[role], number))).toMatchObject({
          code: 'CONFLICT',
          message: `Claim order ${number} before working on it.`,
        });
        expect(await footprint(number)).toEqual(before);
        expect(before).toMatchObject({ status: 'payment_review', claimedBy: null });
      });
    }
  }

  it('refuses typed delivery and the retry from stock of a paid order, and changes nothing', async () => {
    const number = await paidUnclaimed();
    const before = await footprint(number);
    const itemId = await itemOf(number);
    expect(
      await refusalOf(bed.w.as(bed.employee).desk.deliver({ number, items: [{ itemId, details: 'CODE-1' }] })),
    ).toMatchObject({ code: 'CONFLICT', message: `Claim order ${number} before working on it.` });
    expect(await refusalOf(bed.w.as(bed.admin).desk.retryStock({ number }))).toMatchObject({
      code: 'CONFLICT',
      message: `Claim order ${number} before working on it.`,
    });
    expect(await footprint(number)).toEqual(before);
    expect((await bed.w.as(owner).orders.get({ number })).items[0]?.deliveredAt).toBeNull();
  });

  it('is still the client’s to cancel, and an admin refunds a paid one without claiming it', async () => {
    const mine = await orderInReview();
    expect(await bed.w.as(owner).orders.cancel({ number: mine })).toMatchObject({ status: 'cancelled' });
    const paid = await paidUnclaimed();
    expect(await bed.w.as(bed.admin).admin.orders.refund({ number: paid, reason: 'Paid twice' })).toMatchObject({
      status: 'refunded',
    });
  });
});

describe('an order claimed by me', () => {
  it('can be worked: claimed in the audit log and the queue, approved, delivered, and the claim ends with the work', async () => {
    const number = await orderInReview();
    expect(await bed.w.as(bed.employee).desk.claim({ number })).toEqual({ number, claimedBy: bed.employee.id });
    const audit = await bed.db
      .selectFrom('audit_log')
      .select(['actor_id', 'before_json', 'after_json'])
      .where('entity_id', '=', number)
      .where('action', '=', 'order.claim')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(bed.employee.id);
    expect(JSON.parse(audit[0]?.before_json ?? 'null')).toEqual({ claimedBy: null });
    expect(JSON.parse(audit[0]?.after_json ?? 'null')).toEqual({ claimedBy: bed.employee.id });

    const row = (await bed.w.as(bed.employee).desk.queue({ queue: 'payment_review', q: number })).orders[0];
    expect(row).toMatchObject({ number, claimedById: bed.employee.id, claimedByName: bed.employee.fullName });

    expect(await bed.w.as(bed.employee).desk.approve({ number })).toMatchObject({ status: 'paid' });
    const itemId = await itemOf(number);
    expect(
      await bed.w.as(bed.employee).desk.deliver({ number, items: [{ itemId, details: 'Invite: https://x.test/1' }] }),
    ).toMatchObject({ status: 'delivered' });
    expect(await footprint(number)).toMatchObject({ status: 'delivered', claimedBy: null });
  });

  it('can be rejected, stays claimed while the client pays again, and can be cancelled', async () => {
    const number = await orderInReview();
    await bed.w.claim(bed.employee, number);
    await bed.w.as(bed.employee).desk.reject({ number, reason: 'Blurry receipt' });
    expect(await footprint(number)).toMatchObject({ status: 'awaiting_payment', claimedBy: bed.employee.id });
    await bed.w.as(bed.employee).desk.cancel({ number, reason: 'Client asked by phone' });
    expect(await footprint(number)).toMatchObject({ status: 'cancelled', claimedBy: null });
  });
});

describe('an order claimed by another employee', () => {
  it('is refused to the other employee, and to an admin until the admin takes it over', async () => {
    const number = await orderInReview();
    await bed.w.claim(bed.employee, number);
    const before = await footprint(number);
    expect(await refusalOf(bed.w.as(other).desk.approve({ number }))).toMatchObject({
      code: 'CONFLICT',
      message: `Order ${number} is claimed by another employee. Ask them to release it first.`,
    });
    expect(await refusalOf(bed.w.as(other).desk.claim({ number }))).toMatchObject({ code: 'CONFLICT' });
    expect(await refusalOf(bed.w.as(bed.admin).desk.approve({ number }))).toMatchObject({
      code: 'CONFLICT',
      message: `Order ${number} is claimed by another employee. Take it over before working on it.`,
    });
    // A plain claim never snatches an order: only the admin's explicit take-over does.
    expect(await refusalOf(bed.w.as(bed.admin).desk.claim({ number }))).toMatchObject({ code: 'CONFLICT' });
    expect(await footprint(number)).toEqual(before);

    await bed.w.claim(bed.admin, number, true);
    const takeOver = await bed.db
      .selectFrom('audit_log')
      .select(['actor_id', 'before_json', 'after_json'])
      .where('entity_id', '=', number)
      .where('action', '=', 'order.claim')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(takeOver.actor_id).toBe(bed.admin.id);
    expect(JSON.parse(takeOver.before_json ?? 'null')).toEqual({ claimedBy: bed.employee.id });
    expect(JSON.parse(takeOver.after_json ?? 'null')).toEqual({ claimedBy: bed.admin.id });
    // Now the first employee is the one kept off.
    expect(await refusalOf(bed.w.as(bed.employee).desk.approve({ number }))).toMatchObject({ code: 'CONFLICT' });
    expect(await bed.w.as(bed.admin).desk.approve({ number })).toMatchObject({ status: 'paid' });
  });

  it('released, it can be claimed and worked by someone else', async () => {
    const number = await orderInReview();
    await bed.w.claim(bed.employee, number);
    await bed.w.as(bed.employee).desk.release({ number });
    expect(await refusalOf(bed.w.as(other).desk.approve({ number }))).toMatchObject({
      message: `Claim order ${number} before working on it.`,
    });
    await bed.w.claim(other, number);
    expect(await bed.w.as(other).desk.approve({ number })).toMatchObject({ status: 'paid' });
  });
});
