export { type EmailBody, escapeHtml, renderEmail } from './layout.ts';
export { enqueueEmail, type OutgoingEmail } from './outbox.ts';
