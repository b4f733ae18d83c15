// Catalog meets orders: codes imported by an admin are what the desk delivers, and a rating unlocks
// only once the client's order is delivered (read from the orders table, not a flag of ours).
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { createTestUser } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';

const bed = orderTestBed({ admin: true, employee: true });

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? `${error.code}: ${error.message}` : 'NOT_A_TRPC_ERROR';
  }
}

describe('catalog and orders together', () => {
  it('delivers a pasted stock code, lowers the stock level, then lets the buyer rate with a verified badge', async () => {
    const offer = await bed.w.offer({ mode: 'automatic', duration: 30 });
    const imported = await bed.w
      .as(bed.admin)
      .admin.offers.addStockCodes({ offerId: offer.id, text: 'PASTED-0001\nPASTED-0002\n' });
    expect(imported).toMatchObject({ added: 2, available: 2 });

    const client = await createTestUser(bed.db);
    const number = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
    expect(
      await refusal(bed.w.as(client).comments.create({ offerId: offer.id, body: 'Ordered, waiting.', rating: 5 })),
    ).toBe('FORBIDDEN: Only clients who received this offer can rate it.');
    await bed.w.toReview(number, client);
    await bed.w.claim(bed.employee, number);
    expect(await bed.w.as(bed.employee).desk.approve({ number })).toMatchObject({ status: 'delivered' });

    const item = (await bed.w.as(client).orders.get({ number })).items[0];
    const revealed = await bed.w.as(client).orders.revealDelivery({ number, itemId: item?.id ?? 0 });
    expect(revealed.details).toBe('PASTED-0001');
    expect((await bed.w.as(bed.admin).admin.offers.get({ id: offer.id })).stock).toEqual({
      available: 1,
      delivered: 1,
      revoked: 0,
    });

    await bed.w.as(client).comments.create({ offerId: offer.id, body: 'Code worked at once.', rating: 5 });
    const list = await bed.w.as(null).comments.list({ offerId: offer.id });
    expect(list.items.map((c) => [c.body, c.rating, c.verifiedPurchase])).toEqual([['Code worked at once.', 5, true]]);
    expect(await refusal(bed.w.as(bed.admin).admin.offers.delete({ id: offer.id }))).toBe(
      'CONFLICT: This offer has been ordered, so it cannot be deleted. Deactivate it instead.',
    );
  });
});
