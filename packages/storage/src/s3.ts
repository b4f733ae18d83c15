// Files in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, …), shared by every app process.
// The bucket stays private: objects are written without ACLs and read only by the app, which checks
// who may see a receipt before it streams one.
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { assertKey, type FileStore, StorageUnavailableError } from './store.ts';

export interface S3Settings {
  bucket: string;
  region: string;
  /** Another store than AWS: https://<account>.r2.cloudflarestorage.com, http://127.0.0.1:9000 (MinIO). */
  endpoint?: string;
  /** Without them the AWS default chain is used (AWS_* variables, an instance or task role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** bucket in the path (http://host/bucket/key) rather than the host name: MinIO and most self-hosted stores. */
  forcePathStyle: boolean;
}

// A store that hangs must not hold a request for minutes; a brief fault (a 503 SlowDown, a reset
// connection) is retried by the SDK, three attempts in all.
const CONNECT_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 15_000;

// NoSuchKey from GET; NotFound is a 404 without a body (HEAD). A missing bucket (NoSuchBucket) is a
// store that is not there, not a missing file.
const notFound = (error: unknown) => ['NoSuchKey', 'NotFound'].includes((error as { name?: string }).name ?? '');

export function s3Store(settings: S3Settings): FileStore {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    // Checksums only where S3 requires them: the newer default (CRC32 trailers on every upload) is
    // not understood by every S3-compatible store.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
  const Bucket = settings.bucket;
  const location = `s3://${Bucket}`;
  const fail = (action: string, key: string, error: unknown) =>
    new StorageUnavailableError(action, key, location, error);

  return {
    location,
    async put(key, body, meta) {
      assertKey(key);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket,
            Key: key,
            Body: body,
            ContentLength: body.length,
            ContentType: meta.contentType,
            CacheControl: meta.cacheControl,
          }),
        );
      } catch (error) {
        throw fail('write', key, error);
      }
    },
    async get(key) {
      assertKey(key);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return { body: object.Body as Readable, size: object.ContentLength ?? 0 };
      } catch (error) {
        if (notFound(error)) return null;
        throw fail('read', key, error);
      }
    },
    async size(key) {
      assertKey(key);
      try {
        return (await client.send(new HeadObjectCommand({ Bucket, Key: key }))).ContentLength ?? 0;
      } catch (error) {
        if (notFound(error)) return null;
        throw fail('look up', key, error);
      }
    },
    async delete(key) {
      assertKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (error) {
        if (!notFound(error)) throw fail('delete', key, error);
      }
    },
    async *list(folder) {
      const prefix = folder.replace(/\/?$/, '/');
      try {
        for await (const page of paginateListObjectsV2({ client }, { Bucket, Prefix: prefix === '/' ? '' : prefix })) {
          for (const object of page.Contents ?? []) {
            if (object.Key) yield { key: object.Key, size: object.Size ?? 0 };
          }
        }
      } catch (error) {
        throw fail('list', prefix, error);
      }
    },
  };
}
