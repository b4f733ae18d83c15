import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';
import { ibanIn } from '../payments/index.ts';
import { cancelUnpaidOrders } from './actions.ts';

const bed = orderTestBed({ employee: true });
let owner: SessionUser;
let offerId: number;
beforeAll(async () => {
  owner = await createTestUser(bed.db);
  offerId = (await bed.w.offer({ mode: 'manual' })).id;
});

describe('the payment deadline on the order page', () => {
  it('is the moment the unpaid-orders job cancels the order, restarted by a rejected receipt', async () => {
    // Whole seconds, a month back: the database keeps no milliseconds, and other orders stay out of reach.
    const start = new Date(Math.floor(Date.now() / 1000) * 1000 - 30 * 86_400_000);
    bed.w.setNow(start);
    onTestFinished(() => bed.w.setNow(null));
    const number = await bed.w.placeOrder(owner, [{ offerId }]);
    const deadline = async () => (await bed.w.as(owner).orders.get({ number })).payment?.deadline ?? null;
    expect(await deadline()).toEqual(new Date(start.getTime() + 48 * 3_600_000));

    // Under review the job leaves the order alone, so no deadline is shown.
    await bed.w.toReview(number, owner);
    expect(await deadline()).toBeNull();
    bed.w.setNow(new Date(start.getTime() + 40 * 3_600_000));
    await bed.w.claim(bed.employee, number);
    await bed.w.as(bed.employee).desk.reject({ number, reason: 'Blurry receipt' });
    const due = await deadline();
    expect(due).toEqual(new Date(start.getTime() + 88 * 3_600_000));

    const at = (ms: number) => ({ config: bed.w.config, now: new Date(ms) });
    expect(await cancelUnpaidOrders(bed.db, {}, at((due as Date).getTime()))).toBe(0);
    expect(await cancelUnpaidOrders(bed.db, {}, at((due as Date).getTime() + 1000))).toBe(1);
    expect((await bed.w.as(owner).orders.get({ number })).status).toBe('cancelled');
  });

  it('offers the IBAN written in the instructions, compact, and none when there is none', () => {
    expect(ibanIn('Pay to Damso Stream Ltd, IBAN GB00 DEMO 0000 0000 0000 00, with your order number.')).toBe(
      'GB00DEMO00000000000000',
    );
    expect(ibanIn('IBAN: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX')).toBe('DE89370400440532013000');
    expect(ibanIn('Send the money to IBAN TEST 1234 with your order number.')).toBeNull();
  });
});
