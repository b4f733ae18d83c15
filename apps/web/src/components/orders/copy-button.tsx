// Copies one payment detail (IBAN, amount, reference) so a client does not retype it into a bank app.
import { toast } from '../toaster.tsx';

/** `label` names what is copied, for the button's accessible name ("Copy reference"). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  return (
    <button
      type="button"
      className="button button--ghost copy-button"
      aria-label={`Copy ${label}`}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          toast.success('Copied');
        } catch {
          // No clipboard permission or an insecure origin: the value is on screen to select by hand.
          toast.error(`Could not copy the ${label}. Select it and copy it by hand.`);
        }
      }}
    >
      Copy
    </button>
  );
}

/** The amount as a bank form wants it: digits and a dot, no currency sign (1234 USD cents → "12.34"). */
export function plainAmount(cents: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (cents / 10 ** digits).toFixed(digits);
}
