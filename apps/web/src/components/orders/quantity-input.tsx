import { MAX_QUANTITY } from '@damso/validators';

/** A 1..10 stepper; the buttons keep it usable on phones, the select keeps it keyboard friendly. */
export function QuantityInput({
  value,
  label,
  onChange,
  disabled,
}: {
  value: number;
  label: string;
  onChange: (quantity: number) => void;
  disabled?: boolean;
}) {
  return (
    <div className="qty">
      <button
        type="button"
        aria-label={`One less ${label}`}
        disabled={disabled || value <= 1}
        onClick={() => onChange(value - 1)}
      >
        −
      </button>
      <select
        aria-label={`Quantity of ${label}`}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {Array.from({ length: MAX_QUANTITY }, (_, i) => i + 1).map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <button
        type="button"
        aria-label={`One more ${label}`}
        disabled={disabled || value >= MAX_QUANTITY}
        onClick={() => onChange(value + 1)}
      >
        +
      </button>
    </div>
  );
}
