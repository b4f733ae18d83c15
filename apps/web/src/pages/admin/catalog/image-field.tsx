import { useState } from 'react';
import { Field } from '../../../components/form/form-kit.tsx';
import { offerImage } from '../../../lib/format.ts';

/** Sends the picked file to the upload route and reports the key the server chose. */
export function ImageField({
  value,
  onChange,
  error,
}: {
  value: string | null;
  onChange: (key: string | null) => void;
  error?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const image = offerImage(value);

  async function upload(file: File) {
    setBusy(true);
    setUploadError(null);
    const body = new FormData();
    body.append('image', file);
    try {
      const res = await fetch('/api/admin/offer-images', { method: 'POST', body, credentials: 'same-origin' });
      const json = (await res.json().catch(() => ({}))) as { key?: string; message?: string };
      if (!res.ok || !json.key) setUploadError(json.message ?? 'The image could not be uploaded.');
      else onChange(json.key);
    } catch {
      setUploadError('The upload failed. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="image-field">
      <Field label="Image (JPEG, PNG or WebP, at most 5 MB)" error={uploadError ?? error}>
        {(control) => (
          <>
            {image ? (
              <img
                src={image.src}
                srcSet={image.srcSet}
                sizes="320px"
                width={320}
                height={200}
                alt="Current offer visual"
              />
            ) : null}
            <input
              {...control}
              type="file"
              accept="image/jpeg,image/png,image/webp"
              disabled={busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void upload(file);
              }}
            />
          </>
        )}
      </Field>
      {busy ? <p aria-live="polite">Uploading…</p> : null}
      {value ? (
        <button type="button" className="link-button" onClick={() => onChange(null)}>
          Remove image
        </button>
      ) : null}
    </div>
  );
}
