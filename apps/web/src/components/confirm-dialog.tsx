// The one confirmation dialog of the app, on the native <dialog>: showModal() makes the rest of the page
// inert and traps focus, Escape cancels, and focus goes back to the button that opened it. Pages ask with
// `const confirm = useConfirm(); if (await confirm({ title, confirmLabel, tone: 'danger' })) …`; the
// provider in main.tsx renders the one dialog. A page that keeps the dialog open while its request runs
// (admin users) renders <ConfirmDialog> itself. Biome's noAlert rule keeps window.confirm out.
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { preloadToaster } from './toaster.tsx';

/** `danger` for what cannot be undone (delete, cancel, refund): the confirming button turns red. */
export type ConfirmTone = 'default' | 'danger';

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  tone = 'default',
  busy = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  tone?: ConfirmTone;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const bodyId = useId();
  // A layout effect, so the dialog is open (and the page inert) before the browser paints.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      // The safe choice first: Enter or a stray tap on a phone must not delete anything.
      cancelRef.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const restoreFocus = () => {
    // Browsers hand focus back on close; this covers one that left it on <body>.
    const back = opener.current;
    opener.current = null;
    if (back?.isConnected && (document.activeElement === document.body || document.activeElement === null)) {
      back.focus();
    }
  };
  return (
    <dialog
      ref={ref}
      className={`confirm-dialog confirm-dialog--${tone}`}
      aria-labelledby={titleId}
      aria-describedby={children ? bodyId : undefined}
      onClose={() => {
        // The close event comes a task later: a question asked meanwhile has reopened the dialog.
        if (ref.current?.open) return;
        restoreFocus();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children ? (
        <div id={bodyId} className="confirm-dialog__body">
          {children}
        </div>
      ) : null}
      <div className="confirm-dialog__actions">
        <button ref={cancelRef} type="button" className="button button--ghost" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button
          type="button"
          className={tone === 'danger' ? 'button button--danger' : 'button'}
          disabled={busy}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

export interface ConfirmOptions {
  /** The question, e.g. "Delete your comment?": the dialog's accessible name. */
  title: string;
  /** What happens, in a sentence or two. A string becomes a paragraph. */
  body?: ReactNode;
  /** The verb of the action, e.g. "Delete comment" — never a bare "OK". */
  confirmLabel: string;
  cancelLabel?: string;
  tone?: ConfirmTone;
}

type Ask = (options: ConfirmOptions) => Promise<boolean>;
const ConfirmContext = createContext<Ask | null>(null);

/** Rendered once at the app's root (main.tsx); useConfirm() opens its dialog. */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<ConfirmOptions | null>(null);
  const answer = useRef<((confirmed: boolean) => void) | null>(null);
  const settle = useCallback((confirmed: boolean) => {
    const resolve = answer.current;
    answer.current = null;
    setShown(null);
    resolve?.(confirmed);
  }, []);
  const ask = useCallback<Ask>((options) => {
    // A second question replaces the first, which counts as cancelled.
    answer.current?.(false);
    // The outcome is usually a toast: its code comes while the person reads the question.
    preloadToaster();
    return new Promise<boolean>((resolve) => {
      answer.current = resolve;
      setShown(options);
    });
  }, []);
  // A provider that goes away (never in practice) leaves no page waiting forever.
  useEffect(() => () => answer.current?.(false), []);
  return (
    <ConfirmContext value={ask}>
      {children}
      <ConfirmDialog
        open={shown !== null}
        title={shown?.title ?? ''}
        confirmLabel={shown?.confirmLabel ?? ''}
        cancelLabel={shown?.cancelLabel}
        tone={shown?.tone}
        onConfirm={() => settle(true)}
        onCancel={() => settle(false)}
      >
        {typeof shown?.body === 'string' ? <p>{shown.body}</p> : shown?.body}
      </ConfirmDialog>
    </ConfirmContext>
  );
}

/** `await confirm({ title, confirmLabel, tone })`: true when the person chose the action, false otherwise. */
export function useConfirm(): Ask {
  const ask = useContext(ConfirmContext);
  if (!ask) throw new Error('useConfirm() needs the <ConfirmProvider> of main.tsx above it.');
  return ask;
}
