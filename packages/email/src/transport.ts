// The SMTP transport, configured from the environment: either one SMTP_URL or host/port/user/password.
import nodemailer, { type Transporter } from 'nodemailer';

export type SmtpConfig =
  | { url: string }
  | { host: string; port: number; secure: boolean; user?: string; password?: string };

export type MailTransport = Pick<Transporter, 'sendMail' | 'close'>;

/**
 * `pool` keeps up to `maxConnections` SMTP connections open and sends one message on each at a
 * time, so the outbox worker has a few messages in flight without a handshake per email. Without
 * it every message opens its own connection (fine for a one-off send in a script or test).
 */
export function createMailTransport(config: SmtpConfig, { pool }: { pool?: { maxConnections: number } } = {}) {
  // Short timeouts: a hung mail server must not stall the outbox worker; the row is retried later.
  const options = {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    ...(pool ? { pool: true, maxConnections: pool.maxConnections } : {}),
  };
  if ('url' in config) {
    const url = new URL(config.url);
    for (const [name, value] of Object.entries(options)) url.searchParams.set(name, String(value));
    return nodemailer.createTransport(url.toString()) as MailTransport;
  }
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
    ...options,
  }) as MailTransport;
}
