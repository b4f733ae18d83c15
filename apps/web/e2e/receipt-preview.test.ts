// Receipt previews in Chromium: a client sees the picture, or a PDF's first page drawn by pdf.js, before
// sending it, and both the client's order page and the staff desk show the kept receipt as a picture
// that opens a zoom view. pdf.js loads only for a PDF, its worker from our own origin, under the CSP.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, orderOfNewClient, PHONE, pageIsClean, type Shop, startShop } from './harness.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

// A real 1×1 PNG, so the browser must decode it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A valid one-page PDF whose page is a blue bar on white: drawn, it has pixels a blank page would not. */
function bluePdf(): Buffer {
  const content = '0 0 1 rg 40 300 520 200 re f';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The bytes the server tests use: a PDF header and nothing a reader could draw. */
const BROKEN_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A verified client with an order of their own that waits for its payment receipt. */
const clientWithUnpaidOrder = (email: string) =>
  orderOfNewClient(shop.db, { email, fullName: 'Rita Receipt', phone: '+14155550142', status: 'awaiting_payment' });

/** A new page that records the CSP violations the browser reports and the scripts it loads. */
async function watchedPage(viewport: { width: number; height: number }, email: string) {
  const opened = await shop.newPage(viewport);
  await shop.loginAs(opened.context, email);
  await opened.context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.sourceFile}`));
  });
  const scripts: string[] = [];
  opened.page.on('request', (r) => {
    if (r.resourceType() === 'script' || r.resourceType() === 'other') scripts.push(r.url());
  });
  opened.page.on('worker', (w) => scripts.push(w.url()));
  const violations = () => opened.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  return { ...opened, scripts, violations };
}

/** How many pixels of the picture are clearly blue: the PDF's bar, drawn. */
function bluePixels(page: Page, alt: string) {
  return page.getByRole('img', { name: alt }).evaluate((node) => {
    const img = node as HTMLImageElement;
    if (!img.complete || img.naturalWidth === 0) return 0;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    if (!context) return 0;
    context.drawImage(img, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let blue = 0;
    for (let i = 0; i < data.length; i += 4) {
      if ((data[i + 2] ?? 0) > 200 && (data[i] ?? 255) < 60 && (data[i + 1] ?? 255) < 60) blue++;
    }
    return blue;
  });
}

const naturalWidth = (page: Page, alt: string) =>
  page
    .getByRole('img', { name: alt, exact: true })
    .first()
    .evaluate((img) => (img as HTMLImageElement).naturalWidth);

/** Opens the zoom view from the thumbnail, zooms with the buttons and keys, and closes it with Escape. */
async function zoomAndClose(page: Page, name: string, alt: string) {
  const thumb = page.getByRole('button', { name: `Enlarge receipt ${name}` });
  await thumb.click();
  const dialog = page.getByRole('dialog', { name: `Receipt ${name}` });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  await expect.poll(() => dialog.getByRole('img', { name: alt }).isVisible()).toBe(true);
  const level = dialog.locator('output');
  expect(await level.textContent()).toBe('100%');
  await dialog.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(() => level.textContent()).toBe('150%');
  await page.keyboard.press('+');
  await expect.poll(() => level.textContent()).toBe('200%');
  // Zoomed past the view's width, the picture pans by scrolling its frame.
  const stage = dialog.getByRole('region', { name: 'Receipt, scroll to move around' });
  await expect.poll(() => stage.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await page.keyboard.press('-');
  await expect.poll(() => level.textContent()).toBe('150%');
  await dialog.getByRole('button', { name: 'Zoom out' }).click();
  await expect.poll(() => level.textContent()).toBe('100%');
  await pageIsClean(page, `zoom view of ${name}`);
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.isVisible()).toBe(false);
  await expect.poll(() => thumb.evaluate((el) => el === document.activeElement)).toBe(true);
}

describe('receipt preview', () => {
  for (const [width, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`previews a chosen picture and PDF, then shows the kept receipt to the client and staff — at ${width} width`, async () => {
      const email = `preview-${width}-${randomBytes(3).toString('hex')}@example.test`;
      const number = await clientWithUnpaidOrder(email);
      const client = await watchedPage(viewport, email);
      await client.page.goto(`/orders/${number}`);
      const field = client.page.getByLabel(/Payment receipt/);
      await expect.poll(() => field.isVisible()).toBe(true);

      // A file of the wrong type gets the message at the field, and no preview.
      await field.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('paid!') });
      await expect
        .poll(() => client.page.getByText('Upload the receipt as a JPEG, PNG, WebP image or a PDF.').isVisible())
        .toBe(true);
      expect(await client.page.getByRole('button', { name: /^Enlarge receipt/ }).count()).toBe(0);

      // A picture shows as itself, with its name, size and type; no PDF code is fetched for it.
      await field.setInputFiles({ name: 'transfer.png', mimeType: 'image/png', buffer: PNG });
      await expect.poll(() => naturalWidth(client.page, 'Payment receipt transfer.png')).toBe(1);
      expect(await client.page.getByText('Upload the receipt as a JPEG').count()).toBe(0);
      await expect.poll(() => client.page.getByText('70 bytes, PNG image').isVisible()).toBe(true);
      expect(await client.page.getByRole('button', { name: 'Choose another file' }).isVisible()).toBe(true);
      expect(client.scripts.filter((s) => /pdf/i.test(s))).toEqual([]);
      await pageIsClean(client.page, 'order page with a picture chosen');

      // A PDF shows its first page, drawn: the blue bar is there.
      await field.setInputFiles({ name: 'transfer.pdf', mimeType: 'application/pdf', buffer: bluePdf() });
      const firstPage = 'First page of payment receipt transfer.pdf';
      await expect.poll(() => bluePixels(client.page, firstPage), { timeout: 20_000 }).toBeGreaterThan(1000);
      await expect.poll(() => client.page.getByText(/PDF document/).isVisible()).toBe(true);
      // pdf.js and its worker came from our own origin, and the CSP had nothing to report.
      expect(client.scripts.filter((s) => /pdf\.worker/.test(s)).length).toBeGreaterThan(0);
      expect(client.scripts.filter((s) => /pdf/i.test(s) && !s.startsWith(shop.url))).toEqual([]);
      expect(await client.violations()).toEqual([]);
      await pageIsClean(client.page, 'order page with a PDF chosen');
      await zoomAndClose(client.page, 'transfer.pdf', firstPage);

      // The picture is sent; the order page shows the kept receipt, which zooms.
      await field.setInputFiles({ name: 'transfer.png', mimeType: 'image/png', buffer: PNG });
      await expect.poll(() => naturalWidth(client.page, 'Payment receipt transfer.png')).toBe(1);
      await client.page.getByRole('button', { name: 'Upload receipt' }).click();
      await expect
        .poll(() =>
          client.page.getByText('We received your receipt and are checking the payment.', { exact: false }).isVisible(),
        )
        .toBe(true);
      // The form is empty again: the only preview left is the kept receipt's.
      await expect.poll(() => client.page.getByRole('button', { name: 'Choose another file' }).count()).toBe(0);
      await expect.poll(() => naturalWidth(client.page, 'Payment receipt transfer.png')).toBe(1);
      await pageIsClean(client.page, 'order page with the kept picture');
      await zoomAndClose(client.page, 'transfer.png', 'Payment receipt transfer.png');

      // A second receipt, the PDF, and a damaged one pdf.js cannot draw: a plain link, not a crash.
      await field.setInputFiles({ name: 'transfer.pdf', mimeType: 'application/pdf', buffer: bluePdf() });
      await expect.poll(() => bluePixels(client.page, firstPage), { timeout: 20_000 }).toBeGreaterThan(1000);
      await client.page.getByRole('button', { name: 'Upload receipt' }).click();
      await expect.poll(() => client.page.getByRole('button', { name: 'Choose another file' }).count()).toBe(0);
      await field.setInputFiles({ name: 'damaged.pdf', mimeType: 'application/pdf', buffer: BROKEN_PDF });
      await expect
        .poll(() => client.page.getByText('This PDF cannot be previewed here; you can still upload it.').isVisible())
        .toBe(true);
      await client.page.getByRole('button', { name: 'Upload receipt' }).click();
      await expect.poll(() => client.page.getByRole('link', { name: 'Open receipt' }).count()).toBe(1);
      await expect.poll(() => bluePixels(client.page, firstPage), { timeout: 20_000 }).toBeGreaterThan(1000);
      expect(await client.violations()).toEqual([]);
      expect(client.errors).toEqual([]);
      await pageIsClean(client.page, 'order page with three kept receipts');
      await client.context.close();

      // Staff see the same previews on the desk; the PDF's zoom view links to the whole file.
      const employee = await watchedPage(viewport, 'employee@damso.test');
      await employee.page.goto(`/desk/orders/${number}`);
      await expect.poll(() => naturalWidth(employee.page, 'Payment receipt transfer.png')).toBe(1);
      await expect.poll(() => bluePixels(employee.page, firstPage), { timeout: 20_000 }).toBeGreaterThan(1000);
      await expect.poll(() => employee.page.getByRole('link', { name: 'Open receipt' }).count()).toBe(1);
      await pageIsClean(employee.page, 'desk order with receipts');
      await zoomAndClose(employee.page, 'transfer.png', 'Payment receipt transfer.png');
      await employee.page.getByRole('button', { name: 'Enlarge receipt transfer.pdf' }).click();
      const dialog = employee.page.getByRole('dialog', { name: 'Receipt transfer.pdf' });
      const whole = dialog.getByRole('link', { name: 'Download the whole PDF' });
      await expect.poll(() => whole.isVisible()).toBe(true);
      const download = await employee.page.request.get(
        new URL((await whole.getAttribute('href')) ?? '', shop.url).href,
      );
      expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await employee.page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(await employee.violations()).toEqual([]);
      expect(employee.errors).toEqual([]);
      await employee.context.close();
    });
  }
});
