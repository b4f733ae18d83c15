// The SMTP transport, configured from the environment: either one SMTP_URL or host/port/user/password.
import nodemailer, { type Transporter } from 'nodemailer';

export type SmtpConfig =
  | { url: string }
  | { host: string; port: number; secure: boolean; user?: string; password?: string };

export type MailTransport = Pick<Transporter, 'sendMail' | 'close'>;

export function createMailTransport(config: SmtpConfig): MailTransport {
  // Short timeouts: a hung mail server must not stall the outbox worker; the row is retried later.
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
  if ('url' in config) {
    const url = new URL(config.url);
    for (const [name, value] of Object.entries(timeouts)) url.searchParams.set(name, String(value));
    return nodemailer.createTransport(url.toString());
  }
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
    ...timeouts,
  });
}
