export { type EmailBody, escapeHtml, renderEmail } from './layout.ts';
export { enqueueEmail, type OutgoingEmail } from './outbox.ts';
export {
  emailChangedMessage,
  passwordChangedMessage,
  passwordResetMessage,
  verifyEmailMessage,
} from './templates/account.ts';
export { subscriptionReminderMessage } from './templates/subscriptions.ts';
export { createMailTransport, type MailTransport, type SmtpConfig } from './transport.ts';
export { type DrainResult, MAX_ATTEMPTS, retryDelayMs, sendDueEmails } from './worker.ts';
