// npm run user:set-role -- --email someone@example.com --role employee
// Roles: client, employee, admin. The last admin cannot be demoted, so the shop always has one.
import { parseArgs } from 'node:util';
import { LastAdminError, setUserRole } from '@damso/api';
import { createDb } from '@damso/db';
import { emailField, ROLES, type Role } from '@damso/validators';
import { type CliIo, exitCode, isEntryPoint, runAsEntryPoint, stop } from './lib/cli.ts';

export function userSetRole(args: string[], io: CliIo): Promise<number> {
  return exitCode(io, async () => {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, role: { type: 'string' } } });
    const email = emailField.safeParse(values.email ?? '');
    if (!email.success) stop(`--email: ${email.error.issues[0]?.message ?? 'invalid'}`);
    const role = values.role as Role;
    if (!ROLES.includes(role)) stop(`--role must be one of: ${ROLES.join(', ')}`);
    const url = io.env.DATABASE_URL;
    if (!url) stop('DATABASE_URL is not set (run through npm run user:set-role).');

    const db = createDb(url, { connectionLimit: 2 });
    try {
      const result = await setUserRole(db, email.data, role);
      if (!result) stop(`No account uses ${email.data}.`);
      io.stdout.write(
        result.before === role
          ? `${email.data} already has the role ${role}.\n`
          : `✔ ${email.data}: ${result.before} → ${role}. It applies from their next request.\n`,
      );
    } catch (error) {
      if (error instanceof LastAdminError) stop(error.message);
      throw error;
    } finally {
      await db.destroy();
    }
  });
}

if (isEntryPoint(import.meta.url)) await runAsEntryPoint(userSetRole);
