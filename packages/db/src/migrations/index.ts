// Every migration, in order. A static list (not a folder scan) so the bundle and tsx agree on it.
import type { Migration } from 'kysely';
import * as initialSchema from './2026-11-27-01-initial-schema.ts';
import * as catalogIndexes from './2026-11-27-20-catalog-indexes.ts';
import * as commentEditedAt from './2026-11-27-21-comment-edited-at.ts';
import * as notificationsRecentIndex from './2026-11-27-30-notifications-recent-index.ts';
import * as adminListIndexes from './2026-11-27-50-admin-list-indexes.ts';
import * as outboxLeases from './2026-12-01-10-outbox-leases.ts';
import * as subscriptionPeriods from './2026-12-01-20-subscription-periods.ts';
import * as catalogSpeed from './2026-12-02-10-catalog-speed.ts';
import * as statsRollups from './2026-12-02-20-stats-rollups.ts';
import * as replicaHeartbeat from './2026-12-07-10-replica-heartbeat.ts';
import * as cacheVersions from './2026-12-07-20-cache-versions.ts';
import * as offersLowStockIndex from './2026-12-07-41-offers-low-stock-index.ts';
import * as userNotes from './2026-12-07-50-user-notes.ts';
import * as contentPages from './2026-12-07-60-content-pages.ts';
import * as pushSubscriptions from './2026-12-07-70-push-subscriptions.ts';
import * as ordersCreatedIndex from './2026-12-07-80-orders-created-index.ts';
import * as ordersUserStatusIndex from './2026-12-07-90-orders-user-status-index.ts';
import * as orderMessagesUnreadIndex from './2026-12-07-95-order-messages-unread-index.ts';
import * as ordersItemsSummary from './2026-12-07-97-orders-items-summary.ts';
import * as ordersUserIndexOrder from './2026-12-07-98-orders-user-index-order.ts';
import * as commentsSpeed from './2026-12-07-99-comments-speed.ts';
import * as ordersClientSearch from './2026-12-07-99-orders-client-search.ts';

export const migrations: Record<string, Migration> = {
  '2026-11-27-01-initial-schema': initialSchema,
  '2026-11-27-20-catalog-indexes': catalogIndexes,
  '2026-11-27-21-comment-edited-at': commentEditedAt,
  '2026-11-27-30-notifications-recent-index': notificationsRecentIndex,
  '2026-11-27-50-admin-list-indexes': adminListIndexes,
  '2026-12-01-10-outbox-leases': outboxLeases,
  '2026-12-01-20-subscription-periods': subscriptionPeriods,
  '2026-12-02-10-catalog-speed': catalogSpeed,
  '2026-12-02-20-stats-rollups': statsRollups,
  '2026-12-07-10-replica-heartbeat': replicaHeartbeat,
  '2026-12-07-20-cache-versions': cacheVersions,
  '2026-12-07-41-offers-low-stock-index': offersLowStockIndex,
  '2026-12-07-50-user-notes': userNotes,
  '2026-12-07-70-push-subscriptions': pushSubscriptions,
  '2026-12-07-80-orders-created-index': ordersCreatedIndex,
  '2026-12-07-90-orders-user-status-index': ordersUserStatusIndex,
  '2026-12-07-95-order-messages-unread-index': orderMessagesUnreadIndex,
  '2026-12-07-97-orders-items-summary': ordersItemsSummary,
  '2026-12-07-98-orders-user-index-order': ordersUserIndexOrder,
  '2026-12-07-99-comments-speed': commentsSpeed,
  '2026-12-07-99-orders-client-search': ordersClientSearch,
  '2026-12-07-60-content-pages': contentPages,
};
