// The phone number as country plus number, for the forms that ask for one. Its own file: the phone
// metadata (libphonenumber-js) loads with these forms only.
import { AsYouType, type CountryCode, getCountries, getCountryCallingCode } from 'libphonenumber-js';
import { useId, useMemo } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';

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
  legend = 'Phone number',
  hint = 'Choose your country, then type your number. We only call about your orders.',
}: {
  form: UseFormReturn<T>;
  legend?: string;
  hint?: string;
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
      <legend>{legend}</legend>
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
        {hint}
      </p>
      {countryError ? (
        <p id={`${id}-country-error`} className="field__error" role="alert">
          {countryError}
        </p>
      ) : null}
      {phoneError ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {phoneError}
        </p>
      ) : null}
    </fieldset>
  );
}
