// Re-encrypts every secret at rest (stock codes, delivered order details) under a new key. Rows are
// done in small transactions and rows already under the new key are skipped, so an interrupted run
// can simply be started again: the encryptor used here reads both keys.
import { createEncryptor } from '@damso/auth';
import { type Database, transaction } from '@damso/db';

const BATCH = 500;

export interface RotationResult {
  stockCodes: number;
  deliveries: number;
}

export async function rotateEncryptionKey(db: Database, oldKey: Buffer, newKey: Buffer): Promise<RotationResult> {
  const encryptor = createEncryptor(newKey, [oldKey]);
  const newId = encryptor.encrypt('probe')[0] as number;
  const result: RotationResult = { stockCodes: 0, deliveries: 0 };

  for (let lastId = 0; ; ) {
    const rows = await db
      .selectFrom('offer_stock_codes')
      .select(['id', 'code_ciphertext'])
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    lastId = rows.at(-1)?.id ?? lastId;
    // A refund erases revoked codes to zero bytes: nothing left to re-encrypt.
    const stale = rows.filter((r) => r.code_ciphertext.length > 0 && r.code_ciphertext[0] !== newId);
    await transaction(db, async (trx) => {
      for (const row of stale) {
        const code = encryptor.decrypt(row.code_ciphertext);
        // The duplicate check compares fingerprints made with the current key, so they move too.
        await trx
          .updateTable('offer_stock_codes')
          .set({ code_ciphertext: encryptor.encrypt(code), code_hash: encryptor.fingerprint(code) })
          .where('id', '=', row.id)
          .execute();
      }
    });
    result.stockCodes += stale.length;
  }

  for (let lastId = 0; ; ) {
    const rows = await db
      .selectFrom('order_items')
      .select(['id', 'delivery_ciphertext'])
      .where('id', '>', lastId)
      .where('delivery_ciphertext', 'is not', null)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    lastId = rows.at(-1)?.id ?? lastId;
    const stale = rows.filter((r) => r.delivery_ciphertext && r.delivery_ciphertext[0] !== newId);
    await transaction(db, async (trx) => {
      for (const row of stale) {
        if (!row.delivery_ciphertext) continue;
        await trx
          .updateTable('order_items')
          .set({ delivery_ciphertext: encryptor.encrypt(encryptor.decrypt(row.delivery_ciphertext)) })
          .where('id', '=', row.id)
          .execute();
      }
    });
    result.deliveries += stale.length;
  }
  return result;
}
