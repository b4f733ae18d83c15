export type { ApiConfig, AppContext, PushConfig, RequestInfo, Session, SessionUser } from './context.ts';
export { type AppRouter, appRouter, createCaller, type RouterInputs, type RouterOutputs } from './root.ts';
export { breachedPasswordProblem } from './services/accounts/passwords.ts';
export { LastAdminError, setUserRole, setUserStatus, upsertAdmin } from './services/accounts/users.ts';
export { type RotationResult, rotateEncryptionKey } from './services/admin/key-rotation.ts';
export { publicShopName, readShopSettings } from './services/admin/shop-settings.ts';
export { catalogCacheInDoubt, catalogReader, commentsChanged } from './services/catalog/cache.ts';
export { encodeCursor as encodeCatalogCursor, type KeyRow as CatalogKeyRow } from './services/catalog/search.ts';
export { notifyAdmins } from './services/notifications/notifications.ts';
export { vapidKeys } from './services/notifications/push.ts';
export { sendDuePushes } from './services/notifications/push-sender.ts';
export { cancelUnpaidOrders } from './services/orders/actions.ts';
export { formatOrderNumber } from './services/orders/common.ts';
export { ordersCsv, ordersCsvFilename } from './services/orders/orders-csv.ts';
export { openReceipt, saveReceipt } from './services/orders/receipts.ts';
export { userActor } from './services/shared/actor.ts';
export { DomainError } from './services/shared/errors.ts';
export { type RebuildResult, rebuildStats, staleRollups } from './services/stats/rebuild.ts';
export { deleteOrders } from './services/stats/rollups.ts';
export { runSubscriptionReminders } from './services/subscriptions/reminders.ts';
export { isSharedAnswer, sharedBody } from './shared-answers.ts';
export {
  type Access,
  BUSY_MESSAGE,
  ContextError,
  failureKind,
  httpStatusOf,
  isRetryLater,
  type Meta,
  RETRY_AFTER_SECONDS,
  STORAGE_READ_UNAVAILABLE_MESSAGE,
  STORAGE_WRITE_UNAVAILABLE_MESSAGE,
  toTRPCError,
  UNAVAILABLE_MESSAGE,
  unexpectedErrorMessage,
} from './trpc.ts';
