// The server's configuration, built once at start from the environment and handed to the HTTP app
// and every job, so nothing below main.ts reads the environment or rebuilds the encryptor.
import type { ApiConfig } from '@damso/api';
import { createEncryptor, parseKey } from '@damso/auth';
import { createStore, storageSettings } from '@damso/storage';
import { PERMISSIONS, type PermissionTable } from '@damso/validators';
import type { Env } from './env.ts';

export interface ServerConfig {
  env: Env;
  /** What the API's services need: store identity, URLs, the file store and the encryptor (with the previous key). */
  api: ApiConfig;
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
    },
  };
}
