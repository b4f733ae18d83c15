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

export function mailFrom(env: Env): string {
  return env.MAIL_FROM ?? `"${env.STORE_NAME.replace(/"/g, '')}" <no-reply@${new URL(env.PUBLIC_URL).hostname}>`;
}
