// Draws each demo offer's picture at seed time (no downloads) and stores it the way uploads are stored:
// in the file store (a folder or a bucket) as offers/<key>-<width>.webp.
import { randomBytes } from 'node:crypto';
import { type FileStore, localStore } from '@damso/storage';
import sharp from 'sharp';

export const IMAGE_WIDTHS = [320, 640] as const;

function escapeXml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `target`: the file store, or a folder taken as a local store (the upload folder's layout). */
export async function drawOfferImage(
  target: FileStore | string,
  title: string,
  subtitle: string,
  [from, to]: [string, string],
): Promise<string> {
  const key = randomBytes(16).toString('hex');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
    <rect width="640" height="400" fill="url(#g)"/>
    <circle cx="540" cy="80" r="140" fill="#ffffff" fill-opacity="0.08"/>
    <circle cx="80" cy="380" r="120" fill="#000000" fill-opacity="0.12"/>
    <text x="48" y="210" font-family="DejaVu Sans, Arial, sans-serif" font-size="64" font-weight="700" fill="#ffffff">${escapeXml(title)}</text>
    <text x="50" y="262" font-family="DejaVu Sans, Arial, sans-serif" font-size="30" fill="#ffffff" fill-opacity="0.85">${escapeXml(subtitle)}</text>
  </svg>`;
  const store = typeof target === 'string' ? localStore(target) : target;
  const base = sharp(Buffer.from(svg));
  await Promise.all(
    IMAGE_WIDTHS.map(async (width) => {
      const bytes = await base.clone().resize({ width }).webp({ quality: 80 }).toBuffer();
      await store.put(`offers/${key}-${width}.webp`, bytes, {
        contentType: 'image/webp',
        cacheControl: 'public, max-age=31536000, immutable',
      });
    }),
  );
  return key;
}

/**
 * The demo order's payment receipt: a drawn bank-transfer slip stored as the receipt upload stores one
 * (receipts/<key>, WebP), so the order's "Payment receipt sent" step has a receipt to open.
 */
export async function drawReceiptImage(
  target: FileStore | string,
  lines: string[],
): Promise<{ key: string; size: number }> {
  const key = randomBytes(16).toString('hex');
  const text = lines
    .map(
      (line, i) =>
        `<text x="40" y="${80 + i * 48}" font-family="DejaVu Sans, Arial, sans-serif" font-size="28" fill="#0f172a">${escapeXml(line)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="${120 + lines.length * 48}">
    <rect width="100%" height="100%" fill="#f8fafc"/>${text}</svg>`;
  const bytes = await sharp(Buffer.from(svg)).webp({ quality: 80 }).toBuffer();
  const store = typeof target === 'string' ? localStore(target) : target;
  await store.put(`receipts/${key}`, bytes, { contentType: 'image/webp', cacheControl: 'private, no-store' });
  return { key, size: bytes.length };
}
