// Lighthouse 12 (mobile, performance only) on Debian's Chromium against the real server, and the
// JavaScript a phone downloads on a first visit: every script of the page load, counted as gzip
// bytes (asked for with Accept-Encoding: gzip) and as Lighthouse saw them on the wire.
import { request } from 'node:http';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';

export interface PageReport {
  page: string;
  url: string;
  score: number | null;
  lcpMs: number | null;
  tbtMs: number | null;
  scripts: number;
  jsGzipBytes: number;
  jsTransferBytes: number;
  /** Lighthouse's own errors and warnings for the run (a page that never painted, a slow machine). */
  notes: string[];
}

const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Body bytes of a GET that accepts gzip only (node:http does not decompress). */
function gzipBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve(bytes));
    });
    req.on('error', reject);
    req.end();
  });
}

interface NetworkItem {
  url: string;
  resourceType?: string;
  transferSize?: number;
}

export async function lighthousePages(pages: Array<{ page: string; url: string }>): Promise<PageReport[]> {
  const chrome = await launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
  });
  const reports: PageReport[] = [];
  try {
    for (const { page, url } of pages) {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
      });
      const lhr = result?.lhr;
      if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
      const numeric = (id: string) => lhr.audits[id]?.numericValue ?? null;
      const items = (
        (lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? []
      ).filter((i) => i.resourceType === 'Script' && i.url.startsWith(new URL(url).origin));
      let gzip = 0;
      for (const item of items) gzip += await gzipBytes(item.url);
      const score = lhr.categories.performance?.score;
      reports.push({
        page,
        url,
        score: typeof score === 'number' ? Math.round(score * 100) : null,
        lcpMs: numeric('largest-contentful-paint'),
        tbtMs: numeric('total-blocking-time'),
        scripts: items.length,
        jsGzipBytes: gzip,
        jsTransferBytes: items.reduce((s, i) => s + (i.transferSize ?? 0), 0),
        notes: [...(lhr.runtimeError ? [lhr.runtimeError.message] : []), ...lhr.runWarnings],
      });
    }
  } finally {
    chrome.kill();
  }
  return reports;
}
