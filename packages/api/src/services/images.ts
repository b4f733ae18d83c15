// Offer image uploads. The type is decided from the bytes (never the name or the Content-Type), files
// that carry markup or trailing data are refused, and what we keep is always our own re-encode: sharp
// decodes the pixels and writes fresh WebP files, so nothing of the uploaded file reaches the shop.
import { randomBytes } from 'node:crypto';
import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const IMAGE_WIDTHS = [320, 640] as const;
// 16:10, the shape the offer cards are laid out for.
const ASPECT = 10 / 16;
// Refuses decompression bombs: a tiny file that claims to be 100k × 100k pixels.
const MAX_INPUT_PIXELS = 40_000_000;

export type ImageKind = 'jpeg' | 'png' | 'webp';

export class ImageUploadError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 | 415,
  ) {
    super(message);
  }
}

export function imagePath(uploadDir: string, key: string, width: number) {
  return path.join(uploadDir, 'offers', `${key}-${width}.webp`);
}

/** Reads the format from the magic bytes. */
export function sniffImage(bytes: Buffer): ImageKind | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
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

function refuse(message: string, status: 400 | 413 | 415 = 415): never {
  throw new ImageUploadError(message, status);
}

/** Checks an uploaded file and stores it as WebP at every width; returns the random key. */
export async function storeOfferImage(uploadDir: string, bytes: Buffer): Promise<{ key: string; kind: ImageKind }> {
  if (bytes.length === 0) refuse('The file is empty.', 400);
  if (bytes.length > MAX_IMAGE_BYTES) refuse('The image is larger than 5 MB. Please upload a smaller file.', 413);
  const head = bytes.toString('latin1', 0, Math.min(bytes.length, 1024));
  if (/<\s*(\?xml|svg)\b/i.test(head)) refuse('SVG images are not accepted. Upload a JPEG, PNG or WebP image.');
  const kind = sniffImage(bytes);
  if (!kind) refuse('This file is not a JPEG, PNG or WebP image (whatever its name says).');
  if (MARKUP.test(bytes.toString('latin1')) || trailingBytes(bytes, kind) > 0) {
    refuse('This image carries hidden content (markup or data after the picture) and was refused.');
  }

  let source: Sharp;
  try {
    source = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS }).rotate();
    const meta = await source.metadata();
    if (meta.format !== kind) refuse('The file contents do not match an image format we accept.');
    // Decoding the whole image is what reveals a truncated or corrupt file.
    await source.clone().raw().toBuffer({ resolveWithObject: false });
  } catch (error) {
    if (error instanceof ImageUploadError) throw error;
    refuse('The image is damaged or incomplete. Please upload the original file again.', 400);
  }

  const key = randomBytes(16).toString('hex');
  await mkdir(path.join(uploadDir, 'offers'), { recursive: true });
  const written: string[] = [];
  try {
    for (const width of IMAGE_WIDTHS) {
      const file = imagePath(uploadDir, key, width);
      await source
        .clone()
        .resize({ width, height: Math.round(width * ASPECT), fit: 'cover' })
        .webp({ quality: 80 })
        .toFile(file);
      written.push(file);
    }
  } catch {
    await Promise.all(written.map((f) => unlink(f).catch(() => undefined)));
    refuse('The image could not be processed. Please try another file.', 400);
  }
  return { key, kind };
}
