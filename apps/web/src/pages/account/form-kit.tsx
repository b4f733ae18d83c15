// Form pieces shared by the account pages: labelled fields whose errors are tied to the input
// (aria-invalid, aria-describedby), the phone field, the password strength hint, and server errors.
import { loadPasswordStrength, PASSWORD_MIN } from '@damso/validators';
import { AsYouType, type CountryCode, getCountries, getCountryCallingCode } from 'libphonenumber-js';
import { type InputHTMLAttributes, type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  error?: string;
  hint?: ReactNode;
  /** Extra content under the input, inside the described-by region (e.g. a strength meter). */
  after?: ReactNode;
}

export function Field({ label, error, hint, after, id, ...input }: FieldProps) {
  const auto = useId();
  const inputId = id ?? auto;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint || after ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint || after ? (
        <div id={hintId} className="field__hint">
          {hint}
          {after}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type RatePassword = Awaited<ReturnType<typeof loadPasswordStrength>>['ratePassword'];

/**
 * zxcvbn's verdict as the password is typed. Its dictionaries (about 850 KB) load with the first
 * character typed, not with the form: someone who opens the page and leaves never downloads them.
 */
export function StrengthHint({ password }: { password: string }) {
  const [rate, setRate] = useState<RatePassword | null>(null);
  const typing = password !== '';
  useEffect(() => {
    if (!typing || rate) return;
    let live = true;
    loadPasswordStrength()
      .then((m) => live && setRate(() => m.ratePassword))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [typing, rate]);
  if (!password) return <span>At least 10 characters. A few unrelated words make a strong password.</span>;
  const rating =
    password.length < PASSWORD_MIN
      ? { score: 0, label: 'Too short' }
      : rate
        ? rate(password)
        : { score: 0, label: '…' };
  return (
    <span className="strength">
      <span className={`strength__bar strength__bar--${rating.score}`} aria-hidden="true">
        <span />
      </span>
      <span>Strength: {rating.label}</span>
    </span>
  );
}

function guessCountry(): CountryCode {
  const region = (navigator.languages?.[0] ?? navigator.language ?? '').split('-')[1]?.toUpperCase();
  return getCountries().includes(region as CountryCode) ? (region as CountryCode) : 'US';
}
export const DEFAULT_COUNTRY = typeof navigator === 'undefined' ? 'US' : guessCountry();

function useCountryOptions() {
  return useMemo(() => {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    return getCountries()
      .map((code) => ({ code, label: `${names.of(code) ?? code} (+${getCountryCallingCode(code)})` }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, []);
}

/** Country picker plus number, formatted as typed; a number typed with +NN picks its country. */
export function PhoneFields<T extends FieldValues & { phone: string; phoneCountry: string }>({
  form,
}: {
  form: UseFormReturn<T>;
}) {
  const id = useId();
  const options = useCountryOptions();
  const { register, setValue, watch, formState } = form;
  const country = watch('phoneCountry' as Path<T>) as string;
  const phoneError = formState.errors.phone?.message as string | undefined;
  const countryError = formState.errors.phoneCountry?.message as string | undefined;
  const phone = register('phone' as Path<T>);
  return (
    <fieldset className="field phone-field">
      <legend>Phone number</legend>
      <div className="phone-field__row">
        <div className="phone-field__country">
          <label htmlFor={`${id}-country`} className="visually-hidden">
            Country
          </label>
          <select
            id={`${id}-country`}
            autoComplete="tel-country-code"
            aria-invalid={countryError ? true : undefined}
            aria-describedby={countryError ? `${id}-country-error` : undefined}
            {...register('phoneCountry' as Path<T>, {
              onChange: () => form.trigger('phone' as Path<T>),
            })}
          >
            {options.map((o) => (
              <option key={o.code} value={o.code}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="phone-field__number">
          <label htmlFor={`${id}-number`} className="visually-hidden">
            Number
          </label>
          <input
            id={`${id}-number`}
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            aria-invalid={phoneError ? true : undefined}
            aria-describedby={`${id}-hint${phoneError ? ` ${id}-error` : ''}`}
            {...phone}
            onChange={(event) => {
              const typer = new AsYouType(country as CountryCode);
              const raw = event.target.value;
              // Formatting while deleting would put back the separator just removed.
              const deleting = raw.length < String(form.getValues('phone' as Path<T>) ?? '').length;
              const formatted = deleting ? raw : typer.input(raw);
              const detected = typer.getCountry();
              if (raw.startsWith('+') && detected && detected !== country) {
                setValue('phoneCountry' as Path<T>, detected as T[Path<T>]);
              }
              event.target.value = formatted;
              return phone.onChange(event);
            }}
          />
        </div>
      </div>
      <p id={`${id}-hint`} className="field__hint">
        Choose your country, then type your number. We only call about your orders.
      </p>
      {countryError ? (
        <p id={`${id}-country-error`} className="field__error">
          {countryError}
        </p>
      ) : null}
      {phoneError ? (
        <p id={`${id}-error`} className="field__error">
          {phoneError}
        </p>
      ) : null}
    </fieldset>
  );
}

interface ServerError {
  message: string;
  data?: { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | null;
}

/** Puts the server's field errors next to their fields; returns what is left for the form's alert. */
export function applyServerError<T extends FieldValues>(form: UseFormReturn<T>, error: ServerError): string | null {
  const fields = error.data?.zodError?.fieldErrors ?? {};
  let placed = false;
  for (const [name, messages] of Object.entries(fields)) {
    if (messages?.[0] && name in form.getValues()) {
      form.setError(name as Path<T>, { type: 'server', message: messages[0] }, { shouldFocus: !placed });
      placed = true;
    }
  }
  return placed ? null : error.message;
}

export function Alert({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ReactNode }) {
  return (
    <div className={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
