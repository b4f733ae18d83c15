// The local inbox npm start runs: an email sent to its SMTP port shows on its web page.
import { createMailTransport } from '@damso/email';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailCatcher, startMailCatcher } from './mail-catcher.mjs';

let catcher: MailCatcher;
beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(() => catcher.close());

describe('local mail catcher', () => {
  it('shows a received email in the inbox, with its text and a safe HTML view', async () => {
    await createMailTransport({ url: catcher.smtpUrl }).sendMail({
      from: 'shop@damso.test',
      to: 'reader@example.test',
      subject: 'Your code is 123456',
      text: 'Your code is 123456.',
      html: '<p>Your code is <b>123456</b>.</p><script>alert(1)</script>',
    });
    const inbox = await (await fetch(catcher.inboxUrl)).text();
    expect(inbox).toContain('Your code is 123456');
    expect(inbox).toContain('reader@example.test');
    const [first] = (await (await fetch(`${catcher.inboxUrl}/api/messages`)).json()) as Array<{ id: number }>;
    const page = await (await fetch(`${catcher.inboxUrl}/messages/${first?.id}`)).text();
    expect(page).toContain('<pre>Your code is 123456.</pre>');
    expect(page).toMatch(/<iframe[^>]+sandbox="allow-popups/);
    expect(page).not.toContain('<script>alert(1)</script>');
  });

  it('moves to a free port when the preferred one is taken', async () => {
    const second = await startMailCatcher({ smtpPort: catcher.smtpPort, httpPort: catcher.httpPort });
    try {
      expect(second.smtpPort).not.toBe(catcher.smtpPort);
      expect(second.httpPort).not.toBe(catcher.httpPort);
    } finally {
      await second.close();
    }
  });
});
