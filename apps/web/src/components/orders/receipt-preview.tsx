// A payment receipt as a picture: the file a client just chose (before upload) or one already kept
// (the client's order page, the staff desk). A picture shows as itself; a PDF as its first page, drawn by
// pdf.js, which is imported only here and only for a PDF (lib/pdf-first-page.ts). The thumbnail opens a
// zoom view on the native <dialog>, like components/confirm-dialog.tsx: showModal() makes the page inert,
// Escape closes and focus goes back to the thumbnail. A receipt that cannot be drawn (a damaged PDF, a
// missing file) becomes a plain link, never an error page.
import { type ReactNode, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';

export type ReceiptSource =
  | { kind: 'chosen'; file: File }
  | { kind: 'stored'; key: string; mimeType: string; originalName: string };

type Picture = { state: 'loading' } | { state: 'ready'; src: string } | { state: 'failed' };

const isPdf = (source: ReceiptSource) =>
  source.kind === 'chosen'
    ? source.file.type === 'application/pdf' || (!source.file.type && /\.pdf$/i.test(source.file.name))
    : source.mimeType === 'application/pdf';

/** The address of a kept receipt; a PDF is always sent as a download (never shown by a viewer in the page). */
function storedUrl(key: string, download = false) {
  return `/api/receipts/${encodeURIComponent(key)}${download ? '?download=1' : ''}`;
}

/** A chosen file's bytes, else the kept receipt's (one of the two is given). */
async function pdfBytes(file: File | null, key: string | null): Promise<ArrayBuffer> {
  if (file) return file.arrayBuffer();
  const res = await fetch(storedUrl(key ?? '', true), { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`The receipt could not be read (${res.status}).`);
  return res.arrayBuffer();
}

/** What the thumbnail shows: the image's own address, or an object URL of the PDF's first page. */
function usePicture(source: ReceiptSource): Picture {
  const pdf = isPdf(source);
  const file = source.kind === 'chosen' ? source.file : null;
  const key = source.kind === 'stored' ? source.key : null;
  const [picture, setPicture] = useState<Picture>({ state: 'loading' });
  useEffect(() => {
    let objectUrl: string | null = null;
    let live = true;
    const show = (next: Picture) => {
      if (live) setPicture(next);
    };
    if (!pdf) {
      if (file) objectUrl = URL.createObjectURL(file);
      show({ state: 'ready', src: objectUrl ?? storedUrl(key ?? '') });
    } else {
      show({ state: 'loading' });
      // The code and the bytes are fetched side by side.
      Promise.all([import('../../lib/pdf-first-page.ts'), pdfBytes(file, key)])
        .then(([{ renderPdfFirstPage }, bytes]) => renderPdfFirstPage(bytes))
        .then((blob) => {
          if (!live) return;
          objectUrl = URL.createObjectURL(blob);
          show({ state: 'ready', src: objectUrl });
        })
        .catch(() => show({ state: 'failed' }));
    }
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [pdf, file, key]);
  return picture;
}

export function ReceiptPreview({ source, children }: { source: ReceiptSource; children?: ReactNode }) {
  const name = source.kind === 'chosen' ? source.file.name : source.originalName;
  const pdf = isPdf(source);
  const picture = usePicture(source);
  // The address that failed to load, so a new file gets a fresh chance to show.
  const [brokenSrc, setBrokenSrc] = useState<string | null>(null);
  const [zoomed, setZoomed] = useState(false);
  const broken = picture.state === 'ready' && picture.src === brokenSrc;
  const alt = pdf ? `First page of payment receipt ${name}` : `Payment receipt ${name}`;
  const failed = picture.state === 'failed' || broken;
  const openHref = source.kind === 'stored' ? storedUrl(source.key, pdf) : null;

  let thumb: ReactNode;
  if (failed) {
    thumb = openHref ? (
      <a href={openHref} target="_blank" rel="noreferrer" className="receipt-preview__open">
        Open receipt
      </a>
    ) : (
      <p className="receipt-preview__none">This PDF cannot be previewed here; you can still upload it.</p>
    );
  } else if (picture.state === 'loading') {
    thumb = (
      <p className="receipt-preview__thumb receipt-preview__thumb--loading" aria-busy="true">
        Drawing the first page…
      </p>
    );
  } else {
    thumb = (
      <button
        type="button"
        className="receipt-preview__thumb"
        aria-haspopup="dialog"
        aria-label={`Enlarge receipt ${name}`}
        onClick={() => setZoomed(true)}
      >
        <img src={picture.src} alt={alt} onError={() => setBrokenSrc(picture.src)} />
      </button>
    );
  }

  return (
    <figure className="receipt-preview">
      {thumb}
      {children ? <figcaption>{children}</figcaption> : null}
      {picture.state === 'ready' && !failed ? (
        <ZoomDialog
          open={zoomed}
          name={name}
          src={picture.src}
          alt={alt}
          pdfHref={pdf && source.kind === 'stored' ? storedUrl(source.key, true) : null}
          onClose={() => setZoomed(false)}
        />
      ) : null}
    </figure>
  );
}

/** Zoom steps, as a share of the view's width: a phone photo of a receipt fits at 100 %. */
const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3, 4];
const FIT = ZOOMS.indexOf(1);

function ZoomDialog({
  open,
  name,
  src,
  alt,
  pdfHref,
  onClose,
}: {
  open: boolean;
  name: string;
  src: string;
  alt: string;
  pdfHref: string | null;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const [step, setStep] = useState(FIT);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setStep(FIT);
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const zoom = ZOOMS[step] ?? 1;
  const zoomIn = () => setStep((s) => Math.min(ZOOMS.length - 1, s + 1));
  const zoomOut = () => setStep((s) => Math.max(0, s - 1));
  return (
    <dialog
      ref={ref}
      className="receipt-zoom"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        if (event.key === '+' || event.key === '=') {
          event.preventDefault();
          zoomIn();
        } else if (event.key === '-' || event.key === '_') {
          event.preventDefault();
          zoomOut();
        }
      }}
      onClose={() => {
        const back = opener.current;
        opener.current = null;
        // Browsers hand focus back on close; this covers one that left it on <body>.
        if (back?.isConnected && (document.activeElement === document.body || document.activeElement === null)) {
          back.focus();
        }
        onClose();
      }}
    >
      <div className="receipt-zoom__bar">
        <h2 id={titleId}>Receipt {name}</h2>
        <button type="button" className="button button--ghost" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      <div className="receipt-zoom__tools">
        <button type="button" className="button button--ghost" onClick={zoomOut} disabled={step === 0}>
          Zoom out
        </button>
        <output aria-live="polite">{Math.round(zoom * 100)}%</output>
        <button type="button" className="button button--ghost" onClick={zoomIn} disabled={step === ZOOMS.length - 1}>
          Zoom in
        </button>
        {pdfHref ? (
          <a href={pdfHref} download>
            Download the whole PDF
          </a>
        ) : null}
      </div>
      {/* Focusable so the keyboard can pan it with the arrow keys, as a finger or a wheel does. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard. */}
      <section className="receipt-zoom__stage" tabIndex={0} aria-label="Receipt, scroll to move around">
        {open ? <img src={src} alt={alt} style={{ width: `${zoom * 100}%` }} /> : null}
      </section>
    </dialog>
  );
}
