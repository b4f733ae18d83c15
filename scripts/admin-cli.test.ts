// npm run admin:create and user:set-role against a test database: once through the npm script's path
// (node scripts/run-ts.mjs → tsx) as a person runs it, otherwise in-process with their own input.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { verifyPassword } from '@damso/auth';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCreate } from './admin-create.ts';
import { testIo } from './lib/test-io.ts';
import { userSetRole } from './user-set-role.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

/** `npm run admin:create -- …` without npm's own banner: the command package.json runs. */
function npmAdminCreate(args: string[], stdin: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'scripts/admin-create.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.url, ENCRYPTION_KEY: '0'.repeat(64) },
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

async function run(
  command: typeof adminCreate,
  args: string[],
  url: string,
  input: { stdin?: string; answers?: string[] } = {},
) {
  const { io, output, errors, questions } = testIo({ DATABASE_URL: url }, input);
  const code = await command(args, io);
  return { code, out: output(), errors: errors(), questions };
}

const userRow = (db: TestDatabase['db'], email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

describe('admin command line', () => {
  it('creates a verified admin with the password from stdin (npm run admin:create)', async () => {
    const r = await npmAdminCreate(
      ['--email', 'Owner@Example.test', '--name', 'Olga Owner', '--password-stdin'],
      'Granite-Lighthouse-7\n',
    );
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain('Created admin owner@example.test');
    const row = await userRow(t.db, 'owner@example.test');
    expect(row?.role).toBe('admin');
    expect(row?.email_verified_at).not.toBeNull();
    expect(await verifyPassword(row?.password_hash ?? '', 'Granite-Lighthouse-7')).toBe(true);
  });

  it('refuses a weak or breached password and writes nothing', async () => {
    for (const [stdin, why] of [
      ['password123', /too easy to guess/],
      ['Password123!', /too easy to guess\. This is similar to a commonly used password/],
      ['aaaaaaaaaa', /too easy to guess/],
      ['Lantern-4417#', /leaked passwords/],
    ] as const) {
      const r = await run(
        adminCreate,
        ['--email', 'weak@example.test', '--name', 'Wes Weak', '--password-stdin'],
        t.url,
        { stdin },
      );
      expect(r.code).toBe(1);
      expect(r.errors).toMatch(why);
    }
    expect(await userRow(t.db, 'weak@example.test')).toBeUndefined();
  });

  it('asks twice for a hidden password, and needs a terminal for it', async () => {
    const args = ['--email', 'typo@example.test', '--name', 'Tim Typo'];
    const differ = await run(adminCreate, args, t.url, { answers: ['Granite-Lighthouse-7', 'Granite-Lighthouse-8'] });
    expect(differ.code).toBe(1);
    expect(differ.questions).toEqual(['Password for the new admin (at least 10 characters): ', 'Type it again: ']);
    expect(differ.errors).toContain('The two passwords differ.');
    const noTerminal = await run(adminCreate, args, t.url);
    expect(noTerminal.code).toBe(1);
    expect(noTerminal.errors).toContain('No terminal to type a password into: pass it with --password-stdin.');
    expect(await userRow(t.db, 'typo@example.test')).toBeUndefined();
  });

  it('changes roles but never demotes the last admin', async () => {
    // Its own database: "the last admin" depends on every admin in it.
    const own = await createTestDatabase();
    try {
      for (const [email, name] of [
        ['solo@example.test', 'Solo Admin'],
        ['second@example.test', 'Sam Second'],
      ] as const) {
        const created = await run(adminCreate, ['--email', email, '--name', name, '--password-stdin'], own.url, {
          stdin: 'Granite-Lighthouse-7',
        });
        expect(created).toMatchObject({ code: 0 });
      }
      const demoted = await run(userSetRole, ['--email', 'second@example.test', '--role', 'client'], own.url);
      expect(demoted).toMatchObject({ code: 0 });
      expect(demoted.out).toContain('second@example.test: admin → client');

      const refused = await run(userSetRole, ['--email', 'solo@example.test', '--role', 'employee'], own.url);
      expect(refused.code).toBe(1);
      expect(refused.errors).toMatch(/last admin/);
      expect((await userRow(own.db, 'solo@example.test'))?.role).toBe('admin');

      const promoted = await run(userSetRole, ['--email', 'second@example.test', '--role', 'employee'], own.url);
      expect(promoted).toMatchObject({ code: 0 });
      expect((await userRow(own.db, 'second@example.test'))?.role).toBe('employee');
      const same = await run(userSetRole, ['--email', 'second@example.test', '--role', 'employee'], own.url);
      expect(same).toMatchObject({ code: 0, out: 'second@example.test already has the role employee.\n' });

      const bad = await run(userSetRole, ['--email', 'second@example.test', '--role', 'boss'], own.url);
      expect(bad.code).toBe(1);
      expect(bad.errors).toMatch(/--role must be one of: client, employee, admin/);
      const nobody = await run(userSetRole, ['--email', 'nobody@example.test', '--role', 'admin'], own.url);
      expect(nobody.code).toBe(1);
      expect(nobody.errors).toContain('No account uses nobody@example.test.');
    } finally {
      await own.drop();
    }
  });
});
