// Stock codes for automatic delivery: stored encrypted, compared by a keyed fingerprint, never listed.
import { type Database, transaction } from '@damso/db';
import { recordAudit } from '../admin/audit.ts';
import type { Db, Deps, UserActor } from '../shared/actor.ts';
import { offerGone } from './admin-offers.ts';
import { catalogChanged } from './cache.ts';

const MAX_CODE_BYTES = 500;

export interface StockImportResult {
  added: number;
  duplicates: number;
  blank: number;
  tooLong: number;
  available: number;
}

/** One code a line; a CSV's first column is taken, so an exported sheet can be pasted as is. */
export function splitCodes(text: string) {
  const codes: string[] = [];
  let blank = 0;
  let tooLong = 0;
  const lines = text.split(/\r\n|\r|\n/);
  // A spreadsheet export starts with a header row naming the column.
  if (/^"?codes?"?\s*(,|$)/i.test(lines[0]?.trim() ?? '')) lines.shift();
  for (const line of lines) {
    const code = (line.includes(',') ? (line.split(',')[0] ?? '') : line)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim();
    if (!code) blank += 1;
    // Bytes, not characters: the encrypted column has room for this many bytes of text.
    else if (Buffer.byteLength(code) > MAX_CODE_BYTES) tooLong += 1;
    else codes.push(code);
  }
  // A final newline is how files end, not a blank line someone typed.
  if (/(\r\n|\r|\n)$/.test(text)) blank -= 1;
  return { codes, blank: Math.max(0, blank), tooLong };
}

export async function importStockCodes(
  db: Database,
  actor: UserActor,
  { offerId, text }: { offerId: number; text: string },
  { config, now }: Deps,
): Promise<StockImportResult> {
  const { encryptor } = config;
  const { codes, blank, tooLong } = splitCodes(text);
  return transaction(db, async (trx) => {
    const offer = await trx
      .selectFrom('offers')
      .select(['id', 'delivery_mode'])
      .where('id', '=', offerId)
      .forUpdate()
      .executeTakeFirst();
    if (!offer) throw offerGone();
    // The offer page says whether an offer is in stock: new codes may change that.
    await catalogChanged(trx);
    const byHash = new Map<string, string>();
    let duplicates = 0;
    for (const code of codes) {
      const hash = encryptor.fingerprint(code);
      if (byHash.has(hash)) duplicates += 1;
      else byHash.set(hash, code);
    }
    const hashes = [...byHash.keys()];
    for (let i = 0; i < hashes.length; i += 1000) {
      const existing = await trx
        .selectFrom('offer_stock_codes')
        .select('code_hash')
        .where('offer_id', '=', offerId)
        .where('code_hash', 'in', hashes.slice(i, i + 1000))
        .execute();
      for (const row of existing) {
        byHash.delete(row.code_hash);
        duplicates += 1;
      }
    }
    const rows = [...byHash].map(([hash, code]) => ({
      offer_id: offerId,
      code_hash: hash,
      code_ciphertext: encryptor.encrypt(code),
      created_at: now,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('offer_stock_codes')
        .values(rows.slice(i, i + 500))
        .execute();
    }
    if (rows.length > 0) {
      // New stock ends a low-stock episode, so the next one is alerted again.
      await trx
        .updateTable('offers')
        .set({ low_stock_alerted: 0, updated_at: now })
        .where('id', '=', offerId)
        .execute();
    }
    const { n } = await trx
      .selectFrom('offer_stock_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('offer_id', '=', offerId)
      .where('status', '=', 'available')
      .executeTakeFirstOrThrow();
    const result = { added: rows.length, duplicates, blank, tooLong, available: Number(n) };
    await recordAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      at: now,
      action: 'offer.stock.import',
      entityType: 'offer',
      entityId: offerId,
      after: result,
    });
    return result;
  });
}

/**
 * A refund takes delivered codes back for good: never sold again (their fingerprint still refuses a
 * re-import) and erased, so nobody, staff included, can read them from the database any more.
 * Returns how many codes each item had. Updates go by primary key so no range of the item index
 * stays locked against parallel deliveries.
 */
export async function revokeStockCodes(trx: Db, itemIds: number[]): Promise<Map<number, number>> {
  const perItem = new Map<number, number>();
  if (itemIds.length === 0) return perItem;
  const codes = await trx
    .selectFrom('offer_stock_codes')
    .select(['id', 'order_item_id'])
    .where('order_item_id', 'in', itemIds)
    .where('status', '=', 'delivered')
    .execute();
  if (codes.length === 0) return perItem;
  await trx
    .updateTable('offer_stock_codes')
    .set({ status: 'revoked', code_ciphertext: Buffer.alloc(0) })
    .where(
      'id',
      'in',
      codes.map((c) => c.id),
    )
    .where('status', '=', 'delivered')
    .execute();
  for (const c of codes) {
    if (c.order_item_id !== null) perItem.set(c.order_item_id, (perItem.get(c.order_item_id) ?? 0) + 1);
  }
  return perItem;
}
