// Payment receipts: the type is read from the file's first bytes (never from its name or the browser's
// claim) by the same checks as offer images; pictures are kept as our own WebP re-encode and PDFs only
// when they carry nothing active. The file is stored under a random name outside the web root, and
// only its order's owner and staff can read it back.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '@damso/db';
import { RECEIPT_MAX_BYTES } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import type { ApiConfig } from '../../context.ts';
import { checkUploadSize, ImageUploadError, reencodeReceiptImage, sniffUpload } from '../images.ts';
import { assertInertPdf } from '../pdf-safety.ts';
import { type Actor, isStaff, notFound } from './common.ts';
import { applyTransition, assertAllowed, withLockedOrder } from './state-machine.ts';

export type ReceiptMime = 'image/webp' | 'application/pdf';

/** What is kept of an upload: a fresh WebP of a picture, or a PDF that passed the active-content check. */
async function keptReceipt(bytes: Buffer): Promise<{ bytes: Buffer; mime: ReceiptMime }> {
  try {
    checkUploadSize(bytes, RECEIPT_MAX_BYTES, 'receipt');
    const kind = sniffUpload(bytes);
    if (!kind) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'Upload the receipt as a JPEG, PNG, WebP image or a PDF.' });
    }
    if (kind === 'pdf') {
      assertInertPdf(bytes);
      return { bytes, mime: 'application/pdf' };
    }
    return { bytes: await reencodeReceiptImage(bytes), mime: 'image/webp' };
  } catch (error) {
    if (!(error instanceof ImageUploadError)) throw error;
    const code =
      error.status === 413 ? 'PAYLOAD_TOO_LARGE' : error.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
    throw new TRPCError({ code, message: error.message });
  }
}

export function receiptPath(config: ApiConfig, key: string): string {
  return path.join(config.uploadDir, 'receipts', key);
}

const KEY_PATTERN = /^[a-f0-9]{32}$/;

/** Stores a receipt and moves an unpaid order to payment review, in one transaction. */
export async function saveReceipt(
  db: Database,
  deps: { config: ApiConfig; now: Date },
  number: string,
  uploader: Actor & { id: number },
  file: { bytes: Buffer; originalName: string },
) {
  const kept = await keptReceipt(file.bytes);
  const key = randomBytes(16).toString('hex');
  const target = receiptPath(deps.config, key);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, kept.bytes, { flag: 'wx', mode: 0o600 });
  try {
    return await withLockedOrder(db, { number }, uploader, async (trx, order) => {
      if (order.user_id !== uploader.id) throw notFound();
      if (order.status === 'awaiting_payment') assertAllowed(order, 'submit_receipt', uploader);
      else if (order.status !== 'payment_review') {
        throw new TRPCError({ code: 'CONFLICT', message: `Order ${order.number} no longer needs a payment receipt.` });
      }
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
    // Nothing half-written: the file goes when its row could not be written.
    await rm(target, { force: true });
    throw error;
  }
}

/** The stored receipt if the viewer may read it; the same NOT_FOUND for a stranger and a bad key. */
export async function openReceipt(db: Database, config: ApiConfig, key: string, viewer: Actor) {
  if (!KEY_PATTERN.test(key)) throw notFound();
  const row = await db
    .selectFrom('payment_receipts as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select(['o.user_id', 'o.number', 'r.mime_type', 'r.original_name', 'r.size_bytes'])
    .where('r.storage_key', '=', key)
    .executeTakeFirst();
  if (!row || (!isStaff(viewer.role) && row.user_id !== viewer.id)) throw notFound();
  return {
    path: receiptPath(config, key),
    mimeType: row.mime_type,
    fileName: row.original_name,
    sizeBytes: row.size_bytes,
    number: row.number ?? '',
  };
}
