// Real image files for upload tests, written to disk the way a person would pick them in a file dialog.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export interface TestImages {
  dir: string;
  validPng: string;
  pngNamedPdf: string;
  validJpeg: string;
  truncatedJpeg: string;
  svgWithScript: string;
  pngWithHtml: string;
  sixMegabytes: string;
  largeJpeg: string;
}

export async function writeTestImages(dir: string): Promise<TestImages> {
  await mkdir(dir, { recursive: true });
  const picture = sharp({ create: { width: 900, height: 600, channels: 3, background: '#4338ca' } });
  const png = await picture.clone().png().toBuffer();
  const jpeg = await picture.clone().jpeg({ quality: 90 }).toBuffer();
  // Noise does not compress, so this is a genuine PNG well over the 5 MB limit.
  const big = await sharp({
    create: {
      width: 1600,
      height: 1400,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png({ compressionLevel: 0 })
    .toBuffer();
  // Over the server's 1 MB JSON body limit but under the 5 MB image limit.
  const large = await sharp({
    create: {
      width: 2000,
      height: 1400,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 95 })
    .toBuffer();
  const files = {
    largeJpeg: ['camera.jpg', large],
    validPng: ['offer.png', png],
    pngNamedPdf: ['invoice.pdf', png],
    validJpeg: ['photo.jpg', jpeg],
    truncatedJpeg: ['broken.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2))],
    svgWithScript: [
      'logo.png',
      Buffer.from(
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>',
      ),
    ],
    pngWithHtml: ['polyglot.png', Buffer.concat([png, Buffer.from('<html><script>alert(1)</script></html>')])],
    sixMegabytes: ['huge.png', big],
  } as const;
  const out = { dir } as TestImages;
  for (const [name, [file, bytes]] of Object.entries(files)) {
    const full = path.join(dir, file);
    await writeFile(full, bytes);
    out[name as Exclude<keyof TestImages, 'dir'>] = full;
  }
  return out;
}
