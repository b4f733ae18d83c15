// Which store the shop uses, from the environment: the variables and their checks live here once, for
// the server's env schema and for the scripts (seed, storage:migrate) alike.
import { z } from 'zod';
import { localStore } from './local.ts';
import { type S3Settings, s3Store } from './s3.ts';
import type { FileStore } from './store.ts';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The storage variables, to spread into an environment schema together with checkStorageEnv. */
export const storageEnvShape = {
  STORAGE: z
    .enum(['local', 's3'], {
      error: 'must be local (files in UPLOAD_DIR on this machine) or s3 (an S3-compatible bucket, see S3_BUCKET)',
    })
    .default('local'),
  S3_BUCKET: z
    .string()
    .regex(BUCKET_NAME, 'must be a bucket name: 3 to 63 lowercase letters, digits, dots or hyphens')
    .optional(),
  /** R2 takes "auto"; MinIO and most self-hosted stores accept any name. */
  S3_REGION: z.string().min(1, 'must name the bucket’s region, e.g. eu-central-1 (auto for R2)').default('us-east-1'),
  S3_ENDPOINT: z
    .url({
      protocol: /^https?$/,
      error: 'must be the store’s address, e.g. https://<account>.r2.cloudflarestorage.com or http://127.0.0.1:9000',
    })
    .optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'], { error: 'must be true (MinIO and most self-hosted stores) or false' })
    .default('false')
    .transform((v) => v === 'true'),
};

type StorageEnv = z.output<z.ZodObject<typeof storageEnvShape>>;

/** The checks across variables: a bucket for s3, and a key id only together with its secret. */
export function checkStorageEnv(env: StorageEnv, ctx: z.RefinementCtx): void {
  if (env.STORAGE !== 's3') return;
  if (!env.S3_BUCKET) {
    ctx.addIssue({
      code: 'custom',
      path: ['S3_BUCKET'],
      message: 'is required when STORAGE=s3: the bucket that keeps offer images and payment receipts',
    });
  }
  const pair = ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
  for (const [name, other] of [pair, [pair[1], pair[0]]] as const) {
    if (env[other] && !env[name]) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `is required with ${other}: set both, or neither to use the AWS default credentials (AWS_* variables, an instance role)`,
      });
    }
  }
}

export type StorageSettings = { kind: 'local'; dir: string } | ({ kind: 's3' } & S3Settings);

/** What to build, from a checked environment; `uploadDir` is the folder of the local store. */
export function storageSettings(env: StorageEnv, uploadDir: string): StorageSettings {
  if (env.STORAGE === 'local' || !env.S3_BUCKET) return { kind: 'local', dir: uploadDir };
  return {
    kind: 's3',
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}

export function createStore(settings: StorageSettings): FileStore {
  return settings.kind === 'local' ? localStore(settings.dir) : s3Store(settings);
}

const scriptSchema = z
  .object({ UPLOAD_DIR: z.string().min(1).optional(), ...storageEnvShape })
  .superRefine(checkStorageEnv);

export class StorageConfigError extends Error {}

/**
 * For the scripts, which have no server env schema: the store the server would use with this
 * environment. Throws StorageConfigError naming each bad variable.
 */
export function storageFromEnv(
  source: Record<string, string | undefined>,
  defaultUploadDir: string,
): { store: FileStore; settings: StorageSettings } {
  const parsed = scriptSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new StorageConfigError(`Invalid storage configuration:\n${lines.join('\n')}`);
  }
  const settings = storageSettings(parsed.data, parsed.data.UPLOAD_DIR ?? defaultUploadDir);
  return { store: createStore(settings), settings };
}
