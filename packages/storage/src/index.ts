export {
  checkStorageEnv,
  createStore,
  StorageConfigError,
  type StorageSettings,
  storageEnvShape,
  storageFromEnv,
  storageSettings,
} from './config.ts';
export { localStore } from './local.ts';
export { type S3Settings, s3Store } from './s3.ts';
export { assertKey, type FileStore, StorageUnavailableError, type StoredFile } from './store.ts';
