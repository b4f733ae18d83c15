// The JavaScript a phone downloads before a page can respond, read from the production build that turbo
// makes before the browser tests (apps/web/dist): the entry script and everything it imports, plus the
// page's own chunk and everything that imports (modulepreloads included), followed through Vite's
// manifest and counted gzip-compressed as the server sends them. A budget over the limit fails here, and
// so does a chart library, the phone metadata or the form validation on a page that has no use for them.
// A browser visit then checks that this model is what a phone really fetches.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, type Shop, startShop } from './harness.ts';

const DIST = path.resolve(import.meta.dirname, '..', 'dist');
const KB = 1024;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** A page as a phone opens it: the lazily loaded modules (manifest keys) its route renders. */
interface PageRoute {
  name: string;
  url: string;
  modules: string[];
  budgetKb: number;
}

const SHOP_BUDGET_KB = 120;
const FIRST_VISITS: PageRoute[] = [
  { name: 'home', url: '/', modules: [], budgetKb: SHOP_BUDGET_KB },
  { name: 'catalog', url: '/catalog', modules: ['src/pages/catalog-page.tsx'], budgetKb: SHOP_BUDGET_KB },
  { name: 'offer page', url: '/offers/:slug', modules: ['src/pages/offer-page.tsx'], budgetKb: SHOP_BUDGET_KB },
];
const STATISTICS: PageRoute = {
  name: 'statistics',
  url: '/admin/stats',
  modules: ['src/layouts/admin-layout.tsx', 'src/pages/admin/stats-page.tsx'],
  budgetKb: 260,
};

/** recharts and the d3 pieces it draws with. */
const CHARTS = /^(recharts|victory-vendor|d3-[\w-]+)$/;
/** Phone metadata, form state, validation schemas, password dictionaries: only with the forms using them. */
const FORM_CODE = /^(libphonenumber-js|zod|react-hook-form|@hookform\/resolvers|@zxcvbn-ts\/[\w-]+)$/;

function readJson<T>(file: string): T {
  if (!existsSync(file)) {
    throw new Error(
      `${path.relative(process.cwd(), file)} is missing: build the web app with \`npx turbo run build --filter=@damso/web\` (npm test does it) first.`,
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

const manifest = readJson<Record<string, ManifestChunk>>(path.join(DIST, '.vite', 'manifest.json'));
const chunkPackages = readJson<Record<string, string[]>>(path.join(DIST, '.vite', 'chunk-packages.json'));
const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry);

function chunk(key: string): ManifestChunk {
  const found = manifest[key];
  if (!found) {
    throw new Error(`${key} is not a chunk of its own in the build: is it still loaded on demand (routes.tsx)?`);
  }
  return found;
}

/** The chunk files these manifest keys load: themselves and their static imports, transitively. */
function staticClosure(keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const stack = [...keys];
  for (let key = stack.pop(); key !== undefined; key = stack.pop()) {
    if (seen.has(key)) continue;
    seen.add(key);
    const c = chunk(key);
    if (c.file.endsWith('.js')) files.add(c.file);
    stack.push(...(c.imports ?? []));
  }
  return files;
}

/** Every script of a first visit to the page: the HTML's scripts, the entry's imports, the page's chunks. */
function pageScripts(route: PageRoute): Set<string> {
  if (!entryKey) throw new Error('The manifest names no entry chunk.');
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const fromHtml = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+)"/g)];
  return new Set([...fromHtml.map((m) => m[1] as string), ...staticClosure([entryKey, ...route.modules])]);
}

const gzipCache = new Map<string, number>();
function gzipBytes(file: string): number {
  let size = gzipCache.get(file);
  if (size === undefined) {
    // zlib's default level, as the server's compression sends them.
    size = gzipSync(readFileSync(path.join(DIST, file))).length;
    gzipCache.set(file, size);
  }
  return size;
}

function totalKb(files: Iterable<string>): number {
  let bytes = 0;
  for (const file of files) bytes += gzipBytes(file);
  return bytes / KB;
}

function packagesIn(files: Iterable<string>, pattern: RegExp): string[] {
  const found = new Set<string>();
  for (const file of files) for (const name of chunkPackages[file] ?? []) if (pattern.test(name)) found.add(name);
  return [...found].sort();
}

function describeFiles(files: Iterable<string>): string {
  return [...files]
    .map((file) => ({ file, kb: gzipBytes(file) / KB }))
    .sort((a, b) => b.kb - a.kb)
    .map(({ file, kb }) => `  ${kb.toFixed(1).padStart(6)} KB  ${file}  ${(chunkPackages[file] ?? []).join(', ')}`)
    .join('\n');
}

function expectWithinBudget(route: PageRoute) {
  const files = pageScripts(route);
  const kb = totalKb(files);
  const message = `${route.name} (${route.url}) loads ${kb.toFixed(1)} KB of JavaScript (gzip) on a first visit, over its budget of ${route.budgetKb} KB:\n${describeFiles(files)}`;
  expect(kb, message).toBeLessThanOrEqual(route.budgetKb);
}

describe('JavaScript budget of a first visit', () => {
  for (const route of [...FIRST_VISITS, STATISTICS]) {
    it(`${route.name}: at most ${route.budgetKb} KB (gzip)`, () => expectWithinBudget(route));
  }

  it('the home, catalog and offer pages carry no form code: phone metadata, validation, password dictionaries', () => {
    for (const route of FIRST_VISITS) {
      const found = packagesIn(pageScripts(route), FORM_CODE);
      expect(found, `${route.name} (${route.url}) loads ${found.join(', ')} on a first visit`).toEqual([]);
    }
  });

  it('no shop page can reach a chart library; the statistics page has its charts', () => {
    // Every page outside the staff areas, with whatever it may load later on (forms, dialogs).
    const shopPages = Object.keys(manifest).filter(
      (key) => manifest[key]?.isDynamicEntry && /^src\/(pages|components)\/(?!admin\/|desk\/)/.test(key),
    );
    expect(shopPages).toContain('src/pages/catalog-page.tsx');
    const reachable = new Set<string>(entryKey ? staticClosure([entryKey]) : []);
    const seen = new Set<string>();
    const stack = [...shopPages];
    for (let key = stack.pop(); key !== undefined; key = stack.pop()) {
      if (seen.has(key)) continue;
      seen.add(key);
      const c = chunk(key);
      reachable.add(c.file);
      // The entry's own dynamic imports are the other routes, staff areas included: not followed.
      stack.push(...(c.imports ?? []), ...(c.isEntry ? [] : (c.dynamicImports ?? [])));
    }
    const charts = packagesIn(reachable, CHARTS);
    expect(charts, `shop pages can load ${charts.join(', ')}:\n${describeFiles(reachable)}`).toEqual([]);
    // The check above cannot pass by looking for the wrong names.
    expect(packagesIn(pageScripts(STATISTICS), CHARTS)).toContain('recharts');
  });

  it('no page loads the password dictionaries up front: they come when a password is typed', () => {
    const pages = Object.keys(manifest).filter((key) => manifest[key]?.isDynamicEntry && key.startsWith('src/'));
    for (const key of pages) {
      const found = packagesIn(staticClosure([key]), /^@zxcvbn-ts\//);
      expect(found, `${key} loads ${found.join(', ')} with its page`).toEqual([]);
    }
  });
});

describe('what a phone really fetches on a first visit', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await startShop();
  });
  afterAll(() => shop?.close());

  it('the home, catalog and offer pages fetch no script beyond the ones counted, and ask for their data once', async () => {
    const offer = await shop.db
      .selectFrom('offers')
      .select(['slug', 'title'])
      .where('is_active', '=', 1)
      .executeTakeFirstOrThrow();
    for (const route of FIRST_VISITS) {
      const { page, context, errors } = await shop.newPage(PHONE);
      const fetched: string[] = [];
      const calls: string[] = [];
      page.on('request', (request) => {
        const { pathname } = new URL(request.url());
        if (request.resourceType() === 'script') fetched.push(pathname.slice(1));
        // A batch names its procedures in the path: /trpc/system.bootstrap,catalog.home
        if (pathname.startsWith('/trpc/')) calls.push(...pathname.slice('/trpc/'.length).split(','));
      });
      await page.goto(route.url.replace(':slug', offer.slug));
      // Loaded and usable: the page's own content is on screen.
      if (route.name === 'offer page') await page.getByRole('heading', { level: 1, name: offer.title }).waitFor();
      else await page.locator('.offer-card').first().waitFor();
      const counted = pageScripts(route);
      expect(
        fetched.filter((file) => !counted.has(file)),
        `${route.name}: scripts fetched but not counted`,
      ).toEqual([]);
      expect(fetched.length, `${route.name}: no script fetched`).toBeGreaterThan(0);
      // The page's first queries go out with the shop's settings (routes.tsx); a page that asked again
      // once mounted, or a prefetch whose input differs from the page's, shows up as a repeat.
      await page.waitForLoadState('networkidle');
      expect(
        calls.filter((call, i) => calls.indexOf(call) !== i),
        `${route.name}: procedures asked for more than once (${calls.join(', ')})`,
      ).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
