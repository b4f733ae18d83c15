// Payment receipts: the type is read from the file's first bytes (never from its name or the browser's
// claim), the file is stored under a random name outside the web root, and only its order's owner and
// staff can read it back.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '@damso/db';
import { RECEIPT_MAX_BYTES } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import type { ApiConfig } from '../../context.ts';
import { type Actor, isStaff, notFound } from './common.ts';
import { applyTransition, assertAllowed, withLockedOrder } from './state-machine.ts';

export const RECEIPT_TYPES = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'application/pdf': 'PDF',
} as const;
export type ReceiptMime = keyof typeof RECEIPT_TYPES;

export function sniffReceiptType(bytes: Uint8Array): ReceiptMime | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
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
  if (file.bytes.length === 0) throw new TRPCError({ code: 'BAD_REQUEST', message: 'The file is empty.' });
  if (file.bytes.length > RECEIPT_MAX_BYTES) {
    throw new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: 'The receipt is larger than 5 MB.' });
  }
  const mime = sniffReceiptType(file.bytes);
  if (!mime) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'Upload the receipt as a JPEG, PNG, WebP image or a PDF.' });
  }
  const key = randomBytes(16).toString('hex');
  const target = receiptPath(deps.config, key);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, file.bytes, { flag: 'wx', mode: 0o600 });
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
          mime_type: mime,
          size_bytes: file.bytes.length,
          uploaded_by: uploader.id,
          created_at: deps.now,
        })
        .execute();
      if (order.status === 'awaiting_payment') await applyTransition(trx, deps, order, 'submit_receipt', uploader);
      return { key, mimeType: mime, number: order.number, status: order.status };
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
    mimeType: row.mime_type as ReceiptMime,
    fileName: row.original_name,
    sizeBytes: row.size_bytes,
    number: row.number ?? '',
  };
}
