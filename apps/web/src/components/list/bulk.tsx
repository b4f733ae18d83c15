// Bulk actions on a list page: a checkbox per row, and a bar with "Select all on this page", the count
// selected and the actions. The selection is of the rows on screen only: it is kept to the ids of the
// current page, so a new page, filter or refresh never acts on rows the person can no longer see.
// The bar sits above the list, not in the table's header, so a phone's stacked table keeps it too.
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../lib/trpc-errors.ts';
import { type ConfirmOptions, useConfirm } from '../confirm-dialog.tsx';
import { toast } from '../toaster.tsx';
import '../../styles/list-actions.css';

export interface Selection<K extends number | string = number> {
  /** The selected ids that are on this page. */
  selected: readonly K[];
  has: (id: K) => boolean;
  toggle: (id: K) => void;
  /** Selects every row of the page, or none when all were selected. */
  toggleAll: () => void;
  clear: () => void;
  allSelected: boolean;
}

export function useSelection<K extends number | string = number>(pageIds: readonly K[]): Selection<K> {
  const [picked, setPicked] = useState<ReadonlySet<K>>(new Set());
  // Another page, filter or refresh: rows no longer on screen leave the selection, so coming back to
  // a page never finds rows still ticked from before.
  useEffect(() => {
    setPicked((current) => {
      const kept = pageIds.filter((id) => current.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [pageIds]);
  const selected = useMemo(() => pageIds.filter((id) => picked.has(id)), [pageIds, picked]);
  const allSelected = pageIds.length > 0 && selected.length === pageIds.length;
  const toggle = useCallback(
    (id: K) =>
      setPicked((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const toggleAll = useCallback(() => setPicked(allSelected ? new Set() : new Set(pageIds)), [allSelected, pageIds]);
  const clear = useCallback(() => setPicked(new Set()), []);
  return { selected, has: (id) => selected.includes(id), toggle, toggleAll, clear, allSelected };
}

/** A row's checkbox; `label` names the row ("Select Soundbay Premium"). */
export function RowCheckbox<K extends number | string>({
  selection,
  id,
  label,
}: {
  selection: Selection<K>;
  id: K;
  label: string;
}) {
  return (
    <input
      type="checkbox"
      className="bulk-check"
      aria-label={label}
      checked={selection.has(id)}
      onChange={() => selection.toggle(id)}
    />
  );
}

/** The bar: "Select all on this page", how many are selected, and the actions (disabled until one is). */
export function BulkBar<K extends number | string>({
  selection,
  pageCount,
  noun,
  children,
}: {
  selection: Selection<K>;
  /** Rows on this page. */
  pageCount: number;
  /** What a row is, plural: "offers". */
  noun: string;
  /** The action buttons (BulkButton). */
  children: ReactNode;
}) {
  const n = selection.selected.length;
  return (
    <fieldset className="bulk-bar" disabled={pageCount === 0}>
      <legend className="visually-hidden">Bulk actions</legend>
      <label className="bulk-bar__all">
        <input
          type="checkbox"
          className="bulk-check"
          checked={selection.allSelected}
          ref={(el) => {
            if (el) el.indeterminate = n > 0 && !selection.allSelected;
          }}
          onChange={selection.toggleAll}
        />
        Select all on this page
      </label>
      <output className="bulk-bar__count" aria-live="polite">
        {n === 0 ? `No ${noun} selected` : `${n} selected`}
      </output>
      <div className="bulk-bar__actions">{children}</div>
    </fieldset>
  );
}

/**
 * A bulk action's button: asks first (the confirm dialog), runs `run` with the selected ids, then says
 * the outcome in a toast and clears the selection. `done` words the outcome from the server's answer.
 */
export function BulkButton<K extends number | string, R>({
  selection,
  label,
  confirm: ask,
  run,
  done,
  tone = 'default',
}: {
  selection: Selection<K>;
  label: string;
  confirm: (count: number) => ConfirmOptions;
  run: (ids: K[]) => Promise<R>;
  done: (result: R) => string;
  tone?: 'default' | 'danger';
}) {
  const confirm = useConfirm();
  const [busy, setBusy] = useState(false);
  const ids = selection.selected;
  return (
    <button
      type="button"
      className={tone === 'danger' ? 'button button--danger' : 'button button--ghost'}
      disabled={ids.length === 0 || busy}
      onClick={async () => {
        const chosen = [...ids];
        if (!(await confirm({ tone, ...ask(chosen.length) }))) return;
        setBusy(true);
        try {
          const result = await run(chosen);
          selection.clear();
          toast.success(done(result));
        } catch (error) {
          toast.error(errorMessage(error));
        } finally {
          setBusy(false);
        }
      }}
    >
      {label}
    </button>
  );
}

/** "2 offers hidden; 1 already was." from a bulk procedure's { changed, unchanged }. */
export function bulkOutcome(
  { changed, unchanged }: { changed: number; unchanged: number },
  noun: [one: string, many: string],
  verb: string,
) {
  const head = `${changed} ${changed === 1 ? noun[0] : noun[1]} ${verb}`;
  return unchanged === 0 ? `${head}.` : `${head}; ${unchanged} already ${unchanged === 1 ? 'was' : 'were'}.`;
}
