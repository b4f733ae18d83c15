// npm run storage:migrate — copies the offer images and receipts under UPLOAD_DIR to the bucket that
// STORAGE=s3 and S3_* name, under the same keys (offers/…, receipts/…), so the database needs no
// change. It can be run again at any time: a file the bucket already holds at the same size is left
// alone, so a second run after an interruption, or right before switching the servers to STORAGE=s3,
// copies only what is missing. Local files are never deleted.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { localStore, StorageConfigError, StorageUnavailableError, storageFromEnv } from '@damso/storage';
import { type CliIo, exitCode, isEntryPoint, runAsEntryPoint, stop } from './lib/cli.ts';

const DEFAULT_UPLOAD_DIR = path.resolve(import.meta.dirname, '..', '.data', 'uploads');

// What the shop writes (see the offer image and receipt services); anything else in the folder
// (a half-written temporary file, the scale loader's manifest) is not an upload.
const UPLOAD_NAMES: Record<string, { pattern: RegExp; contentType: (bytes: Buffer) => string; cacheControl: string }> =
  {
    offers: {
      pattern: /^offers\/[a-f0-9]{32}-\d+\.webp$/,
      contentType: () => 'image/webp',
      cacheControl: 'public, max-age=31536000, immutable',
    },
    receipts: {
      pattern: /^receipts\/[a-f0-9]{32}$/,
      contentType: (bytes) => (bytes.subarray(0, 5).toString('latin1') === '%PDF-' ? 'application/pdf' : 'image/webp'),
      cacheControl: 'private, no-store',
    },
  };

const PARALLEL = 4;

export function storageMigrate(args: string[], io: CliIo): Promise<number> {
  return exitCode(io, async () => {
    const dryRun = args.includes('--dry-run');
    const unknown = args.filter((a) => a !== '--dry-run');
    if (unknown.length) stop(`Unknown option ${unknown.join(' ')}. Usage: npm run storage:migrate [-- --dry-run]`);

    let target: ReturnType<typeof storageFromEnv>;
    try {
      target = storageFromEnv(io.env, DEFAULT_UPLOAD_DIR);
    } catch (error) {
      if (error instanceof StorageConfigError) stop(error.message);
      throw error;
    }
    if (target.settings.kind !== 's3') {
      stop(
        'storage:migrate copies UPLOAD_DIR to a bucket: set STORAGE=s3 and S3_BUCKET (with S3_ENDPOINT, S3_REGION and the S3 keys your store needs), as the servers will have them.',
      );
    }
    const uploadDir = io.env.UPLOAD_DIR ?? DEFAULT_UPLOAD_DIR;
    if (!existsSync(uploadDir)) {
      stop(`UPLOAD_DIR ${uploadDir} does not exist: set UPLOAD_DIR to the folder the servers kept their files in.`);
    }
    const source = localStore(uploadDir);
    const bucket = target.store;
    io.stdout.write(`${dryRun ? 'Would copy' : 'Copying'} ${source.location} → ${bucket.location}\n`);

    const counts = { copied: 0, bytes: 0, present: 0, skipped: 0 };
    const skipped: string[] = [];
    try {
      for (const [folder, kind] of Object.entries(UPLOAD_NAMES)) {
        const queue: Array<{ key: string; size: number }> = [];
        for await (const file of source.list(`${folder}/`)) {
          if (kind.pattern.test(file.key)) queue.push(file);
          else {
            counts.skipped += 1;
            skipped.push(file.key);
          }
        }
        const worker = async () => {
          for (let file = queue.shift(); file; file = queue.shift()) {
            if ((await bucket.size(file.key)) === file.size) {
              counts.present += 1;
              continue;
            }
            if (!dryRun) {
              const opened = await source.get(file.key);
              if (!opened) continue;
              const chunks: Buffer[] = [];
              for await (const chunk of opened.body) chunks.push(chunk as Buffer);
              const bytes = Buffer.concat(chunks);
              await bucket.put(file.key, bytes, {
                contentType: kind.contentType(bytes),
                cacheControl: kind.cacheControl,
              });
            }
            counts.copied += 1;
            counts.bytes += file.size;
          }
        };
        await Promise.all(Array.from({ length: PARALLEL }, worker));
      }
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      stop(
        `${error.message}\nNothing is lost: what was copied stays in the bucket, and running storage:migrate again copies the rest.`,
      );
    }
    const mb = (counts.bytes / 1024 / 1024).toFixed(1);
    io.stdout.write(
      `${dryRun ? 'Would copy' : 'Copied'} ${counts.copied} files (${mb} MB); ${counts.present} already in the bucket.\n`,
    );
    if (skipped.length) {
      io.stdout.write(
        `Left alone ${counts.skipped} files that are not uploads: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}\n`,
      );
    }
    if (!dryRun) {
      io.stdout.write(
        'Next: set STORAGE=s3 on every server and restart them, then run this once more to copy what was uploaded meanwhile.\n',
      );
    }
  });
}

if (isEntryPoint(import.meta.url)) await runAsEntryPoint(storageMigrate);
