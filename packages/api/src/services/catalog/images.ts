// Offer image uploads. The type is decided from the bytes (never the name or the Content-Type), files
// that carry markup or trailing data are refused, and what we keep is always our own re-encode: sharp
// decodes the pixels and writes fresh WebP files, so nothing of the uploaded file reaches the shop.
import { randomBytes } from 'node:crypto';
import type { FileStore } from '@damso/storage';
import sharp, { type Sharp } from 'sharp';
import { DomainError, Invalid, TooLarge, UnsupportedType } from '../shared/errors.ts';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const IMAGE_WIDTHS = [320, 640] as const;
// 16:10, the shape the offer cards are laid out for.
const ASPECT = 10 / 16;
// Refuses decompression bombs: a tiny file that claims to be 100k × 100k pixels.
const MAX_INPUT_PIXELS = 40_000_000;

export type ImageKind = 'jpeg' | 'png' | 'webp';
export type UploadKind = ImageKind | 'pdf';

/** Names are random and never reused, so a browser or a CDN may keep a picture for a year. */
export const OFFER_IMAGE_CACHE = 'public, max-age=31536000, immutable';

/** Where a picture is kept in the file store: offers/<key>-<width>.webp, as UPLOAD_DIR always had it. */
export function offerImageKey(key: string, width: number) {
  return `offers/${key}-${width}.webp`;
}

/** Reads the format from the magic bytes: the one sniffer for every upload (offer images and receipts). */
export function sniffUpload(bytes: Uint8Array): UploadKind | null {
  const starts = (sig: number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  return null;
}

const MARKUP = /<\s*(script|svg|html|iframe|object|body|\?php|!doctype)\b/i;

/** Data hidden after the image's own end marker is how a file is made to be two formats at once. */
function trailingBytes(bytes: Buffer, kind: ImageKind): number {
  if (kind === 'png') {
    const iend = bytes.lastIndexOf(Buffer.from('IEND', 'latin1'));
    return iend < 0 ? 0 : bytes.length - (iend + 8);
  }
  if (kind === 'webp') return bytes.length - (bytes.readUInt32LE(4) + 8);
  return 0;
}

/** Refuses an upload: by default as not a kind we accept (415); Invalid (400) or TooLarge (413) when given. */
function refuse(message: string, Refusal: typeof Invalid | typeof TooLarge = UnsupportedType): never {
  throw new Refusal(message);
}

/** Refuses what no upload may be: empty, over the size limit, SVG or markup pretending to be a file. */
export function checkUploadSize(bytes: Buffer, maxBytes: number, what: string): void {
  if (bytes.length === 0) refuse('The file is empty.', Invalid);
  if (bytes.length > maxBytes) {
    refuse(
      `The ${what} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB. Please upload a smaller file.`,
      TooLarge,
    );
  }
}

/**
 * Checks an uploaded image and decodes it completely: the kind comes from the bytes, markup or data
 * after the picture is refused, and sharp refuses more than MAX_INPUT_PIXELS (a decompression bomb)
 * before allocating them. Returns a sharp pipeline, already rotated upright, to re-encode from.
 */
export async function decodeUploadedImage(bytes: Buffer, kind: ImageKind = sniffedImage(bytes)): Promise<Sharp> {
  if (MARKUP.test(bytes.toString('latin1')) || trailingBytes(bytes, kind) > 0) {
    refuse('This image carries hidden content (markup or data after the picture) and was refused.');
  }
  try {
    // The header alone names the size, so a bomb is refused with its own message before any decoding.
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (meta.format !== kind) refuse('The file contents do not match an image format we accept.');
    if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_INPUT_PIXELS) {
      refuse(`The image is too large: at most ${MAX_INPUT_PIXELS / 1_000_000} million pixels.`, TooLarge);
    }
    const source = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS }).rotate();
    // Decoding the whole image is what reveals a truncated or corrupt file.
    await source.clone().raw().toBuffer({ resolveWithObject: false });
    return source;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    refuse('The image is damaged or incomplete. Please upload the original file again.', Invalid);
  }
}

function sniffedImage(bytes: Buffer): ImageKind {
  const head = bytes.toString('latin1', 0, Math.min(bytes.length, 1024));
  if (/<\s*(\?xml|svg)\b/i.test(head)) refuse('SVG images are not accepted. Upload a JPEG, PNG or WebP image.');
  const kind = sniffUpload(bytes);
  if (!kind || kind === 'pdf') refuse('This file is not a JPEG, PNG or WebP image (whatever its name says).');
  return kind;
}

/**
 * Checks an uploaded file and stores it as WebP at every width; returns the random key. A store that
 * cannot be reached throws StorageUnavailableError, leaving none of the widths behind.
 */
export async function storeOfferImage(storage: FileStore, bytes: Buffer): Promise<{ key: string; kind: ImageKind }> {
  checkUploadSize(bytes, MAX_IMAGE_BYTES, 'image');
  const kind = sniffedImage(bytes);
  const source = await decodeUploadedImage(bytes, kind);

  const key = randomBytes(16).toString('hex');
  let encoded: Buffer[];
  try {
    encoded = await Promise.all(
      IMAGE_WIDTHS.map((width) =>
        source
          .clone()
          .resize({ width, height: Math.round(width * ASPECT), fit: 'cover' })
          .webp({ quality: 80 })
          .toBuffer(),
      ),
    );
  } catch {
    refuse('The image could not be processed. Please try another file.', Invalid);
  }
  const written: string[] = [];
  try {
    for (const [i, width] of IMAGE_WIDTHS.entries()) {
      const file = offerImageKey(key, width);
      await storage.put(file, encoded[i] as Buffer, { contentType: 'image/webp', cacheControl: OFFER_IMAGE_CACHE });
      written.push(file);
    }
  } catch (error) {
    await Promise.all(written.map((file) => storage.delete(file).catch(() => undefined)));
    throw error;
  }
  return { key, kind };
}

/** Long side a receipt is kept at: a phone photo of a paper slip or a banking screenshot stays legible. */
export const RECEIPT_MAX_SIDE = 2560;

/** A fresh WebP of an uploaded receipt picture: nothing of the uploaded file but its pixels is kept. */
export async function reencodeReceiptImage(bytes: Buffer): Promise<Buffer> {
  const source = await decodeUploadedImage(bytes);
  try {
    return await source
      .resize({ width: RECEIPT_MAX_SIDE, height: RECEIPT_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 90 })
      .toBuffer();
  } catch {
    refuse('The image could not be processed. Please try another file.', Invalid);
  }
}
