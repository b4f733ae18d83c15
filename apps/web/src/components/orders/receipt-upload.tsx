// Uploads a payment receipt to the HTTP route (files do not go through tRPC). The browser checks size
// and type for a quick answer; the server checks the bytes again.
import { RECEIPT_MAX_BYTES } from '@damso/validators';
import { type FormEvent, useState } from 'react';
import { Field, SubmitButton } from '../form/form-kit.tsx';

const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';

export function ReceiptUpload({ number, onUploaded }: { number: string; onUploaded: () => void }) {
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
    <form className="receipt-upload form" onSubmit={submit} noValidate>
      <Field
        label="Payment receipt (JPEG, PNG, WebP or PDF, up to 5 MB)"
        name="file"
        type="file"
        accept={ACCEPT}
        error={error ?? undefined}
      />
      <SubmitButton busy={busy} busyLabel="Uploading…">
        Upload receipt
      </SubmitButton>
    </form>
  );
}
