// The server's whole configuration, read once. A missing or bad variable stops start-up with its name.
import path from 'node:path';
import { z } from 'zod';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string({ error: 'is required (mysql://user:password@host:port/database)' })
    .regex(/^(mysql|mariadb):\/\/.+\/\w+/, 'must look like mysql://user:password@host:port/database'),
  PUBLIC_URL: z.url().optional(),
  STORE_NAME: z.string().min(1).max(60).default('Damso Stream'),
  STORE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD')
    .default('USD'),
  UPLOAD_DIR: z.string().default(path.join(ROOT, '.data', 'uploads')),
  WEB_DIST: z.string().default(path.join(ROOT, 'apps', 'web', 'dist')),
  ENCRYPTION_KEY: z
    .string({ error: 'is required: 32 random bytes as 64 hex characters (npm start makes one in .data/)' })
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex characters or base64'),
  ENCRYPTION_KEY_PREVIOUS: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Unpaid orders (no receipt) are cancelled this many hours after they last awaited payment. */
  ORDER_PAYMENT_TIMEOUT_HOURS: z.coerce.number().int().min(1).max(720).default(48),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must look like smtp://user:password@host:587 or smtps://…:465')
    .optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  MAIL_FROM: z.string().min(3).optional(),
  JOBS: z
    .enum(['on', 'off'])
    .default('on')
    .transform((v) => v === 'on'),
});

export type Env = z.infer<typeof schema> & { PUBLIC_URL: string };

export class EnvError extends Error {}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return { ...env, PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` };
}
