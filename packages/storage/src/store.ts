// The one interface for the files the shop keeps (offer images, payment receipts), so every process
// behind a proxy sees the same files whether they live in a local folder or an S3-compatible bucket.
import type { Readable } from 'node:stream';

export interface StoredFile {
  body: Readable;
  size: number;
}

export interface FileStore {
  /** Where the files are, for logs and the migration script: a folder or s3://bucket. */
  readonly location: string;
  /** Writes the whole file or nothing: a reader never sees half of it. Replaces a file of the same key. */
  put(key: string, body: Buffer, meta: { contentType: string; cacheControl?: string }): Promise<void>;
  /** The file to stream, or null when there is none under that key. */
  get(key: string): Promise<StoredFile | null>;
  /** The file's size, or null when there is none. */
  size(key: string): Promise<number | null>;
  /** Removes the file; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Every file under a folder such as `receipts/` (for the migration script). */
  list(folder: string): AsyncIterable<{ key: string; size: number }>;
}

/**
 * The store could not be reached or refused the request (network, credentials, a missing bucket, a
 * full disk). The message is for the log; a client gets a 503 with a message of the app's own.
 */
export class StorageUnavailableError extends Error {
  constructor(action: string, key: string, location: string, cause: unknown) {
    super(`File storage ${location} failed to ${action} ${key}: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
    this.name = 'StorageUnavailableError';
  }
}

// Keys are the app's own (offers/<random>-640.webp, receipts/<random>): path segments that start with a
// letter or digit, so no key can climb out of a folder or name a hidden file.
const KEY = /^[a-z0-9][\w.-]*(\/[a-z0-9][\w.-]*)*$/i;

export function assertKey(key: string): void {
  if (!KEY.test(key) || key.length > 512) throw new Error(`Not a storage key: ${JSON.stringify(key)}`);
}
