import { describe, expect, it } from 'vitest';
import { orderTestBed } from '../../testing/orders.ts';

const bed = orderTestBed();

async function slugOf(id: number) {
  return (await bed.db.selectFrom('offers').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
}

describe('the offer page says how it is delivered and whether it is in stock', () => {
  it('an automatic offer is in stock only while an unused code is left; a manual one always is', async () => {
    const auto = await bed.w.offer({ mode: 'automatic' });
    const manual = await bed.w.offer({ mode: 'manual' });
    const visitor = bed.w.as(null);
    const delivery = async (id: number) => {
      const { deliveryMode, inStock } = await visitor.catalog.offer({ slug: await slugOf(id) });
      return { deliveryMode, inStock };
    };
    expect(await delivery(auto.id)).toEqual({ deliveryMode: 'automatic', inStock: false });
    expect(await delivery(manual.id)).toEqual({ deliveryMode: 'manual', inStock: true });
    await bed.w.stock(auto.id, ['OFFER-PAGE-CODE-1']);
    expect(await delivery(auto.id)).toEqual({ deliveryMode: 'automatic', inStock: true });
    // A delivered code is no stock.
    await bed.db
      .updateTable('offer_stock_codes')
      .set({ status: 'delivered' })
      .where('offer_id', '=', auto.id)
      .execute();
    expect(await delivery(auto.id)).toEqual({ deliveryMode: 'automatic', inStock: false });
  });
});
