import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { localStore } from '@damso/storage';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestImages, writeTestImages } from '../../testing/images.ts';
import { httpStatusOf } from '../../trpc.ts';
import { DomainError } from '../shared/errors.ts';
import { MAX_IMAGE_BYTES, storeOfferImage } from './images.ts';

const root = `/tmp/damso-images-test-${process.pid}`;
const uploadDir = path.join(root, 'uploads');
const storage = localStore(uploadDir);
let files: TestImages;
beforeAll(async () => {
  files = await writeTestImages(path.join(root, 'picked'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function refusal(file: string) {
  try {
    await storeOfferImage(storage, await readFile(file));
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { status: httpStatusOf(error), message: error.message };
  }
}

async function storedFiles() {
  return (await readdir(path.join(uploadDir, 'offers')).catch(() => [] as string[])).sort();
}

describe('offer image upload', () => {
  it('stores a valid PNG as WebP at 320 and 640 pixels under a random name', async () => {
    const { key, kind } = await storeOfferImage(storage, await readFile(files.validPng));
    expect(kind).toBe('png');
    expect(key).toMatch(/^[a-f0-9]{32}$/);
    for (const width of [320, 640]) {
      const meta = await sharp(path.join(uploadDir, 'offers', `${key}-${width}.webp`)).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({
        format: 'webp',
        width,
        height: width * (10 / 16),
      });
    }
    const again = await storeOfferImage(storage, await readFile(files.validPng));
    expect(again.key).not.toBe(key);
  });

  it('accepts a PNG whatever its name says, because the bytes decide', async () => {
    const { kind } = await storeOfferImage(storage, await readFile(files.pngNamedPdf));
    expect(kind).toBe('png');
    expect((await storeOfferImage(storage, await readFile(files.validJpeg))).kind).toBe('jpeg');
  });

  it('refuses an SVG carrying a script, a polyglot, a truncated JPEG and a 6 MB file, leaving nothing behind', async () => {
    const before = await storedFiles();
    expect(await refusal(files.svgWithScript)).toEqual({
      status: 415,
      message: 'SVG images are not accepted. Upload a JPEG, PNG or WebP image.',
    });
    expect(await refusal(files.pngWithHtml)).toMatchObject({
      status: 415,
      message: expect.stringMatching(/hidden content/),
    });
    expect(await refusal(files.truncatedJpeg)).toMatchObject({
      status: 400,
      message: expect.stringMatching(/damaged or incomplete/),
    });
    expect((await stat(files.sixMegabytes)).size).toBeGreaterThan(MAX_IMAGE_BYTES);
    expect(await refusal(files.sixMegabytes)).toMatchObject({
      status: 413,
      message: expect.stringMatching(/larger than 5 MB/),
    });
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses text and empty files with a clear message', async () => {
    await expect(storeOfferImage(storage, Buffer.from('%PDF-1.7 not an image'))).rejects.toThrow(
      'This file is not a JPEG, PNG or WebP image (whatever its name says).',
    );
    await expect(storeOfferImage(storage, Buffer.alloc(0))).rejects.toThrow('The file is empty.');
  });
});
