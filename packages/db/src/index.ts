export { recountCategoryOffers } from './category-counts.ts';
export {
  createDb,
  type Database,
  type DbOptions,
  type PoolStats,
  parseDatabaseUrl,
  poolOf,
  poolStats,
} from './client.ts';
export { migrateDownAll, migrateToLatest, pendingMigrations } from './migrate.ts';
export { recountOfferRatings, recountOfferSales } from './offer-counts.ts';
export { copyClientToOrders, type OrderClient, orderClient } from './order-client.ts';
export { itemsSummary } from './order-items-summary.ts';
export {
  createReadReplica,
  type ReadReplica,
  type ReadReplicaOptions,
  type ReplicaListener,
  type ReplicaState,
  type ReplicaStatus,
} from './replica.ts';
export {
  isDatabaseUnavailable,
  isTransientLockError,
  type RetryOptions,
  retryTransient,
  transaction,
} from './retry.ts';
export type * from './schema.ts';
export { DEMO_LOGINS, DEMO_PASSWORD, type SeedResult, seedDemoData, slugify } from './seed/index.ts';
