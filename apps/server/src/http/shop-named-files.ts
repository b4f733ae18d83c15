// The built files that name the shop — the app shell (its <title> and description: what a link
// preview, a search engine or a slow phone shows before any script runs), the offline page and the
// install manifest (the name under the icon on a phone's home screen) — are built with the default
// name. They are sent with the shop's name (the admin's setting, else STORE_NAME) in its place, so
// renaming the shop renames them too. The named copy of each file is kept for its name.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { shopInitial } from '@damso/validators';

/** The name the web build writes into these files (apps/web/index.html, apps/web/src/pwa/). */
export const BUILT_SHOP_NAME = 'Damso Stream';
export const SHOP_NAMED_FILES = ['index.html', 'offline.html', 'manifest.webmanifest'] as const;
export type ShopNamedFile = (typeof SHOP_NAMED_FILES)[number];

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** A phone shows the short name under the icon, where about 12 characters fit: the first word, then cut. */
export function shortShopName(name: string): string {
  return name.length <= 12 ? name : (name.split(/\s+/)[0] ?? name).slice(0, 12);
}

/** The offline page's brand mark, as built (the header's is drawn by the app). */
const BUILT_MARK = `<span class="brand__mark" aria-hidden="true">${shopInitial(BUILT_SHOP_NAME)}</span>`;

function named(file: ShopNamedFile, built: string, name: string): string {
  if (name === BUILT_SHOP_NAME) return built;
  if (file !== 'manifest.webmanifest') {
    const mark = `<span class="brand__mark" aria-hidden="true">${escapeHtml(shopInitial(name))}</span>`;
    return built.replaceAll(BUILT_SHOP_NAME, escapeHtml(name)).replace(BUILT_MARK, mark);
  }
  const manifest = JSON.parse(built) as { name: string; short_name: string };
  return `${JSON.stringify({ ...manifest, name, short_name: shortShopName(name) }, null, 2)}\n`;
}

/**
 * The files of the web build at `webDist` as sent for a shop name; null for a file the build lacks.
 * A file is read again when it changes on disk (a new build while the server runs: the old shell
 * would name scripts the build removed).
 */
export function shopNamedFiles(webDist: string): (file: ShopNamedFile, name: string) => string | null {
  const sent = new Map<ShopNamedFile, { name: string; mtimeMs: number; body: string }>();
  return (file, name) => {
    const at = path.join(webDist, file);
    const mtimeMs = statSync(at, { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs === undefined) return null;
    const last = sent.get(file);
    if (last?.name === name && last.mtimeMs === mtimeMs) return last.body;
    const body = named(file, readFileSync(at, 'utf8'), name);
    sent.set(file, { name, mtimeMs, body });
    return body;
  };
}
