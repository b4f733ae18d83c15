export type { ApiConfig, AppContext, RequestInfo, Session, SessionUser } from './context.ts';
export { type AppRouter, appRouter, createCaller, type RouterInputs, type RouterOutputs } from './root.ts';
export { breachedPasswordProblem } from './services/accounts/passwords.ts';
export { LastAdminError, setUserRole, setUserStatus, upsertAdmin } from './services/accounts/users.ts';
export { type RotationResult, rotateEncryptionKey } from './services/key-rotation.ts';
export { notifyAdmins } from './services/notifications.ts';
export { cancelUnpaidOrders } from './services/orders/actions.ts';
export { openReceipt, saveReceipt } from './services/orders/receipts.ts';
export { runSubscriptionReminders } from './services/subscription-reminders.ts';
export {
  type Access,
  BUSY_MESSAGE,
  ContextError,
  failureKind,
  isRetryLater,
  type Meta,
  RETRY_AFTER_SECONDS,
  UNAVAILABLE_MESSAGE,
  unexpectedErrorMessage,
} from './trpc.ts';
