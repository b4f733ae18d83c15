// Payment receipts: the type is read from the file's first bytes (never from its name or the browser's
// claim) by the same checks as offer images; pictures are kept as our own WebP re-encode and PDFs only
// when they carry nothing active. The file is kept in the file store under a random name, never served
// as is: only its order's owner and staff can read it back, through the app.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Database } from '@damso/db';
import { RECEIPT_MAX_BYTES } from '@damso/validators';
import { checkUploadSize, reencodeReceiptImage, sniffUpload } from '../catalog/images.ts';
import { type Actor, type Deps, isStaff, type UserActor } from '../shared/actor.ts';
import { Conflict, Invalid } from '../shared/errors.ts';
import { notFound, orderForViewer } from './common.ts';
import { assertInertPdf } from './pdf-safety.ts';
import { applyTransition, assertAllowed, withLockedOrder } from './state-machine.ts';

export type ReceiptMime = 'image/webp' | 'application/pdf';

/** What is kept of an upload: a fresh WebP of a picture, or a PDF that passed the active-content check. */
async function keptReceipt(bytes: Buffer): Promise<{ bytes: Buffer; mime: ReceiptMime }> {
  checkUploadSize(bytes, RECEIPT_MAX_BYTES, 'receipt');
  const kind = sniffUpload(bytes);
  if (!kind) throw new Invalid('Upload the receipt as a JPEG, PNG, WebP image or a PDF.');
  if (kind === 'pdf') {
    assertInertPdf(bytes);
    return { bytes, mime: 'application/pdf' };
  }
  return { bytes: await reencodeReceiptImage(bytes), mime: 'image/webp' };
}

/** Where a receipt is kept in the file store: receipts/<key>, as UPLOAD_DIR always had it. */
export function receiptObjectKey(key: string): string {
  return `receipts/${key}`;
}

function assertAwaitsReceipt(order: { number: string; status: string }) {
  if (order.status !== 'awaiting_payment' && order.status !== 'payment_review') {
    throw new Conflict(`Order ${order.number} no longer needs a payment receipt.`);
  }
}

const KEY_PATTERN = /^[a-f0-9]{32}$/;

/** Stores a receipt and moves an unpaid order to payment review, in one transaction. */
export async function saveReceipt(
  db: Database,
  uploader: UserActor,
  { number, file }: { number: string; file: { bytes: Buffer; originalName: string } },
  deps: Deps,
) {
  const kept = await keptReceipt(file.bytes);
  // A first look before anything is stored, so an upload to someone else's order (or a finished one)
  // writes nothing; the locked re-read below is what decides.
  const current = await orderForViewer(db, number, uploader);
  if (current.user_id !== uploader.id) throw notFound();
  assertAwaitsReceipt(current);

  const key = randomBytes(16).toString('hex');
  const objectKey = receiptObjectKey(key);
  const { storage } = deps.config;
  // The file first: if the store is unreachable this throws StorageUnavailableError (a 503) before any
  // row exists, so no order ever points at a receipt that was not kept.
  await storage.put(objectKey, kept.bytes, { contentType: kept.mime, cacheControl: 'private, no-store' });
  try {
    return await withLockedOrder(db, { number }, uploader, async (trx, order) => {
      if (order.user_id !== uploader.id) throw notFound();
      if (order.status === 'awaiting_payment') assertAllowed(order, 'submit_receipt', uploader);
      else assertAwaitsReceipt(order);
      await trx
        .insertInto('payment_receipts')
        .values({
          order_id: order.id,
          storage_key: key,
          original_name: path.basename(file.originalName).slice(0, 255) || 'receipt',
          mime_type: kept.mime,
          size_bytes: kept.bytes.length,
          uploaded_by: uploader.id,
          created_at: deps.now,
        })
        .execute();
      if (order.status === 'awaiting_payment') await applyTransition(trx, deps, order, 'submit_receipt', uploader);
      return { key, mimeType: kept.mime, number: order.number, status: order.status };
    });
  } catch (error) {
    // Nothing half-written: the file goes when its row could not be written. Should the store fail
    // now too, the file is left unreferenced under a random name, which no one can ask for.
    await storage.delete(objectKey).catch(() => undefined);
    throw error;
  }
}

/**
 * The stored receipt's facts if the viewer may read it (the same NOT_FOUND for a stranger and a bad
 * key); the caller streams `objectKey` from the file store only after this check.
 */
export async function openReceipt(db: Database, viewer: Actor, { key }: { key: string }) {
  if (!KEY_PATTERN.test(key)) throw notFound();
  const row = await db
    .selectFrom('payment_receipts as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select(['o.user_id', 'o.number', 'r.mime_type', 'r.original_name', 'r.size_bytes'])
    .where('r.storage_key', '=', key)
    .executeTakeFirst();
  if (!row || (!isStaff(viewer.role) && row.user_id !== viewer.id)) throw notFound();
  return {
    objectKey: receiptObjectKey(key),
    mimeType: row.mime_type,
    fileName: row.original_name,
    sizeBytes: row.size_bytes,
    number: row.number ?? '',
  };
}
