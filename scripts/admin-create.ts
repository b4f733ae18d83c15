// npm run admin:create -- --email you@example.com --name "Your Name" [--phone +33612345678] [--password-stdin]
// Creates an admin, or promotes an existing account to admin. The password is asked for (hidden),
// or read from stdin; an existing account keeps its password when none is given on stdin.
import { parseArgs } from 'node:util';
import { breachedPasswordProblem, upsertAdmin } from '@damso/api';
import { createDb } from '@damso/db';
import { emailField, fullNameField, newPasswordField, toE164 } from '@damso/validators';
import { type CliIo, exitCode, isEntryPoint, runAsEntryPoint, stop } from './lib/cli.ts';

export function adminCreate(args: string[], io: CliIo): Promise<number> {
  return exitCode(io, async () => {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        phone: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
      },
    });

    const email = emailField.safeParse(values.email ?? '');
    if (!email.success) stop(`--email: ${email.error.issues[0]?.message ?? 'invalid'}`);
    const url = io.env.DATABASE_URL;
    if (!url) stop('DATABASE_URL is not set (run through npm run admin:create).');
    const db = createDb(url, { connectionLimit: 2 });

    try {
      const existing = await db
        .selectFrom('users')
        .select(['full_name', 'phone'])
        .where('email', '=', email.data)
        .executeTakeFirst();
      const name = fullNameField.safeParse(values.name ?? existing?.full_name ?? '');
      if (!name.success) stop(`--name: ${name.error.issues[0]?.message ?? 'invalid'}`);
      let phone = existing?.phone ?? '';
      if (values.phone) {
        const e164 = toE164(values.phone, 'US');
        if (!e164) stop('--phone: give the number in international form, like +33612345678');
        phone = e164;
      }

      let password: string | null = null;
      if (values['password-stdin']) {
        password = await io.readStdin();
      } else if (!existing) {
        const prompt = io.promptHidden;
        if (!prompt) stop('No terminal to type a password into: pass it with --password-stdin.');
        password = await prompt('Password for the new admin (at least 10 characters): ');
        if ((await prompt('Type it again: ')) !== password) stop('The two passwords differ.');
      }
      if (password !== null) {
        const checked = await newPasswordField.safeParseAsync(password);
        if (!checked.success) stop(`Password: ${checked.error.issues[0]?.message ?? 'invalid'}`);
        const breached = breachedPasswordProblem(password);
        if (breached) stop(`Password: ${breached}`);
      }

      const result = await upsertAdmin(db, {
        email: email.data,
        fullName: name.data,
        password,
        phone,
        now: new Date(),
      });
      io.stdout.write(
        result.created
          ? `✔ Created admin ${email.data}. Log in with this email and the password you chose.\n`
          : `✔ ${email.data} is now an admin${password ? ' with the new password (other sessions ended)' : ''}.\n`,
      );
    } finally {
      await db.destroy();
    }
  });
}

if (isEntryPoint(import.meta.url)) await runAsEntryPoint(adminCreate);
