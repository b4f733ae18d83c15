// The account emails. Each returns the outbox row's content: subject, HTML and text parts.
import { renderEmail } from '../layout.ts';
import type { OutgoingEmail } from '../outbox.ts';

interface Base {
  storeName: string;
  to: string;
}

export function verifyEmailMessage({
  storeName,
  to,
  fullName,
  code,
  link,
  changing,
}: Base & { fullName: string; code: string; link: string; changing: boolean }): OutgoingEmail {
  const body = renderEmail({
    storeName,
    paragraphs: [
      `Hello ${fullName},`,
      changing
        ? `Please confirm ${to} as the new email address of your ${storeName} account.`
        : `Welcome to ${storeName}! Please confirm your email address to start ordering.`,
      `Your code is ${code}. It expires in 15 minutes.`,
      'Or use the button below. It works for 24 hours.',
      'If you did not ask for this, you can ignore this email.',
    ],
    action: { label: 'Confirm my email', url: link },
  });
  return {
    to,
    template: 'verify-email',
    subject: `${code} is your ${storeName} confirmation code`,
    ...body,
    secrets: [code, link],
  };
}

export function passwordResetMessage({ storeName, to, fullName, link }: Base & { fullName: string; link: string }) {
  const body = renderEmail({
    storeName,
    paragraphs: [
      `Hello ${fullName},`,
      `Someone asked to reset the password of your ${storeName} account. The link below works once, for 1 hour.`,
      'If it was not you, ignore this email: your password stays as it is.',
    ],
    action: { label: 'Choose a new password', url: link },
  });
  return {
    to,
    template: 'password-reset',
    subject: `Reset your ${storeName} password`,
    ...body,
    secrets: [link],
  } satisfies OutgoingEmail;
}

export function passwordChangedMessage({ storeName, to, fullName }: Base & { fullName: string }): OutgoingEmail {
  const body = renderEmail({
    storeName,
    paragraphs: [
      `Hello ${fullName},`,
      `The password of your ${storeName} account was just changed, and every other session was logged out.`,
      'If this was not you, reset your password right away and contact us.',
    ],
  });
  return { to, template: 'password-changed', subject: `Your ${storeName} password was changed`, ...body };
}

export function emailChangedMessage({
  storeName,
  to,
  fullName,
  newEmail,
}: Base & { fullName: string; newEmail: string }) {
  const body = renderEmail({
    storeName,
    paragraphs: [
      `Hello ${fullName},`,
      `The email address of your ${storeName} account was changed to ${newEmail}. This address will no longer receive our emails.`,
      'If this was not you, contact us right away.',
    ],
  });
  return {
    to,
    template: 'email-changed',
    subject: `Your ${storeName} email address was changed`,
    ...body,
  } satisfies OutgoingEmail;
}
