// Account journeys in Chromium at phone and desktop widths: sign up with a phone number, read the
// email in the local mail catcher, enter the code, land signed in; log in and out; reset a password.
import { DEMO_LOGINS, DEMO_PASSWORD } from '@damso/db';
import { createMailTransport, sendDueEmails } from '@damso/email';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailCatcher, startMailCatcher } from '../../../scripts/lib/mail-catcher.mjs';
import { DESKTOP, hasHorizontalScroll, PHONE, type Shop, seriousA11yViolations, startShop } from './harness.ts';

let shop: Shop;
let catcher: MailCatcher;
beforeAll(async () => {
  [shop, catcher] = await Promise.all([startShop(), startMailCatcher({ smtpPort: 0, httpPort: 0 })]);
});
afterAll(async () => {
  await catcher?.close();
  await shop?.close();
});

/** What the server's outbox job does every few seconds, done at once so the test needs no waiting. */
async function deliverEmails() {
  await sendDueEmails(shop.db, {
    transport: createMailTransport({ url: catcher.smtpUrl }),
    from: 'shop@damso.test',
    now: new Date(),
  });
}

/** Opens the catcher's inbox in a tab, as a person would, and returns the newest email's text. */
async function readNewestEmail(page: Page, to: string): Promise<string> {
  const inbox = await page.context().newPage();
  const item = inbox.locator('li', { hasText: to }).first();
  // Delivery is asynchronous (SMTP), so look again until the email is in the inbox.
  await expect
    .poll(async () => {
      await deliverEmails();
      await inbox.goto(catcher.inboxUrl);
      return item.count();
    })
    .toBeGreaterThan(0);
  await item.getByRole('link').click();
  const text = (await inbox.locator('pre').textContent()) ?? '';
  await inbox.close();
  return text;
}

/** Email links must name the shop's public address (the harness sets it to the test server). */
function onTestServer(link: string): string {
  const url = new URL(link);
  expect(url.origin).toBe(shop.url);
  return `${url.pathname}${url.search}`;
}

/** Console errors other than the refusals these journeys provoke on purpose (wrong code, wrong password). */
function unexpected(errors: string[]): string[] {
  return errors.filter((e) => !/^Failed to load resource: the server responded with a status of 40[01]\b/.test(e));
}

async function expectCleanPage(page: Page) {
  expect(await hasHorizontalScroll(page)).toBe(false);
  expect(await seriousA11yViolations(page)).toEqual([]);
}

const viewports = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const;

describe('accounts in Chromium', () => {
  for (const [name, viewport] of viewports) {
    it(`signs up with a phone number, confirms the emailed code and lands signed in (${name})`, async () => {
      const { page, context, errors } = await shop.newPage(viewport);
      await page.goto('/');
      await page.getByRole('banner').getByRole('link', { name: 'Sign up' }).click();
      await page.getByRole('heading', { name: 'Create your account' }).waitFor();

      // Live checks, with the same rules as the server, before anything is sent.
      await page.getByLabel('Email').fill('not-an-email');
      await page.getByLabel('Password').fill('qwertyuiop');
      await expect
        .poll(() => page.getByText('Enter a valid email address, like name@example.com').isVisible())
        .toBe(true);
      await expect.poll(() => page.getByText(/^This password is too easy to guess\./).isVisible()).toBe(true);
      expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('Email').fill(DEMO_LOGINS[2].email);
      await expect.poll(() => page.getByText('This email is already registered.').isVisible()).toBe(true);
      await expectCleanPage(page);

      const email = `sam.${name}@example.test`;
      await page.getByLabel('Full name').fill(`Sam ${name}`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Country').selectOption('GB');
      await page.getByLabel('Number').pressSequentially('07400123456');
      expect(await page.getByLabel('Number').inputValue()).toBe('07400 123456');
      await page.getByLabel('Password').fill('Velvet-Canyon-88');
      await expect.poll(() => page.getByText(/Strength: (Good|Strong|Very strong)/).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Create account' }).click();

      await page.getByLabel('Confirmation code').waitFor();
      expect(await page.getByText(`We sent a 6-digit code and a link to ${email}`).isVisible()).toBe(true);
      await expectCleanPage(page);
      const stored = await shop.db.selectFrom('users').select('phone').where('email', '=', email).executeTakeFirst();
      expect(stored?.phone).toBe('+447400123456');

      await page.getByLabel('Confirmation code').fill('000000');
      await page.getByRole('button', { name: 'Confirm my email' }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toMatch(/That code is not right\. 4 attempts left\./);

      const text = await readNewestEmail(page, email);
      const code = /code is (\d{6})/.exec(text)?.[1] ?? '';
      await page.getByLabel('Confirmation code').fill(code);
      await page.getByRole('button', { name: 'Confirm my email' }).click();
      await page.waitForURL(`${shop.url}/`);
      await expect.poll(() => page.getByRole('banner').textContent()).toContain(`Sam ${name}`);
      expect(await page.getByRole('link', { name: 'Confirm your email' }).count()).toBe(0);
      expect(unexpected(errors)).toEqual([]);
      await context.close();
    });

    it(`logs in, refuses a wrong password, and logs out (${name})`, async () => {
      const { page, context, errors } = await shop.newPage(viewport);
      const client = DEMO_LOGINS[2];
      await page.goto('/login');
      await page.getByLabel('Email').fill(client.email);
      await page.getByLabel('Password').fill('wrong-password-1');
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('The email or password is wrong.');
      await expectCleanPage(page);

      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${shop.url}/`);
      await expect.poll(() => page.getByRole('banner').textContent()).toContain(client.fullName);
      expect(await hasHorizontalScroll(page)).toBe(false);

      await page.locator('.user-menu summary').click();
      expect(await page.getByRole('link', { name: 'Profile and security' }).isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('link', { name: 'Profile and security' }).isVisible()).toBe(false);
      await page.locator('.user-menu summary').click();
      await page.getByRole('link', { name: 'Profile and security' }).click();
      await page.getByRole('heading', { name: 'Your account' }).waitFor();
      await expectCleanPage(page);

      await page.locator('.user-menu summary').click();
      const beforeLogOut = errors.length;
      await page.getByRole('button', { name: 'Log out', exact: true }).click();
      await expect.poll(() => page.getByRole('banner').getByRole('link', { name: 'Log in' }).isVisible()).toBe(true);
      // Straight to the login page, and it stays there once everything the log-out started has settled.
      await page.getByRole('banner').getByRole('link', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(new URL(page.url()).pathname).toBe('/login');
      // Nothing of the old user's is asked for again after the log-out (no 401 in the console).
      expect(errors.slice(beforeLogOut)).toEqual([]);
      await page.goto('/account');
      await page.waitForURL(/\/login\?next=%2Faccount|\/login\?next=\/account/);
      expect(unexpected(errors)).toEqual([]);
      await context.close();
    });

    it(`logs out from the user menu, then "Log in" opens the form and logs in again (${name})`, async () => {
      const { page, context, errors } = await shop.newPage(viewport);
      const client = DEMO_LOGINS[2];
      const logIn = async () => {
        await page.getByLabel('Email').fill(client.email);
        await page.getByLabel('Password').fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.waitForURL(`${shop.url}/`);
        await expect.poll(() => page.getByRole('banner').textContent()).toContain(client.fullName);
      };
      await page.goto('/login');
      await logIn();
      // Out from a page that loads the user's own data, as a person leaving their account would.
      await page.goto('/subscriptions');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('.user-menu summary').click();
      await page.getByRole('button', { name: 'Log out', exact: true }).click();
      const logInLink = page.getByRole('banner').getByRole('link', { name: 'Log in' });
      await logInLink.waitFor();
      expect(await page.getByRole('banner').textContent()).not.toContain(client.fullName);
      // Clicked at once, before anything the log-out started has settled.
      await logInLink.click();
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await page.getByLabel('Email').isVisible()).toBe(true);
      await expectCleanPage(page);
      // Not even the 401s a stale query of the old user would answer.
      expect(errors).toEqual([]);

      await logIn();
      expect(new URL(page.url()).pathname).toBe('/');
      // The new session's own data loads, not the old user's cache.
      await page.locator('.user-menu summary').click();
      await page.getByRole('link', { name: 'My subscriptions' }).click();
      await page.waitForURL(`${shop.url}/subscriptions`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await expectCleanPage(page);
      expect(errors).toEqual([]);
      await context.close();
    });

    it(`resets a forgotten password from the emailed link (${name})`, async () => {
      const { page, context, errors } = await shop.newPage(viewport);
      const email = `forgetful.${name}@example.test`;
      await shop.db
        .insertInto('users')
        .values({
          email,
          full_name: `Fay ${name}`,
          phone: '+14155550101',
          password_hash: 'unusable',
          email_verified_at: new Date(),
        })
        .execute();
      await page.goto('/login');
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      // The page loads on demand; until then the login form, with its own Email field, is still shown.
      await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Send me a link' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain(`If an account uses ${email}`);
      await expectCleanPage(page);

      const text = await readNewestEmail(page, email);
      const link = /(http\S+\/reset-password\?token=\S+)/.exec(text)?.[1] ?? '';
      await page.goto(onTestServer(link));
      await page.getByLabel('New password', { exact: true }).fill('Harbour-Lantern-2026');
      await page.getByLabel('Type it again').fill('Harbour-Lantern-2025');
      await expect.poll(() => page.getByText('The two passwords differ').isVisible()).toBe(true);
      await expectCleanPage(page);
      await page.getByLabel('Type it again').fill('Harbour-Lantern-2026');
      await page.getByRole('button', { name: 'Set my new password' }).click();

      await page.waitForURL(`${shop.url}/login`);
      await expect.poll(() => page.getByRole('status').textContent()).toContain('Your password was changed');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('Harbour-Lantern-2026');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${shop.url}/`);
      await expect.poll(() => page.getByRole('banner').textContent()).toContain(`Fay ${name}`);

      // The link is single-use.
      await page.goto(onTestServer(link));
      await page.getByLabel('New password', { exact: true }).fill('Another-Lantern-2027');
      await page.getByLabel('Type it again').fill('Another-Lantern-2027');
      await page.getByRole('button', { name: 'Set my new password' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid any more');
      expect(unexpected(errors)).toEqual([]);
      await context.close();
    });
  }

  it('edits the profile: name and phone, and a password change that needs the current one', async () => {
    const { page, context, errors } = await shop.newPage(PHONE);
    const employee = DEMO_LOGINS[1];
    await page.goto('/login?next=/account');
    await page.getByLabel('Email').fill(employee.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    const details = page.getByRole('region', { name: 'Your details' });
    await details.getByLabel('Full name').fill('Eli E. Employee');
    await details.getByLabel('Number').fill('12');
    await expect
      .poll(() => details.getByText('This is not a valid phone number for the chosen country').isVisible())
      .toBe(true);
    await details.getByLabel('Number').fill('020 7946 0958');
    await details.getByRole('button', { name: 'Save details' }).click();
    await expect.poll(() => details.getByRole('status').textContent()).toContain('Your details are saved.');
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Eli E. Employee');
    const row = await shop.db
      .selectFrom('users')
      .select(['full_name', 'phone'])
      .where('email', '=', employee.email)
      .executeTakeFirst();
    expect(row).toEqual({ full_name: 'Eli E. Employee', phone: '+442079460958' });

    const password = page.getByRole('region', { name: 'Password' });
    await password.getByLabel('Current password').fill('not-my-password');
    await password.getByLabel('New password', { exact: true }).fill('Copper-Kettle-Rain-5');
    await password.getByLabel('Type the new password again').fill('Copper-Kettle-Rain-5');
    await password.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => password.getByText('Your current password is not right').isVisible()).toBe(true);
    expect(await password.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
    await expectCleanPage(page);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
});
