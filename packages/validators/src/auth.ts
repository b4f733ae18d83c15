// Account forms: one zod schema per form, used by the web form (live validation) and by the API.
import { type CountryCode, getCountries, parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

export const PASSWORD_MIN = 10;
// Argon2 accepts long inputs, but hashing megabytes on request is a cheap denial of service.
export const PASSWORD_MAX = 128;

const COUNTRIES = new Set<string>(getCountries());

export const emailField = z
  .string({ error: 'Enter your email address' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address')
  .max(254, 'An email address is at most 254 characters')
  .pipe(z.email('Enter a valid email address, like name@example.com'));

export const fullNameField = z
  .string({ error: 'Enter your full name' })
  .trim()
  .min(2, 'Enter your full name (at least 2 characters)')
  .max(100, 'Your name is at most 100 characters');

/** zxcvbn and its dictionaries, fetched on first use: pages without a password field never load them. */
export const loadPasswordStrength = () => import('./password-strength.ts');

/**
 * A password being chosen: length, then zxcvbn's guessability score. The check is asynchronous (it
 * loads zxcvbn), so forms and procedures parse with `parseAsync`, as tRPC and the form resolver do.
 * The API also refuses breached passwords, from a list only the server holds.
 */
export const newPasswordField = z
  .string({ error: 'Choose a password' })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`)
  .superRefine(async (password, ctx) => {
    // The length message alone is clearer, and the bound keeps long inputs away from zxcvbn.
    if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) return;
    const { problem } = (await loadPasswordStrength()).ratePassword(password);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Any password typed to log in: only bounded, never judged (old accounts may predate the rules). */
export const currentPasswordField = z
  .string({ error: 'Enter your password' })
  .min(1, 'Enter your password')
  .max(PASSWORD_MAX, `A password is at most ${PASSWORD_MAX} characters`);

export const phoneCountryField = z
  .string({ error: 'Choose a country' })
  .refine((c) => COUNTRIES.has(c), 'Choose a country from the list');

export const phoneField = z
  .string({ error: 'Enter your phone number' })
  .trim()
  .min(1, 'Enter your phone number')
  .max(30, 'A phone number is at most 30 characters');

/** The number in E.164 (+14155550101) when it is a real, dialable number for that country; else null. */
export function toE164(phone: string, country: string): string | null {
  if (!COUNTRIES.has(country)) return null;
  const parsed = parsePhoneNumberFromString(phone, country as CountryCode);
  return parsed?.isValid() ? parsed.number : null;
}

// Runs even when other fields fail, so every field's message shows at once.
const bothPhoneFields = {
  when: (payload: { value: unknown }) => {
    const v = payload.value as { phone?: unknown; phoneCountry?: unknown } | undefined;
    return typeof v?.phone === 'string' && typeof v.phoneCountry === 'string';
  },
};
function checkPhone(v: { phone: string; phoneCountry: string }, ctx: z.RefinementCtx) {
  if (v.phone.trim() && COUNTRIES.has(v.phoneCountry) && !toE164(v.phone, v.phoneCountry)) {
    ctx.addIssue({
      code: 'custom',
      path: ['phone'],
      message: 'This is not a valid phone number for the chosen country',
    });
  }
}

export const signUpInput = z
  .object({
    fullName: fullNameField,
    email: emailField,
    phoneCountry: phoneCountryField,
    phone: phoneField,
    password: newPasswordField,
  })
  .superRefine(checkPhone, bothPhoneFields);
export type SignUpInput = z.input<typeof signUpInput>;

export const logInInput = z.object({ email: emailField, password: currentPasswordField });
export type LogInInput = z.input<typeof logInInput>;

export const checkEmailInput = z.object({ email: emailField });

export const verifyCodeInput = z.object({
  code: z
    .string({ error: 'Enter the 6-digit code' })
    .trim()
    .regex(/^\d{6}$/, 'The code is the 6 digits from the email'),
});
export type VerifyCodeInput = z.input<typeof verifyCodeInput>;

// Tokens are 32 bytes in base32 (52 characters); the bounds only keep junk out of the hash function.
const tokenField = z
  .string({ error: 'The link is incomplete' })
  .trim()
  .min(20, 'The link is incomplete: open it again from the email')
  .max(100, 'The link is not valid');

export const verifyLinkInput = z.object({ token: tokenField });

export const requestPasswordResetInput = z.object({ email: emailField });
export type RequestPasswordResetInput = z.input<typeof requestPasswordResetInput>;

export const resetPasswordInput = z
  .object({ token: tokenField, password: newPasswordField, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords differ' });
export type ResetPasswordInput = z.input<typeof resetPasswordInput>;

export const updateProfileInput = z
  .object({ fullName: fullNameField, phoneCountry: phoneCountryField, phone: phoneField })
  .superRefine(checkPhone, bothPhoneFields);
export type UpdateProfileInput = z.input<typeof updateProfileInput>;

export const changePasswordInput = z
  .object({ currentPassword: currentPasswordField, newPassword: newPasswordField, confirm: z.string() })
  .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: 'The two passwords differ' })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a password different from the current one',
  });
export type ChangePasswordInput = z.input<typeof changePasswordInput>;

export const changeEmailInput = z.object({ newEmail: emailField, currentPassword: currentPasswordField });
export type ChangeEmailInput = z.input<typeof changeEmailInput>;
