// Uploads a payment receipt to the HTTP route (files do not go through tRPC). The browser checks size
// and type as soon as a file is chosen, for a quick answer, and shows what will be sent (the picture, or
// a PDF's first page); the server checks the bytes again.
import { RECEIPT_MAX_BYTES } from '@damso/validators';
import { type FormEvent, useRef, useState } from 'react';
import { Field, SubmitButton } from '../form/form-kit.tsx';
import { ReceiptPreview } from './receipt-preview.tsx';

const TYPES: Record<string, string> = {
  'image/jpeg': 'JPEG image',
  'image/png': 'PNG image',
  'image/webp': 'WebP image',
  'application/pdf': 'PDF document',
};
const ACCEPT = Object.keys(TYPES).join(',');

const EXTENSIONS: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

/** The browser's type, or the name's when the system gave none (the server reads the bytes anyway). */
function typeOf(file: File): string {
  return file.type || (EXTENSIONS[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? '');
}

/** The same words as the server's refusal, at the field before anything is sent. */
function problemWith(file: File): string | null {
  if (!(typeOf(file) in TYPES)) return 'Upload the receipt as a JPEG, PNG, WebP image or a PDF.';
  if (file.size > RECEIPT_MAX_BYTES) return 'The receipt is larger than 5 MB.';
  return null;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const unit = bytes < 1024 * 1024 ? 'kilobyte' : 'megabyte';
  const value = unit === 'kilobyte' ? bytes / 1024 : bytes / (1024 * 1024);
  return new Intl.NumberFormat(undefined, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

export function ReceiptUpload({ number, onUploaded }: { number: string; onUploaded: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const choose = (chosen: File | null) => {
    const problem = chosen ? problemWith(chosen) : null;
    setError(problem);
    setFile(chosen && !problem ? chosen : null);
  };

  const chooseAnother = () => {
    const field = input.current;
    if (!field) return;
    field.value = '';
    choose(null);
    field.focus();
    field.click();
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const chosen = input.current?.files?.[0];
    if (!chosen) return setError('Choose the receipt file first.');
    const problem = problemWith(chosen);
    if (problem) return setError(problem);
    setError(null);
    setBusy(true);
    try {
      const body = new FormData();
      body.append('file', chosen);
      const res = await fetch(`/api/orders/${encodeURIComponent(number)}/receipt`, { method: 'POST', body });
      if (!res.ok) {
        const payload = (await res.json().catch(() => null)) as { message?: string } | null;
        setError(payload?.message ?? 'The upload failed. Please try again.');
        return;
      }
      form.reset();
      setFile(null);
      onUploaded();
    } catch {
      setError('The upload failed. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="receipt-upload form" onSubmit={submit} noValidate>
      <Field label="Payment receipt (JPEG, PNG, WebP or PDF, up to 5 MB)" error={error ?? undefined}>
        {(control) => (
          <input
            {...control}
            ref={input}
            name="file"
            type="file"
            accept={ACCEPT}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
          />
        )}
      </Field>
      {file ? (
        <div className="receipt-chosen">
          <ReceiptPreview source={{ kind: 'chosen', file }}>
            <span className="receipt-chosen__name">{file.name}</span>{' '}
            <span className="muted">
              {formatSize(file.size)}, {TYPES[typeOf(file)]}
            </span>
          </ReceiptPreview>
          <button type="button" className="link-button" onClick={chooseAnother}>
            Choose another file
          </button>
        </div>
      ) : null}
      <SubmitButton busy={busy} busyLabel="Uploading…">
        Upload receipt
      </SubmitButton>
    </form>
  );
}
