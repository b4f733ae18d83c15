export {
  type ClaimedEmail,
  claimDueEmails,
  claimInTransaction,
  type FailedEmail,
  MAX_ATTEMPTS,
  RETRY_FOR_MS,
  retryDelayMs,
} from './claim.ts';
export { type EmailBody, escapeHtml, renderEmail } from './layout.ts';
export { enqueueEmail, type OutgoingEmail, REDACTED } from './outbox.ts';
export {
  emailChangedMessage,
  passwordChangedMessage,
  passwordResetMessage,
  verifyEmailMessage,
} from './templates/account.ts';
export { subscriptionReminderMessage } from './templates/subscriptions.ts';
export { createMailTransport, type MailTransport, type SmtpConfig } from './transport.ts';
export {
  type DrainResult,
  drainOutbox,
  type OutboxLog,
  type OutboxWorkerOptions,
  PROCESS_OWNER,
  pruneSentEmails,
  sendDueEmails,
} from './worker.ts';
