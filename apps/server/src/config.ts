// The server's configuration, built once at start from the environment and handed to the HTTP app
// and every job, so nothing below main.ts reads the environment or rebuilds the encryptor.
import type { ApiConfig } from '@damso/api';
import { createEncryptor, parseKey } from '@damso/auth';
import { createDb, createReadReplica, type Database, type ReadReplica } from '@damso/db';
import { createStore, storageSettings } from '@damso/storage';
import { PERMISSIONS, type PermissionTable } from '@damso/validators';
import type { Env } from './env.ts';

export interface ServerConfig {
  env: Env;
  /** What the API's services need: store identity, URLs, the file store and the encryptor (with the previous key). */
  api: ApiConfig;
  /** DATABASE_REPLICA_URL and its limits; null when the primary serves every read. */
  readReplica: { url: string; maxLagSeconds: number; stickySeconds: number } | null;
}

/** `permissions`: the role table; only a test passes another one, to prove the table is the only truth. */
export function serverConfig(env: Env, permissions: PermissionTable = PERMISSIONS): ServerConfig {
  return {
    env,
    api: {
      storeName: env.STORE_NAME,
      currency: env.STORE_CURRENCY,
      publicUrl: env.PUBLIC_URL,
      storage: createStore(storageSettings(env, env.UPLOAD_DIR)),
      production: env.NODE_ENV === 'production',
      encryptor: createEncryptor(
        parseKey(env.ENCRYPTION_KEY),
        env.ENCRYPTION_KEY_PREVIOUS ? [parseKey(env.ENCRYPTION_KEY_PREVIOUS, 'ENCRYPTION_KEY_PREVIOUS')] : [],
      ),
      permissions,
      catalogCache: env.CATALOG_CACHE,
      statsCacheSeconds: env.STATS_CACHE_SECONDS,
      paymentTimeoutHours: env.ORDER_PAYMENT_TIMEOUT_HOURS,
      push: {
        ...(env.VAPID_PUBLIC_KEY &&
          env.VAPID_PRIVATE_KEY && { keys: { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY } }),
        // Apple's push service refuses a localhost subject, hence no PUBLIC_URL over plain http.
        subject:
          env.VAPID_SUBJECT ?? (env.PUBLIC_URL.startsWith('https://') ? env.PUBLIC_URL : 'mailto:push@localhost'),
      },
    },
    readReplica: env.DATABASE_REPLICA_URL
      ? {
          url: env.DATABASE_REPLICA_URL,
          maxLagSeconds: env.REPLICA_MAX_LAG_SECONDS,
          stickySeconds: env.REPLICA_STICKY_SECONDS,
        }
      : null,
  };
}

/**
 * The replica's pool and lag checks, or undefined without DATABASE_REPLICA_URL. Not checked here: a
 * replica that is down only sends its reads to the primary (and /readyz says so).
 */
export function openReadReplica(config: ServerConfig, primary: Database, clock: () => Date): ReadReplica | undefined {
  if (!config.readReplica) return undefined;
  return createReadReplica({
    primary,
    // Shop reads answer in milliseconds: a hung replica is given up on well before the primary's deadline.
    replica: createDb(config.readReplica.url, { statementTimeoutMs: 10_000 }),
    clock,
    maxLagSeconds: config.readReplica.maxLagSeconds,
  });
}
