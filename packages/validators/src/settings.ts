// The admin's shop settings (one form, one procedure), shared by the web form (live validation) and the API.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { emailField, phoneCountryField, toE164 } from './auth.ts';
import { paymentInstructionsInput } from './orders.ts';
import { reminderDaysInput } from './subscriptions.ts';

/** Used until an admin saves their own; the env may override the two the server has always read from it. */
export const DEFAULT_UNPAID_ORDER_HOURS = 48;
export const DEFAULT_EMAIL_DAILY_CAP = 2000;
export const MAX_UNPAID_ORDER_HOURS = 720;
export const MAX_EMAIL_DAILY_CAP = 1_000_000;

/** ISO 13616: move the country and check digits to the end, letters become 10..35, and the number mod 97 is 1. */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const digits = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  // Piecewise, because the number is far beyond a double's precision.
  for (const digit of digits) rest = (rest * 10 + Number(digit)) % 97;
  return rest === 1;
}

/** "de89 3704 0044 0532 0130 00" → "DE89370400440532013000": how an IBAN is stored and compared. */
export const compactIban = (text: string) => text.replace(/[\s-]/g, '').toUpperCase();

/** "DE89370400440532013000" → "DE89 3704 0044 0532 0130 00", the way banks print it. */
export const formatIban = (iban: string) => iban.replace(/(.{4})(?=.)/g, '$1 ');

// The form types text, the API's callers (and the form, once checked) send the number.
const wholeNumber = (label: string, min: number, max: number) =>
  z
    .union([z.number(), z.string()], { error: `Enter the ${label} as a whole number.` })
    .transform((v, ctx) => {
      const n = typeof v === 'number' ? v : /^\s*\d{1,7}\s*$/.test(v) ? Number(v) : Number.NaN;
      if (!Number.isInteger(n)) {
        ctx.addIssue({ code: 'custom', message: `Enter the ${label} as a whole number.` });
        return z.NEVER;
      }
      return n;
    })
    .refine((n) => n >= min && n <= max, `The ${label} is from ${min} to ${max.toLocaleString('en')}.`);

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export const shopSettingsInput = z
  .object({
    shopName: z.string().trim().min(1, 'Enter the shop name.').max(100, 'The shop name is at most 100 characters.'),
    // Optional: a shop may give only a phone, or neither until it has one.
    contactEmail: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, 'An email address is at most 254 characters')
      .refine((v) => v === '' || emailField.safeParse(v).success, 'Enter a valid email address, like name@example.com'),
    phoneCountry: phoneCountryField,
    phone: z.string().trim().max(30, 'A phone number is at most 30 characters'),
    paymentInstructions: paymentInstructionsInput.shape.text,
    bankAccountHolder: z.string().trim().max(100, 'The account holder is at most 100 characters.'),
    bankIban: z.string().transform(compactIban),
    bankBic: z
      .string()
      .transform((t) => t.replace(/\s/g, '').toUpperCase())
      .refine((t) => t === '' || /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(t), 'A BIC is 8 or 11 letters and digits.'),
    reminderDays: reminderDaysInput.shape.days,
    unpaidOrderHours: wholeNumber('deadline', 1, MAX_UNPAID_ORDER_HOURS),
    emailDailyCap: wholeNumber('daily cap', 0, MAX_EMAIL_DAILY_CAP),
  })
  // Runs even when other fields fail, so every field's message shows at once (those fields may be unparsed).
  .superRefine(
    (v, ctx) => {
      const phone = str(v.phone);
      const iban = str(v.bankIban);
      if (phone && !toE164(phone, str(v.phoneCountry))) {
        ctx.addIssue({
          code: 'custom',
          path: ['phone'],
          message: 'This is not a valid phone number for the chosen country',
        });
      }
      if (iban && !isValidIban(iban)) {
        ctx.addIssue({
          code: 'custom',
          path: ['bankIban'],
          message: 'This IBAN is mistyped: its check digits do not match.',
        });
      }
      // Half a bank account would send clients' money nowhere: both or neither.
      if (iban && !str(v.bankAccountHolder)) {
        ctx.addIssue({ code: 'custom', path: ['bankAccountHolder'], message: 'Enter whose account the IBAN is.' });
      }
      if (!iban && (str(v.bankAccountHolder) || str(v.bankBic))) {
        ctx.addIssue({ code: 'custom', path: ['bankIban'], message: 'Enter the IBAN of this account.' });
      }
    },
    { when: () => true },
  );
export type ShopSettingsInput = z.input<typeof shopSettingsInput>;
export type ShopSettingsValues = z.output<typeof shopSettingsInput>;

/** "+14155550101" → the country and the number as its country writes it, for the phone fields. */
export function splitPhone(e164: string): { phoneCountry: string | null; phone: string } {
  const parsed = e164 ? parsePhoneNumberFromString(e164) : undefined;
  return parsed
    ? { phoneCountry: parsed.country ?? null, phone: parsed.formatNational() }
    : { phoneCountry: null, phone: '' };
}
