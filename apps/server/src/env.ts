// The server's whole configuration, read once. A missing or bad variable stops start-up with its name.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { checkStorageEnv, storageEnvShape } from '@damso/storage';
import { z } from 'zod';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

// proxy-addr's names for the loopback, link-local and private ranges (IPv4 and IPv6).
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', bits, extra] = entry.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

/**
 * The proxies allowed to say who the client is: their addresses or ranges (X-Forwarded-For is read
 * from the right, through these only), or false for none (the socket's address). `true` would take
 * a client's own X-Forwarded-For at its word, letting anyone choose the IP that per-IP limits and
 * the audit log see; a hop count cannot tell the proxy from a client that connects to the app
 * directly (Fastify 5 ignores hop counts for that reason). Both are refused with a hint.
 */
function trustProxy(value: string, ctx: z.RefinementCtx): false | string[] {
  const text = value.trim();
  if (text === '' || text === 'false') return false;
  const refuse = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const hint =
    'give the addresses or ranges of the proxies in front of the shop, e.g. 10.0.0.2,192.168.0.0/16, or loopback (a proxy on this machine) or uniquelocal (a private network such as Docker’s)';
  if (text === 'true') return refuse(`true would believe any X-Forwarded-For a client sends: ${hint}`);
  if (/^\d+$/.test(text)) {
    return refuse(`a hop count cannot tell the proxy from a client that connects directly: ${hint}`);
  }
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (bad.length > 0) return refuse(`${bad.map((b) => `"${b}"`).join(', ')} is not an address or range: ${hint}`);
  return entries;
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string({ error: 'is required (mysql://user:password@host:port/database)' })
    .regex(/^(mysql|mariadb):\/\/.+\/\w+/, 'must look like mysql://user:password@host:port/database'),
  /**
   * A read replica of DATABASE_URL for reads that may be a few seconds stale (catalog, offer pages,
   * statistics); unset or empty, the primary serves everything. See infra/README.md.
   */
  DATABASE_REPLICA_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^(mysql|mariadb):\/\/.+\/\w+/, 'must look like mysql://user:password@host:port/database')
      .optional(),
  ),
  /** Further behind than this, the replica is skipped and the primary serves every read. */
  REPLICA_MAX_LAG_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** After a browser's own write, its reads go to the primary this long, so it sees what it changed. */
  REPLICA_STICKY_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  PUBLIC_URL: z.url().optional(),
  STORE_NAME: z.string().min(1).max(60).default('Damso Stream'),
  STORE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD')
    .default('USD'),
  /** The local store's folder (STORAGE=local), and what storage:migrate copies to the bucket. */
  UPLOAD_DIR: z.string().default(path.join(ROOT, '.data', 'uploads')),
  /** Where offer images and receipts are kept: local (UPLOAD_DIR) or s3 (S3_BUCKET and the other S3_*). */
  ...storageEnvShape,
  WEB_DIST: z.string().default(path.join(ROOT, 'apps', 'web', 'dist')),
  ENCRYPTION_KEY: z
    .string({ error: 'is required: 32 random bytes as 64 hex characters (npm start makes one in .data/)' })
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex characters or base64'),
  ENCRYPTION_KEY_PREVIOUS: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.string().default('false').transform(trustProxy),
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
  /** SMTP connections the outbox worker keeps open, with one message in flight on each. */
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
  /** Emails sent per rolling 24 hours by all processes together (Gmail allows about 2,000); 0 for no cap. */
  EMAIL_DAILY_CAP: z.coerce.number().int().min(0).default(2000),
  /** Sent emails are deleted from the outbox this many days after they were sent. */
  EMAIL_SENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  JOBS: z
    .enum(['on', 'off'])
    .default('on')
    .transform((v) => v === 'on'),
  /**
   * Catalog answers and offers' comments kept in each process's memory, checked against the database's
   * versions every 250 ms (see packages/api/src/services/catalog/cache.ts); off reads the database every time.
   */
  CATALOG_CACHE: z
    .enum(['on', 'off'])
    .default('on')
    .transform((v) => v === 'on'),
  /** A statistics overview is reused this long by each process (admins opening the dashboard together share one). */
  STATS_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  /**
   * Web push's VAPID key pair (base64url, as `npx web-push generate-vapid-keys` prints); unset, a pair
   * is made on first start and kept in the settings table. Both or neither.
   */
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, 'must be a base64url P-256 public key (87 characters)')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url P-256 private key (43 characters)')
    .optional(),
  /** How push services reach the operator: mailto:… or https://…; unset, PUBLIC_URL when it is https. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:.+|https:\/\/.+)$/, 'must be a mailto: address or an https:// URL')
    .optional(),
  /** Bearer token that /metrics asks for; unset, /metrics is not served at all. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (openssl rand -hex 32)').optional(),
});
// The checks across variables (a bucket for STORAGE=s3, an S3 key id with its secret).
const checked = schema.superRefine(checkStorageEnv).superRefine((env, ctx) => {
  if (Boolean(env.VAPID_PUBLIC_KEY) !== Boolean(env.VAPID_PRIVATE_KEY)) {
    const missing = env.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY';
    ctx.addIssue({
      code: 'custom',
      path: [missing],
      message: 'is required with the other VAPID key (set both or neither)',
    });
  }
});

export type Env = z.infer<typeof schema> & { PUBLIC_URL: string };

export class EnvError extends Error {}

/**
 * Secrets as files (Docker and Kubernetes secrets): NAME_FILE=/run/secrets/x stands for NAME, for every
 * variable of the schema, so no secret needs to sit in the environment, where `docker inspect` and
 * /proc/<pid>/environ show it. One trailing newline is dropped (echo and editors add one).
 */
export function readFileVariables(
  source: NodeJS.ProcessEnv,
  names: readonly string[] = Object.keys(schema.shape),
): { values: NodeJS.ProcessEnv; fromFile: Set<string> } {
  const values: NodeJS.ProcessEnv = { ...source };
  const fromFile = new Set<string>();
  const problems: string[] = [];
  for (const name of names) {
    const file = source[`${name}_FILE`];
    if (!file) continue;
    if (source[name]) {
      problems.push(`  - ${name}_FILE: ${name} is set as well: keep one of the two`);
      continue;
    }
    try {
      values[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      fromFile.add(name);
    } catch (error) {
      problems.push(`  - ${name}_FILE: cannot read ${file} (${(error as { code?: string }).code ?? 'error'})`);
    }
  }
  if (problems.length > 0) throw new EnvError(`Invalid configuration:\n${problems.join('\n')}`);
  return { values, fromFile };
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const { values, fromFile } = readFileVariables(source);
  const parsed = checked.safeParse(values);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `  - ${fromFile.has(name) ? `${name} (read from ${name}_FILE)` : name}: ${issue.message}`;
    });
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return { ...env, PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` };
}
