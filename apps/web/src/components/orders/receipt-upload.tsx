// Uploads a payment receipt to the HTTP route (files do not go through tRPC). The browser checks size
// and type for a quick answer; the server checks the bytes again.
import { RECEIPT_MAX_BYTES } from '@damso/validators';
import { type FormEvent, useId, useState } from 'react';

const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';

export function ReceiptUpload({ number, onUploaded }: { number: string; onUploaded: () => void }) {
  const inputId = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = (event.currentTarget.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return setError('Choose the receipt file first.');
    if (file.size > RECEIPT_MAX_BYTES) return setError('The receipt is larger than 5 MB.');
    setError(null);
    setBusy(true);
    try {
      const body = new FormData();
      body.append('file', file);
      const res = await fetch(`/api/orders/${encodeURIComponent(number)}/receipt`, { method: 'POST', body });
      if (!res.ok) {
        const payload = (await res.json().catch(() => null)) as { message?: string } | null;
        setError(payload?.message ?? 'The upload failed. Please try again.');
        return;
      }
      (event.target as HTMLFormElement).reset();
      onUploaded();
    } catch {
      setError('The upload failed. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="receipt-upload" onSubmit={submit} noValidate>
      <label htmlFor={inputId}>Payment receipt (JPEG, PNG, WebP or PDF, up to 5 MB)</label>
      <input
        id={inputId}
        name="file"
        type="file"
        accept={ACCEPT}
        aria-invalid={Boolean(error)}
        aria-describedby={`${inputId}-error`}
      />
      <p id={`${inputId}-error`} className="field-error" role="alert">
        {error}
      </p>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Uploading…' : 'Upload receipt'}
      </button>
    </form>
  );
}
