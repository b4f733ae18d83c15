// Staff's search of the orders when many clients share the text: it pages along the orders' copies
// of their clients' email and name (order-search.ts), so those copies must follow every rename.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { createTestUser } from '../../testing/index.ts';
import { orderTestBed } from '../../testing/orders.ts';
import { MATCHED_CLIENTS } from './order-search.ts';

const bed = orderTestBed({ admin: true });
const tag = randomBytes(3).toString('hex');
let client: SessionUser;
let number: string;

beforeAll(async () => {
  // More clients called "Zora …" (zora…@) than a search looks at through the users table.
  await bed.db
    .insertInto('users')
    .values(
      Array.from({ length: MATCHED_CLIENTS + 5 }, (_, i) => ({
        email: `zora${i}-${tag}@example.test`,
        full_name: `Zora ${tag} ${i}`,
        phone: '+14155550101',
        password_hash: 'not-a-real-hash',
      })),
    )
    .execute();
  client = await createTestUser(bed.db);
  const offer = await bed.w.offer();
  number = await bed.w.placeOrder(client, [{ offerId: offer.id }]);
});

const search = async (q: string) => {
  const list = await bed.w.as(bed.admin).admin.orders.list({ q, pageSize: 100 });
  return { numbers: list.orders.map((o) => o.number), limited: list.searchLimitedTo };
};

describe('order search by a prefix many clients share', () => {
  it('finds a client’s orders by their new name or email once they change it, and not by the old', async () => {
    // Checked twice each: the first search learns that many clients share the text, the next pages
    // along the orders' copies; both answer the same.
    for (const time of [1, 2]) {
      expect([time, await search('Zora')]).toEqual([time, { numbers: [], limited: null }]);
    }
    await bed.w
      .as(client)
      .account.updateProfile({ fullName: `Zora ${tag} Quinn`, phoneCountry: 'US', phone: '415 555 0101' });
    for (const time of [1, 2]) {
      expect([time, await search('zora')]).toEqual([time, { numbers: [number], limited: null }]);
      expect([time, (await bed.w.as(bed.admin).desk.queue({ queue: 'awaiting_payment', q: 'zor' })).orders]).toEqual([
        time,
        [expect.objectContaining({ number, clientName: `Zora ${tag} Quinn` })],
      ]);
    }
    expect((await search(client.fullName)).numbers).toEqual([]);
  });
});
