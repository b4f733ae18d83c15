import { randomBytes } from 'node:crypto';
import { createEncryptor, freshKey, hashPassword, keyId } from '@damso/auth';
import { orderClient, seedDemoData } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, createTestUser, testConfig } from '../../testing/index.ts';
import { importStockCodes } from '../catalog/stock-codes.ts';
import { rotateEncryptionKey } from './key-rotation.ts';

let t: TestDatabase;
const oldKey = randomBytes(32);
const newKey = freshKey([oldKey]);
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db, {
    uploadDir: `/tmp/damso-test-uploads-${process.pid}`,
    hashPassword,
    encryptor: createEncryptor(oldKey),
  });
});
afterAll(() => t.drop());

async function codes() {
  return t.db
    .selectFrom('offer_stock_codes')
    .select(['id', 'offer_id', 'code_ciphertext', 'code_hash'])
    .orderBy('id')
    .execute();
}

describe('encryption key rotation', () => {
  it('re-encrypts the seeded stock codes and delivery details so only the new key reads them', async () => {
    const before = await codes();
    expect(before.length).toBeGreaterThan(50);
    const oldReader = createEncryptor(oldKey);
    const plain = before.map((r) => oldReader.decrypt(r.code_ciphertext));
    const seededDeliveries = await t.db
      .selectFrom('order_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('delivery_ciphertext', 'is not', null)
      .executeTakeFirstOrThrow();
    const user = await createTestUser(t.db);
    const order = await t.db
      .insertInto('orders')
      .values({
        user_id: user.id,
        ...(await orderClient(t.db, user.id)),
        status: 'delivered',
        subtotal_cents: 1,
        total_cents: 1,
        idempotency_key: 'rot',
      })
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('order_items')
      .values({
        order_id: Number(order.insertId),
        offer_id: before[0]?.offer_id as number,
        title: 't',
        service_name: 's',
        unit_price_cents: 1,
        quantity: 1,
        delivery_mode: 'manual',
        delivery_ciphertext: oldReader.encrypt('Invite link: https://example.test/join/abc'),
      })
      .execute();

    expect(await rotateEncryptionKey(t.db, oldKey, newKey)).toEqual({
      stockCodes: before.length,
      deliveries: Number(seededDeliveries.n) + 1,
    });

    const newOnly = createEncryptor(newKey);
    const after = await codes();
    expect(after.map((r) => newOnly.decrypt(r.code_ciphertext))).toEqual(plain);
    expect(after.map((r) => r.code_hash)).toEqual(plain.map((p) => newOnly.fingerprint(p)));
    expect(() => oldReader.decrypt(after[0]?.code_ciphertext as Buffer)).toThrow();
    const item = await t.db
      .selectFrom('order_items')
      .select('delivery_ciphertext')
      .where('order_id', '=', Number(order.insertId))
      .executeTakeFirstOrThrow();
    expect(newOnly.decrypt(item.delivery_ciphertext as Buffer)).toBe('Invite link: https://example.test/join/abc');

    // Running it again is harmless, and duplicates are still caught under the new key.
    expect(await rotateEncryptionKey(t.db, oldKey, newKey)).toEqual({ stockCodes: 0, deliveries: 0 });
    const again = await importStockCodes(
      t.db,
      actorFor(user),
      { offerId: before[0]?.offer_id as number, text: plain[0] as string },
      { config: testConfig({ encryptor: newOnly }), now: new Date() },
    );
    expect(again).toMatchObject({ added: 0, duplicates: 1 });
  });

  it('refuses to move to a key that shares the old key’s id, touching nothing', async () => {
    let twin = randomBytes(32);
    while (keyId(twin) !== keyId(newKey) || twin.equals(newKey)) twin = randomBytes(32);
    const before = await codes();
    await expect(rotateEncryptionKey(t.db, newKey, twin)).rejects.toThrow(/share a key id/);
    expect(() => createEncryptor(twin, [newKey])).toThrow(/share a key id/);
    expect(await codes()).toEqual(before);
  });
});
