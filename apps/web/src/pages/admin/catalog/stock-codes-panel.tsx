import { useId, useState } from 'react';
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
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ offerId, text });
        }}
      >
        <div className="catalog-field">
          <label htmlFor={`${id}-codes`}>Paste codes, one per line</label>
          <textarea
            id={`${id}-codes`}
            rows={6}
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
          />
        </div>
        <div className="catalog-field">
          <label htmlFor={`${id}-file`}>…or load a text or CSV file (first column)</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".txt,.csv,text/plain,text/csv"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) setText(await file.text());
            }}
          />
        </div>
        <button type="submit" className="button" disabled={add.isPending || !text.trim()}>
          {add.isPending ? 'Adding…' : 'Add codes'}
        </button>
      </form>
      {add.error ? (
        <p className="field-error" role="alert">
          {errorMessage(add.error)}
        </p>
      ) : null}
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
