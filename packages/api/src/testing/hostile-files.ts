// Hostile uploads for the upload tests, built byte by byte: polyglots, a decompression bomb, PDFs
// that run script. Each is what an attacker would send, not a description of one.
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type OverlayOptions } from 'sharp';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A picture of a bank receipt: dark text-like bars on white, big enough to need reading. */
export async function receiptPicture(format: 'png' | 'jpeg', width = 1600, height = 1200): Promise<Buffer> {
  const bars = Array.from({ length: 12 }, (_, i) => ({
    input: { create: { width: Math.round(width * 0.6), height: 14, channels: 3, background: '#111' } },
    top: 60 + i * Math.floor((height - 120) / 12),
    left: 60,
  })) as OverlayOptions[];
  const picture = sharp({ create: { width, height, channels: 3, background: '#fff' } }).composite(bars);
  return format === 'png' ? picture.png().toBuffer() : picture.jpeg({ quality: 90 }).toBuffer();
}

/** A real PNG with an HTML page after its end: a browser sniffing it as HTML would run the script. */
export async function pngHtmlPolyglot(): Promise<Buffer> {
  return Buffer.concat([await receiptPicture('png', 200, 100), Buffer.from('<html><script>alert(1)</script></html>')]);
}

/** A real JPEG with an HTML page after its end marker. */
export async function jpegHtmlPolyglot(): Promise<Buffer> {
  return Buffer.concat([await receiptPicture('jpeg', 200, 100), Buffer.from('<html><script>alert(1)</script></html>')]);
}

/** A valid PNG whose text chunk (inside the image, before IEND) carries a script tag. */
export async function pngWithScriptChunk(): Promise<Buffer> {
  const png = await receiptPicture('png', 200, 100);
  const iend = png.length - 12;
  const text = chunk('tEXt', Buffer.from('Comment\0<script>fetch("/trpc/account.get")</script>', 'latin1'));
  return Buffer.concat([png.subarray(0, iend), text, png.subarray(iend)]);
}

/**
 * A 30000 × 30000 PNG of about 110 KB that decodes to 112 MB of pixels at one bit each (and to 2.7 GB
 * once expanded to RGB): the classic decompression bomb.
 */
export function pngBomb(side = 30_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const row = 1 + Math.ceil(side / 8);
  const pixels = deflateSync(Buffer.alloc(row * side), { level: 9 });
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** A minimal one-page PDF; `catalogExtra` goes into the document catalog, `extraObjects` after it. */
export function pdf(catalogExtra = '', extraObjects = ''): Buffer {
  return Buffer.from(
    [
      '%PDF-1.7',
      `1 0 obj << /Type /Catalog /Pages 2 0 R ${catalogExtra} >> endobj`,
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] >> endobj',
      extraObjects,
      'trailer << /Root 1 0 R >>',
      '%%EOF',
      '',
    ].join('\n'),
    'latin1',
  );
}

/** The textbook attack: JavaScript that runs when the document opens. */
export const pdfOpenActionJs = () => pdf('/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>');

/** The same with its names hex-escaped, which a plain text search misses. */
export const pdfEscapedOpenAction = () => pdf('/Open#41ction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>');

/** A PDF whose objects (here: an action) are kept in a compressed object stream, out of the file's text. */
export function pdfWithObjectStream(objects = '4 0 << /S /JavaScript /JS (app.alert\\(1\\)) >>'): Buffer {
  const packed = deflateSync(Buffer.from(objects, 'latin1'));
  return Buffer.concat([
    pdf(),
    Buffer.from(`5 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`),
    packed,
    Buffer.from('\nendstream\nendobj\n'),
  ]);
}

/** Format and size of a served picture, as a browser would decode it. */
export async function pictureSize(bytes: Buffer) {
  const { format, width, height } = await sharp(bytes).metadata();
  return { format, width, height };
}
