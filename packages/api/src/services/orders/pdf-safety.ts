// Refuses PDFs that can run or launch anything. A receipt is a page to look at; a PDF that carries
// JavaScript, an action that fires on opening, an embedded file or a form that submits itself has no
// business in the desk. We cannot re-encode a PDF the way we re-encode pictures, so we look for the
// names that turn those features on, as pdfid does, with `#xx` escapes in names undone (the usual way to
// hide `/JavaScript`). Names live in dictionaries, which sit either in the file's plain text or, since
// PDF 1.5, compressed inside object streams (/ObjStm): we scan the whole file, and every object stream
// inflated. An object stream we cannot decode is refused rather than trusted. The two short names (/JS,
// /AA) are only looked for outside stream data, where binary fonts and pictures would match them by
// chance; neither works without a long name beside it (/S /JavaScript, /Launch…) that the whole-file
// scan sees. Receipts are also served as downloads under `CSP: sandbox`, so this is a second wall.
import { inflateSync } from 'node:zlib';
import { UnsupportedType } from '../shared/errors.ts';

const ACTIVE_NAMES = new Set([
  'JavaScript',
  'OpenAction',
  'Launch',
  'EmbeddedFile',
  'EmbeddedFiles',
  'RichMedia',
  'XFA',
  'SubmitForm',
  'ImportData',
  'GoToE',
  'GoToR',
  'Rendition',
]);
const SHORT_ACTIVE_NAMES = new Set(['JS', 'AA']);
// Every object stream inflated together stays under this, so a small PDF cannot expand into gigabytes.
const INFLATE_BUDGET = 64 * 1024 * 1024;

const NAME = /\/([^\s/<>[\]()%{}]*)/g;

/** Undoes `#xx` escapes in names: `/J#61vaScript` is `/JavaScript` to a PDF reader. */
function plainNames(text: string): string {
  return text.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function activeNameIn(text: string, names: ReadonlySet<string>): string | null {
  for (const match of plainNames(text).matchAll(NAME)) {
    if (names.has(match[1] ?? '')) return match[1] ?? null;
  }
  return null;
}

function refuse(message: string): never {
  throw new UnsupportedType(message);
}

/** Each stream's dictionary text and data, with the data's bounds in the file. */
function* streams(pdf: Buffer): Generator<{ dictionary: string; data: Buffer; start: number; end: number }> {
  let from = 0;
  for (;;) {
    const keyword = pdf.indexOf('stream', from, 'latin1');
    if (keyword < 0) return;
    from = keyword + 6;
    // `endstream` contains `stream`; only the keyword followed by an end of line opens a stream.
    if (pdf.toString('latin1', keyword - 3, keyword) === 'end') continue;
    let start = keyword + 6;
    if (pdf[start] === 0x0d) start += 1;
    if (pdf[start] !== 0x0a) continue;
    start += 1;
    const end = pdf.indexOf('endstream', start, 'latin1');
    if (end < 0) return;
    const objStart = pdf.lastIndexOf(' obj', keyword, 'latin1');
    yield {
      dictionary: plainNames(pdf.toString('latin1', Math.max(objStart, 0), keyword)),
      data: pdf.subarray(start, end),
      start,
      end,
    };
    from = end + 9;
  }
}

/** Throws a 415 upload error when the PDF carries scripts, automatic actions or embedded files. */
export function assertInertPdf(pdf: Buffer): void {
  const refuseName = (name: string) =>
    refuse(
      `This PDF contains active content (/${name}) and was refused. Upload a screenshot or photo of the receipt, or print it to a new PDF.`,
    );
  const unreadable = () => refuse('This PDF hides its structure in a form we cannot check, so it was refused.');
  const everywhere = activeNameIn(pdf.toString('latin1'), ACTIVE_NAMES);
  if (everywhere) refuseName(everywhere);
  const outside: string[] = [];
  const all = new Set([...ACTIVE_NAMES, ...SHORT_ACTIVE_NAMES]);
  let last = 0;
  let budget = INFLATE_BUDGET;
  for (const { dictionary, data, start, end } of streams(pdf)) {
    outside.push(pdf.toString('latin1', last, start));
    last = end;
    if (!/\/Type\s*\/ObjStm\b/.test(dictionary)) continue;
    let inflated = data;
    if (/\/Filter\b/.test(dictionary)) {
      if (!/\/Filter\s*(\/FlateDecode|\[\s*\/FlateDecode\s*\])/.test(dictionary)) unreadable();
      try {
        inflated = inflateSync(data, { maxOutputLength: budget });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          refuse('This PDF expands to too much data to be checked, so it was refused.');
        }
        unreadable();
      }
    }
    budget -= inflated.length;
    const hidden = activeNameIn(inflated.toString('latin1'), all);
    if (hidden) refuseName(hidden);
  }
  outside.push(pdf.toString('latin1', last));
  const found = activeNameIn(outside.join(' '), SHORT_ACTIVE_NAMES);
  if (found) refuseName(found);
}
