// The account emails leave through the outbox worker to a real SMTP server; the test reads them as
// a person would and uses the code and the links they carry.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { createMailTransport, sendDueEmails } from '@damso/email';
import { startTestSmtpServer, type TestInbox } from '@damso/email/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, codeFrom, tokenFrom } from '../../testing/accounts.ts';

let t: TestDatabase;
let inbox: TestInbox;
beforeAll(async () => {
  [t, inbox] = await Promise.all([createTestDatabase(), startTestSmtpServer()]);
});
afterAll(async () => {
  await inbox.close();
  await t.drop();
});

async function deliver(to: string) {
  await sendDueEmails(t.db, {
    transport: createMailTransport({ url: inbox.url }),
    from: 'shop@damso.test',
    now: new Date(),
  });
  const mail = inbox.messages.filter((m) => m.to && 'text' in m.to && m.to.text === to).at(-1);
  if (!mail) throw new Error(`no email for ${to}`);
  return mail;
}

const form = (email: string) => ({
  fullName: 'Ines Inbox',
  email,
  phoneCountry: 'ES',
  phone: '612 34 56 78',
  password: 'Mellow-Thistle-64',
});

describe('account emails over SMTP', () => {
  it('the code in the delivered email verifies the account', async () => {
    const b = browser(t.db, { ip: '10.7.0.1' });
    await (await b.caller()).auth.signUp(form('ines@example.test'));
    const mail = await deliver('ines@example.test');
    expect(mail.subject).toMatch(/^\d{6} is your Damso Stream confirmation code$/);
    expect(mail.html).toBeTruthy();
    await (await b.caller()).auth.verifyEmail({ code: codeFrom(mail.text ?? '') });
    expect((await (await b.caller()).system.bootstrap()).user?.emailVerified).toBe(true);
  });

  it('the link in the delivered email verifies the account on another device', async () => {
    const b = browser(t.db, { ip: '10.7.0.2' });
    await (await b.caller()).auth.signUp(form('link@example.test'));
    const mail = await deliver('link@example.test');
    const href = /href="([^"]+\/verify-email\?token=[^"]+)"/.exec(String(mail.html))?.[1] ?? '';
    const token = new URL(href).searchParams.get('token') ?? '';
    expect(token).toBe(tokenFrom(mail.text ?? '', '/verify-email'));
    const otherDevice = await browser(t.db, { ip: '10.7.0.3' }).caller();
    expect(await otherDevice.auth.verifyEmailLink({ token })).toEqual({
      email: 'link@example.test',
      signedIn: false,
      alreadyConfirmed: false,
    });
    expect((await (await b.caller()).system.bootstrap()).user?.emailVerified).toBe(true);
  });

  it('the reset link in the delivered email sets a new password', async () => {
    const b = browser(t.db, { ip: '10.7.0.4' });
    await (await b.caller()).auth.signUp(form('forgot@example.test'));
    await (await b.caller()).auth.requestPasswordReset({ email: 'forgot@example.test' });
    const mail = await deliver('forgot@example.test');
    expect(mail.subject).toBe('Reset your Damso Stream password');
    const token = tokenFrom(mail.text ?? '', '/reset-password');
    await (await b.caller()).auth.resetPassword({ token, password: 'Brand-New-Keel-90', confirm: 'Brand-New-Keel-90' });
    const again = browser(t.db, { ip: '10.7.0.5' });
    const { user } = await (await again.caller()).auth.logIn({
      email: 'forgot@example.test',
      password: 'Brand-New-Keel-90',
    });
    // Following the emailed link proved the address too.
    expect(user.emailVerified).toBe(true);
  });
});
