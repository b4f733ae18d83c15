// Draws the first page of a PDF receipt as a picture, with pdf.js. This module is only ever loaded by a
// dynamic import when a PDF is chosen or shown (components/orders/receipt-preview.tsx): pdf.js is about
// 130 KB gzip plus its worker, far past the shop's first-visit budget.
import { GlobalWorkerOptions, getDocument, VerbosityLevel } from 'pdfjs-dist';
// Vite copies the worker into /assets: it runs from our own origin, which the CSP's `worker-src 'self'` allows.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Wide enough to read a receipt's small print in the zoom view; a page is rendered once for both sizes. */
const TARGET_WIDTH = 1400;

/** The first page as a PNG blob. Rejects when the bytes are not a PDF pdf.js can read. */
export async function renderPdfFirstPage(data: ArrayBuffer): Promise<Blob> {
  const task = getDocument({
    data: new Uint8Array(data),
    // The shop's CSP forbids eval, and even pdf.js's probe for it would be reported as a violation.
    isEvalSupported: false,
    // No WebAssembly decoders to fetch: the plain JavaScript ones draw a receipt just as well.
    useWasm: false,
    enableXfa: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    const pdf = await task.promise;
    const page = await pdf.getPage(1);
    const natural = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: Math.min(4, TARGET_WIDTH / natural.width) });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    await page.render({ canvas, viewport, background: '#ffffff' }).promise;
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The page could not be drawn.'))), 'image/png'),
    );
  } finally {
    // Ends the worker too: a receipt is drawn once, and the memory of a big scan is given back.
    await task.destroy();
  }
}
