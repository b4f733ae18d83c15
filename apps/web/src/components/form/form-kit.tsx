// The form kit every form uses: a labelled field whose hint and error are tied to its control
// (aria-describedby, aria-invalid), a checkbox, the form's own message (FormError, an Alert) and the submit
// button with its busy state. submit.ts runs a submit and puts the server's refusals where they belong.
// The phone field and the password strength hint have files of their own, so a page that uses neither
// never loads the phone metadata.
import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode } from 'react';
import { useId } from 'react';
import { Alert } from './alert.tsx';

/** What a control inside a Field needs to be tied to its label, hint and error. */
export interface FieldControl {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'children'> {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  /** Extra content under the control, inside the described-by region (e.g. a strength meter). */
  after?: ReactNode;
  /** Another control than a text input (select, textarea, file), given the ids and aria props to spread. */
  children?: (control: FieldControl) => ReactNode;
}

/**
 * A label, its control (an input unless `children` renders another), a hint and an error. The error
 * is announced when it appears (role="alert"), and read again with the control when it gets focus.
 */
export function Field({ label, error, hint, after, id, children, ...input }: FieldProps) {
  const auto = useId();
  const controlId = id ?? auto;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const hasHint = Boolean(hint || after);
  const control: FieldControl = {
    id: controlId,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': [hasHint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined,
  };
  return (
    <div className="field">
      <label htmlFor={controlId}>{label}</label>
      {children ? children(control) : <input {...control} {...input} />}
      {hasHint ? (
        <div id={hintId} className="field__hint">
          {hint}
          {after}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A checkbox with its label beside it. */
export function Checkbox({ label, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode }) {
  return (
    <label className="checkbox">
      <input type="checkbox" {...input} /> {label}
    </label>
  );
}

/** The server's answer that found no field of its own (submitForm puts it in `root.server`). */
export function FormError({
  form,
}: {
  form: { formState: { errors: { root?: Record<string, { message?: string }> } } };
}) {
  const message = form.formState.errors.root?.server?.message;
  return message ? <Alert kind="error">{message}</Alert> : null;
}

interface SubmitButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** True while the form is being sent: the button is disabled and may say so (`busyLabel`). */
  busy: boolean;
  busyLabel?: string;
  variant?: 'primary' | 'ghost' | 'danger';
}

export function SubmitButton({
  busy,
  busyLabel,
  variant = 'primary',
  disabled,
  children,
  ...button
}: SubmitButtonProps) {
  return (
    <button
      type="submit"
      className={variant === 'primary' ? 'button' : `button button--${variant}`}
      disabled={busy || disabled}
      {...button}
    >
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
