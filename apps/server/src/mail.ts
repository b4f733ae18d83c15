// The SMTP settings from the environment; null when none are given (emails then wait in the outbox).
import type { SmtpConfig } from '@damso/email';
import type { Env } from './env.ts';

export function smtpFromEnv(env: Env): SmtpConfig | null {
  if (env.SMTP_URL) return { url: env.SMTP_URL };
  if (!env.SMTP_HOST) return null;
  return {
    host: env.SMTP_HOST,
    port: env.SMTP_PORT ?? (env.SMTP_SECURE ? 465 : 587),
    secure: env.SMTP_SECURE,
    user: env.SMTP_USER,
    password: env.SMTP_PASSWORD,
  };
}

/**
 * The sender's address (MAIL_FROM's, else no-reply at PUBLIC_URL's host) and the name to show until an
 * admin saves a shop name: MAIL_FROM's display name if it has one, else STORE_NAME.
 */
export function mailSender(env: Env): { address: string; defaultName: string } {
  const fallback = { address: `no-reply@${new URL(env.PUBLIC_URL).hostname}`, defaultName: env.STORE_NAME };
  if (!env.MAIL_FROM) return fallback;
  const named = /^\s*(?:"([^"]*)"|([^<"]*?))\s*<([^<>\s]+)>\s*$/.exec(env.MAIL_FROM);
  if (!named) return { ...fallback, address: env.MAIL_FROM.trim() };
  return { address: named[3] ?? fallback.address, defaultName: (named[1] ?? named[2] ?? '').trim() || env.STORE_NAME };
}

/** `"Shop name" <address>`, the quotes and backslashes of the name dropped so it cannot break the header. */
export function mailFrom(env: Env, shopName?: string): string {
  const { address, defaultName } = mailSender(env);
  return `"${(shopName || defaultName).replace(/["\\]/g, '')}" <${address}>`;
}
