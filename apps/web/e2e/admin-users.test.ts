// Admin console journeys in Chromium: find a user, make them an employee and read it in the audit
// log (desktop); create an employee with field errors and suspend them (phone); retry a failed email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, hasHorizontalScroll, PHONE, type Shop, seriousA11yViolations, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

/** Chromium logs the 409 of each refusal the test provokes on purpose; anything else is a failure. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 409 \(Conflict\)/.test(e));

const roleOf = async (email: string) =>
  await shop.db.selectFrom('users').select(['role', 'status']).where('email', '=', email).executeTakeFirstOrThrow();

describe('admin console', () => {
  it('an admin finds a client, makes them an employee, and the audit log shows it (desktop)', async () => {
    const { page, context, errors } = await shop.newPage(DESKTOP);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Name or email starts with').fill('chloe');
    await expect.poll(() => page.locator('.console-table tbody tr').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe('chloe');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('Role of Chloe Client').selectOption('employee');
    const dialog = page.getByRole('dialog', { name: 'Make Chloe Client an employee?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Chloe Client is now an employee.');
    await expect.poll(() => page.getByLabel('Role of Chloe Client').inputValue()).toBe('employee');
    expect(await roleOf('client@damso.test')).toEqual({ role: 'employee', status: 'active' });

    // The admin's own row offers no suspension, and demoting the only admin is refused with a reason.
    await page.getByLabel('Name or email starts with').fill('admin@');
    await expect
      .poll(() => page.locator('.console-table tbody tr').allTextContents())
      .toEqual([expect.stringContaining('admin@damso.test')]);
    expect(await page.getByRole('button', { name: /Suspend/ }).count()).toBe(0);
    await page.getByLabel('Role of Ada Admin').selectOption('client');
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('This is your own account');
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('This is the last admin: make another account admin first.');
    expect(await page.getByLabel('Role of Ada Admin').inputValue()).toBe('admin');
    expect(await roleOf('admin@damso.test')).toEqual({ role: 'admin', status: 'active' });

    await page.getByRole('navigation', { name: 'Admin console' }).getByRole('link', { name: 'Audit log' }).click();
    const newest = page.locator('.console-table tbody tr').first();
    await expect.poll(() => newest.textContent()).toContain('Role changed to employee');
    const text = await newest.textContent();
    expect(text).toContain('Ada Admin');
    expect(await newest.locator('.diff li').allTextContents()).toEqual(['User role changed from Client to Employee']);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The entity link narrows the log to Chloe's history; a backwards date range is refused by the field.
    const chloe = await shop.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'client@damso.test')
      .executeTakeFirstOrThrow();
    await newest.getByRole('link', { name: `User ${chloe.id}` }).click();
    await expect.poll(() => new URL(page.url()).search).toBe(`?entity=user&id=${chloe.id}`);
    await expect.poll(() => page.locator('.console-table tbody tr').count()).toBe(1);
    await page.getByLabel('From', { exact: true }).fill('2026-11-03');
    await page.getByLabel('To', { exact: true }).fill('2026-11-01');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The end date is before the start date');
    expect(await page.locator('.console-table').count()).toBe(0);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('at phone width an admin creates an employee past field errors, then suspends them, without sideways scroll', async () => {
    const { page, context, errors } = await shop.newPage(PHONE);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin/users');
    await expect.poll(() => page.locator('.console-table tbody tr').count()).toBeGreaterThan(0);
    expect(await hasHorizontalScroll(page)).toBe(false);

    const form = page.locator('.create-employee');
    await form.getByLabel('Full name').fill('Noa Desk');
    await form.getByLabel('Email').fill('employee@damso.test');
    await form.getByLabel('Number').fill('4155550123');
    await form.getByLabel('First password').fill('short');
    await expect.poll(() => form.locator('.field__error').allTextContents()).toEqual(['Use at least 10 characters']);
    await form.getByLabel('First password').fill('desk-lantern-harbour-42');
    await form.getByRole('button', { name: 'Create employee' }).click();
    await expect
      .poll(() => form.locator('.field__error').allTextContents())
      .toEqual(['This email is already registered.']);
    await form.getByLabel('Email').fill('noa.desk@damso.test');
    await form.getByRole('button', { name: 'Create employee' }).click();
    await expect
      .poll(() => form.getByRole('status').textContent())
      .toBe('noa.desk@damso.test can now log in and work the order desk.');
    await expect.poll(() => page.locator('.console-table tbody tr').count()).toBe(1);
    expect(await page.getByLabel('Role of Noa Desk').inputValue()).toBe('employee');
    expect(await page.getByLabel('Name or email starts with').inputValue()).toBe('noa.desk@damso.test');
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Suspend Noa Desk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend Noa Desk?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await roleOf('noa.desk@damso.test')).toEqual({ role: 'employee', status: 'active' });
    await page.getByRole('button', { name: 'Suspend Noa Desk' }).click();
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await expect.poll(() => page.locator('.user-status--suspended').textContent()).toBe('Suspended');
    expect(await roleOf('noa.desk@damso.test')).toEqual({ role: 'employee', status: 'suspended' });

    await page.goto('/admin/audit');
    await expect
      .poll(() => page.locator('.console-table tbody tr').first().textContent())
      .toContain('Account suspended');
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('a failed email is retried from the outbox page', async () => {
    await shop.db
      .insertInto('email_outbox')
      .values({
        to_address: 'lost@example.test',
        template: 'verify-email',
        subject: 'Confirm your email',
        html: '<p>x</p>',
        text: 'x',
        status: 'failed',
        attempts: 8,
        last_error: 'connect ECONNREFUSED 127.0.0.1:25',
      })
      .execute();
    const { page, context, errors } = await shop.newPage(PHONE);
    await shop.loginAs(context, 'admin@damso.test');
    await page.goto('/admin/outbox?status=failed');
    await page.getByRole('button', { name: 'Retry “Confirm your email” to lost@example.test' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Queued again: the worker sends it within a minute.');
    await expect.poll(() => page.getByText('No emails here.').count()).toBe(1);
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
