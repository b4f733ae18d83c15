export interface CaughtEmail {
  id: number;
  subject: string;
  from: string;
  to: string;
  date: Date;
  text: string;
  html: string;
}

export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  smtpUrl: string;
  inboxUrl: string;
  messages: CaughtEmail[];
  close: () => Promise<void>;
}

export function startMailCatcher(options?: {
  smtpPort?: number;
  httpPort?: number;
  host?: string;
}): Promise<MailCatcher>;
