// Admin user management through createCaller on a real database: list filters and pages, new
// employees, role changes, suspension, the last-admin guard and the audit rows behind each change.
import { createSession, validateSessionToken } from '@damso/auth';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser, refusalOf } from '../../testing/index.ts';
import { LastAdminError, setUserStatus } from './users.ts';

let t: TestDatabase;
let admin: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { role: 'admin', email: 'first.admin@example.test' });
});
afterAll(() => t.drop());

/** A shop of its own, for tests about the set of admins: nobody else's admins can join it. */
async function ownShop() {
  const own = await createTestDatabase();
  onTestFinished(() => own.drop());
  return { db: own.db, admin: await createTestUser(own.db, { role: 'admin' }) };
}

const auditFor = (userId: number) =>
  t.db
    .selectFrom('audit_log')
    .select(['actor_id', 'action', 'before_json', 'after_json', 'ip'])
    .where('entity_type', '=', 'user')
    .where('entity_id', '=', String(userId))
    .orderBy('id')
    .execute();

const employeeForm = {
  fullName: 'Mina Park',
  email: 'Mina.Park@Example.test',
  phoneCountry: 'US',
  phone: '(415) 555-0199',
  password: 'quiet-harbour-lantern-7',
};

describe('admin.users.createEmployee', () => {
  it('refuses each bad field with the sign-up rules, by name', async () => {
    const bad = await refusalOf(
      callerFor(t.db, admin).admin.users.createEmployee({
        fullName: 'M',
        email: 'not-an-email',
        phoneCountry: 'US',
        phone: '123',
        password: 'password123',
      }),
    );
    expect(bad?.code).toBe('BAD_REQUEST');
    expect(bad?.fields).toEqual({
      fullName: 'Enter your full name (at least 2 characters)',
      email: 'Enter a valid email address, like name@example.com',
      phone: 'This is not a valid phone number for the chosen country',
      password:
        'This password is too easy to guess. This is a commonly used password. Add more words that are less common.',
    });
    expect(await t.db.selectFrom('users').select('id').where('full_name', '=', 'M').execute()).toEqual([]);
  });

  it('creates a verified employee who can log in at once, audited; a second one with that email is refused', async () => {
    const { id } = await callerFor(t.db, admin).admin.users.createEmployee(employeeForm);
    const row = await t.db
      .selectFrom('users')
      .select(['email', 'phone', 'role', 'status', 'email_verified_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: 'mina.park@example.test', phone: '+14155550199', role: 'employee' });
    expect(row.email_verified_at).not.toBeNull();
    const login = await callerFor(t.db, null).auth.logIn({
      email: 'mina.park@example.test',
      password: employeeForm.password,
    });
    expect(login.user).toMatchObject({ role: 'employee', emailVerified: true });
    const [audit] = await auditFor(id);
    expect(audit).toMatchObject({ actor_id: admin.id, action: 'user.created', before_json: null, ip: '127.0.0.1' });
    expect(JSON.parse(audit?.after_json ?? '{}')).toMatchObject({ role: 'employee', email: 'mina.park@example.test' });

    const again = await refusalOf(callerFor(t.db, admin).admin.users.createEmployee(employeeForm));
    expect(again).toMatchObject({ code: 'CONFLICT', fields: { email: 'This email is already registered.' } });
  });
});

describe('admin.users.list', () => {
  it('searches by email or name prefix, filters by role and status, newest first', async () => {
    const list = callerFor(t.db, admin).admin.users.list;
    const employee = await createTestUser(t.db, { role: 'employee', email: 'ella.lookup@example.test' });
    const zed = await createTestUser(t.db, { email: 'zed.lookup@example.test' });
    await t.db.updateTable('users').set({ full_name: 'Zora Lookup' }).where('id', '=', zed.id).execute();
    const other = await createTestUser(t.db, { email: 'zora.lookalike@example.test' });
    expect((await list({ q: 'zed.look' })).users.map((u) => u.email)).toEqual(['zed.lookup@example.test']);
    // "Zora" is the start of one user's name and of the other's email.
    expect((await list({ q: 'Zora' })).users.map((u) => u.email)).toEqual([other.email, zed.email]);
    // A wildcard typed in the box is a character, not "anything".
    expect((await list({ q: '%' })).users).toEqual([]);
    const byRole = await list({ role: 'employee' });
    expect(byRole.users.every((u) => u.role === 'employee')).toBe(true);
    expect(byRole.users.map((u) => u.email)).toContain(employee.email);
    const listed = (await list({ q: 'zed.lookup' })).users[0];
    expect(Object.keys(listed ?? {}).sort()).toEqual(
      ['createdAt', 'email', 'emailVerified', 'emailVerifiedAt', 'fullName', 'id', 'phone', 'role', 'status'].sort(),
    );
  });

  it('pages by page size, with an empty page past the end and a typed error for page 0', async () => {
    const list = callerFor(t.db, admin).admin.users.list;
    for (let i = 0; i < 5; i += 1) await createTestUser(t.db, { email: `pager-${i}@example.test` });
    const first = await list({ q: 'pager-', pageSize: 2 });
    expect(first).toMatchObject({ total: 5, page: 1, pageCount: 3 });
    expect(first.users.map((u) => u.email)).toEqual(['pager-4@example.test', 'pager-3@example.test']);
    const last = await list({ q: 'pager-', pageSize: 2, page: 3 });
    expect(last.users.map((u) => u.email)).toEqual(['pager-0@example.test']);
    expect((await list({ q: 'pager-', pageSize: 2, page: 4 })).users).toEqual([]);
    expect(await refusalOf(list({ page: 0 }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: { page: 'Pages start at 1' },
    });
    expect(await refusalOf(list({ role: 'owner' as 'admin' }))).toMatchObject({
      fields: { role: 'Choose a role from the list' },
    });
  });
});

describe('roles and suspension', () => {
  it('the only admin can neither demote nor suspend themself, with clear messages', async () => {
    const { db, admin } = await ownShop();
    const users = callerFor(db, admin).admin.users;
    expect(await refusalOf(users.setRole({ userId: admin.id, role: 'employee' }))).toMatchObject({
      code: 'CONFLICT',
      message: 'This is the last admin: make another account admin first.',
    });
    expect(await refusalOf(users.suspend({ userId: admin.id }))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'You cannot suspend your own account.',
    });
    await expect(setUserStatus(db, admin.id, 'suspended')).rejects.toBeInstanceOf(LastAdminError);
    const row = await db.selectFrom('users').select(['role', 'status']).where('id', '=', admin.id).executeTakeFirst();
    expect(row).toEqual({ role: 'admin', status: 'active' });
  });

  it('makes a client an employee and back, each change audited with before and after', async () => {
    const client = await createTestUser(t.db);
    const users = callerFor(t.db, admin).admin.users;
    expect(await users.setRole({ userId: client.id, role: 'employee' })).toEqual({ id: client.id, role: 'employee' });
    // The client's next request already carries the new role.
    expect(await callerFor(t.db, { ...client, role: 'employee' }).desk.counts()).toMatchObject({ paid: 0 });
    await users.setRole({ userId: client.id, role: 'client' });
    const audit = await auditFor(client.id);
    expect(
      audit.map((a) => [a.actor_id, a.action, JSON.parse(a.before_json ?? 'null'), JSON.parse(a.after_json ?? 'null')]),
    ).toEqual([
      [admin.id, 'user.role_changed', { role: 'client' }, { role: 'employee' }],
      [admin.id, 'user.role_changed', { role: 'employee' }, { role: 'client' }],
    ]);
    expect(await refusalOf(users.setRole({ userId: 99_999_999, role: 'client' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('suspension ends the user’s sessions at once; reactivation lets them log in again', async () => {
    const client = await createTestUser(t.db);
    const now = new Date();
    const a = await createSession(t.db, client.id, now);
    const b = await createSession(t.db, client.id, now);
    const users = callerFor(t.db, admin, { clock: () => now }).admin.users;
    expect(await users.suspend({ userId: client.id })).toMatchObject({ status: 'suspended', sessionsEnded: 2 });
    expect(await validateSessionToken(t.db, a.token, now)).toBeNull();
    expect(await validateSessionToken(t.db, b.token, now)).toBeNull();
    expect((await users.list({ q: client.email })).users[0]?.status).toBe('suspended');
    await users.reactivate({ userId: client.id });
    expect((await users.list({ q: client.email, status: 'active' })).users).toHaveLength(1);
    expect((await auditFor(client.id)).map((r) => [r.action, JSON.parse(r.before_json ?? 'null')])).toEqual([
      ['user.suspended', { status: 'active' }],
      ['user.reactivated', { status: 'suspended' }],
    ]);
  });

  it('with a second admin, either may step down, but not both at once', async () => {
    const { db, admin } = await ownShop();
    const second = await createTestUser(db, { role: 'admin' });
    const results = await Promise.allSettled([
      callerFor(db, admin).admin.users.setRole({ userId: second.id, role: 'employee' }),
      callerFor(db, second).admin.users.setRole({ userId: admin.id, role: 'employee' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const admins = await db.selectFrom('users').select('id').where('role', '=', 'admin').execute();
    expect(admins).toHaveLength(1);
  });

  it('a suspended admin can be demoted while another admin is active', async () => {
    const second = await createTestUser(t.db, { role: 'admin' });
    const users = callerFor(t.db, admin).admin.users;
    await users.suspend({ userId: second.id });
    expect(await users.setRole({ userId: second.id, role: 'client' })).toEqual({ id: second.id, role: 'client' });
  });
});
