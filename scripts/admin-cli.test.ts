// npm run admin:create and user:set-role, run as a person would (through tsx), against a test database.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { verifyPassword } from '@damso/auth';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

function cli(script: string, args: string[], stdin = ''): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'scripts', script), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.url },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.stdin.end(stdin);
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

const userRow = (email: string) => t.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

describe('admin command line', () => {
  it('creates a verified admin with the password from stdin', async () => {
    const r = await cli(
      'admin-create.ts',
      ['--email', 'Owner@Example.test', '--name', 'Olga Owner', '--password-stdin'],
      'Granite-Lighthouse-7\n',
    );
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain('Created admin owner@example.test');
    const row = await userRow('owner@example.test');
    expect(row?.role).toBe('admin');
    expect(row?.email_verified_at).not.toBeNull();
    expect(await verifyPassword(row?.password_hash ?? '', 'Granite-Lighthouse-7')).toBe(true);
  });

  it('refuses a weak password and writes nothing', async () => {
    const r = await cli(
      'admin-create.ts',
      ['--email', 'weak@example.test', '--name', 'Wes Weak', '--password-stdin'],
      'password123\n',
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/too common/);
    expect(await userRow('weak@example.test')).toBeUndefined();
  });

  it('changes roles but never demotes the last admin', async () => {
    await cli(
      'admin-create.ts',
      ['--email', 'solo@example.test', '--name', 'Solo Admin', '--password-stdin'],
      'Granite-Lighthouse-7',
    );
    await t.db.updateTable('users').set({ role: 'client' }).where('email', '=', 'owner@example.test').execute();
    const refused = await cli('user-set-role.ts', ['--email', 'solo@example.test', '--role', 'employee']);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/last admin/);
    expect((await userRow('solo@example.test'))?.role).toBe('admin');
    const promoted = await cli('user-set-role.ts', ['--email', 'owner@example.test', '--role', 'employee']);
    expect(promoted).toMatchObject({ code: 0 });
    expect((await userRow('owner@example.test'))?.role).toBe('employee');
    const bad = await cli('user-set-role.ts', ['--email', 'owner@example.test', '--role', 'boss']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/--role must be one of: client, employee, admin/);
  });
});
