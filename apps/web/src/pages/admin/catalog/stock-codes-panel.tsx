import { useId, useState } from 'react';
import { Alert } from '../../../components/form/alert.tsx';
import { Field, SubmitButton } from '../../../components/form/form-kit.tsx';
import { trpc } from '../../../lib/trpc.ts';
import { errorMessage } from '../../../lib/trpc-errors.ts';

export function StockCodesPanel({
  offerId,
  stock,
}: {
  offerId: number;
  stock: { available: number; delivered: number; revoked: number };
}) {
  const id = useId();
  const [text, setText] = useState('');
  const utils = trpc.useUtils();
  const add = trpc.admin.offers.addStockCodes.useMutation({
    onSuccess: () => {
      setText('');
      void utils.admin.offers.get.invalidate({ id: offerId });
    },
  });
  const r = add.data;
  return (
    <section className="admin-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Stock codes</h2>
      <p>
        <strong>{stock.available}</strong> available · {stock.delivered} delivered · {stock.revoked} revoked. Codes are
        stored encrypted and are never shown here.
      </p>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ offerId, text });
        }}
      >
        <Field label="Paste codes, one per line">
          {(control) => (
            <textarea {...control} rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
          )}
        </Field>
        <Field
          label="…or load a text or CSV file (first column)"
          type="file"
          accept=".txt,.csv,text/plain,text/csv"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) setText(await file.text());
          }}
        />
        <SubmitButton busy={add.isPending} busyLabel="Adding…" disabled={!text.trim()}>
          Add codes
        </SubmitButton>
      </form>
      {add.error ? <Alert kind="error">{errorMessage(add.error)}</Alert> : null}
      {r ? (
        <p role="status">
          Added {r.added}. Refused: {r.duplicates} duplicate{r.duplicates === 1 ? '' : 's'}, {r.blank} blank line
          {r.blank === 1 ? '' : 's'}
          {r.tooLong ? `, ${r.tooLong} too long` : ''}. {r.available} available now.
        </p>
      ) : null}
    </section>
  );
}
