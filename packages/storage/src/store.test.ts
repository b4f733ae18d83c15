// Both stores keep the same promises, each against the real thing: a folder on disk, and an
// S3-compatible server over HTTP that the test takes away and brings back.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../../scripts/lib/s3-server.ts';
import { storageFromEnv } from './config.ts';
import { localStore } from './local.ts';
import { s3Store } from './s3.ts';
import { type FileStore, StorageUnavailableError } from './store.ts';

let s3: TestS3Server;
const dir = mkdtempSync(path.join(tmpdir(), 'damso-store-'));
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function bytesOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listed(store: FileStore, folder: string) {
  const found: Array<{ key: string; size: number }> = [];
  for await (const entry of store.list(folder)) found.push(entry);
  return found.sort((a, b) => a.key.localeCompare(b.key));
}

const stores: Array<[string, () => FileStore]> = [
  ['a local folder', () => localStore(dir)],
  ['an S3 bucket', () => storageFromEnv(s3.env, '/unused').store],
];

describe.each(stores)('the file store in %s', (_name, make) => {
  it('keeps, streams, sizes, lists and deletes files by key', async () => {
    const store = make();
    const run = randomBytes(4).toString('hex');
    const picture = randomBytes(70_000);
    const receipt = Buffer.from('%PDF-1.7 a receipt');
    await store.put(`offers/${run}-640.webp`, picture, { contentType: 'image/webp', cacheControl: 'public' });
    await store.put(`receipts/${run}`, receipt, { contentType: 'application/pdf' });

    const got = await store.get(`offers/${run}-640.webp`);
    expect(got?.size).toBe(picture.length);
    expect((await bytesOf(got?.body as Readable)).equals(picture)).toBe(true);
    expect(await store.size(`receipts/${run}`)).toBe(receipt.length);
    expect(await store.get(`receipts/${run}-missing`)).toBeNull();
    expect(await store.size(`receipts/${run}-missing`)).toBeNull();
    expect((await listed(store, 'receipts/')).filter((f) => f.key.includes(run))).toEqual([
      { key: `receipts/${run}`, size: receipt.length },
    ]);

    // A second write under the same key replaces the file whole.
    await store.put(`receipts/${run}`, Buffer.from('%PDF-1.7 v2'), { contentType: 'application/pdf' });
    expect((await bytesOf((await store.get(`receipts/${run}`))?.body as Readable)).toString()).toBe('%PDF-1.7 v2');

    await store.delete(`receipts/${run}`);
    await store.delete(`receipts/${run}`);
    expect(await store.get(`receipts/${run}`)).toBeNull();
  });

  it('refuses keys that would leave its folder or name a hidden file', async () => {
    const store = make();
    for (const key of ['../outside', 'receipts/../../etc/passwd', '/etc/passwd', 'receipts/.hidden', '']) {
      await expect(store.put(key, Buffer.from('x'), { contentType: 'text/plain' })).rejects.toThrow(
        /Not a storage key/,
      );
      await expect(store.get(key)).rejects.toThrow(/Not a storage key/);
    }
  });
});

describe('the local store', () => {
  it('keeps the layout the upload folder always had, readable only by the server’s user', async () => {
    const store = localStore(dir);
    const name = `${randomBytes(16).toString('hex')}-320.webp`;
    await store.put(`offers/${name}`, Buffer.from('pixels'), { contentType: 'image/webp' });
    expect(readFileSync(path.join(dir, 'offers', name), 'utf8')).toBe('pixels');
    expect(statSync(path.join(dir, 'offers', name)).mode & 0o777).toBe(0o600);
    expect((await listed(store, 'offers')).map((f) => f.key)).toContain(`offers/${name}`);
  });
});

describe('the S3 store while the server is away', () => {
  it('fails every call with StorageUnavailableError, and works again once the server is back', async () => {
    const store = storageFromEnv(s3.env, '/unused').store;
    await store.put('receipts/before-outage', Buffer.from('kept'), { contentType: 'text/plain' });
    await s3.stop();
    try {
      const calls: Array<() => Promise<unknown>> = [
        () => store.put('receipts/during-outage', Buffer.from('x'), { contentType: 'text/plain' }),
        () => store.get('receipts/before-outage'),
        () => store.size('receipts/before-outage'),
        () => store.delete('receipts/before-outage'),
        () => listed(store, 'receipts/'),
      ];
      for (const call of calls) await expect(call()).rejects.toBeInstanceOf(StorageUnavailableError);
    } finally {
      await s3.start();
    }
    expect(await store.size('receipts/before-outage')).toBe(4);
    expect(await store.size('receipts/during-outage')).toBeNull();
  });

  it('treats a bucket that does not exist as unavailable, not as a missing file', async () => {
    const store = s3Store({
      bucket: 'no-such-bucket',
      region: 'us-east-1',
      endpoint: s3.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
    });
    await expect(store.get('receipts/anything')).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
