// Deleting what is no longer wanted: an empty category, a coupon nobody used. What is in use is
// refused with a message that says what to do instead, and nothing is deleted.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser, refusalOf } from '../../testing/index.ts';
import { orderWorld } from '../../testing/orders.ts';

let t: TestDatabase;
let w: ReturnType<typeof orderWorld>;
let admin: SessionUser;
let employee: SessionUser;

beforeAll(async () => {
  t = await createTestDatabase();
  w = orderWorld(t.db);
  admin = await createTestUser(t.db, { role: 'admin' });
  employee = await createTestUser(t.db, { role: 'employee' });
});
afterAll(() => t.drop());

const auditOf = (type: string, id: number, action: string) =>
  t.db
    .selectFrom('audit_log')
    .select(['actor_id', 'before_json'])
    .where('entity_type', '=', type)
    .where('entity_id', '=', String(id))
    .where('action', '=', action)
    .execute();

describe('deleting a category', () => {
  it('deletes an empty category, audited; refuses one with offers, shown or hidden', async () => {
    const categories = w.as(admin).admin.categories;
    const { id } = await categories.create({ name: 'Short-lived' });
    expect(await refusalOf(w.as(employee).admin.categories.delete({ id }))).toMatchObject({ code: 'FORBIDDEN' });
    await categories.delete({ id });
    expect((await categories.list()).map((c) => c.id)).not.toContain(id);
    const audit = await auditOf('category', id, 'category.delete');
    expect(audit).toMatchObject([{ actor_id: admin.id }]);
    expect(JSON.parse(audit[0]?.before_json ?? '{}')).toMatchObject({ name: 'Short-lived' });

    const offer = await w.offer();
    const used = await t.db
      .selectFrom('offers')
      .select('category_id')
      .where('id', '=', offer.id)
      .executeTakeFirstOrThrow();
    await w.as(admin).admin.offers.setActive({ id: offer.id, active: false });
    const refusal = await refusalOf(categories.delete({ id: used.category_id }));
    expect(refusal).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/still has 1 offer\. Move it/) });
    expect((await categories.list()).map((c) => c.id)).toContain(used.category_id);
    expect(await refusalOf(categories.delete({ id: 987654 }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('deleting a coupon', () => {
  it('deletes a coupon never used, audited; one used on an order can only be disabled', async () => {
    const coupons = w.as(admin).admin.coupons;
    const unused = await coupons.create({ code: 'TYPO-10', kind: 'percent', amount: 10 });
    expect(await refusalOf(w.as(employee).admin.coupons.delete(unused))).toMatchObject({ code: 'FORBIDDEN' });
    await coupons.delete(unused);
    expect((await coupons.list()).map((c) => c.id)).not.toContain(unused.id);
    expect(await auditOf('coupon', unused.id, 'coupon.delete')).toMatchObject([{ actor_id: admin.id }]);

    const used = await coupons.create({ code: 'USED-5', kind: 'fixed', amount: 100 });
    const client = await createTestUser(t.db);
    const offer = await w.offer({ price: 1000 });
    await w.placeOrder(client, [{ offerId: offer.id }], 'USED-5');
    const refusal = await refusalOf(coupons.delete(used));
    expect(refusal).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/Disable it instead/) });
    await coupons.setActive({ id: used.id, isActive: false });
    expect((await coupons.list()).find((c) => c.id === used.id)).toMatchObject({ isActive: false, usesCount: 1 });
  });
});
