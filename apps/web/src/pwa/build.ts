// The installable app, made at build time: the web app manifest, the service worker (sw.js, with the
// list of this build's app shell written into it, so a new build installs a new worker and drops the
// old cache) and the offline page (styled by the app's own stylesheet, which the worker keeps).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin, Rolldown } from 'vite';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** A colour of the design tokens (styles/tokens.css), followed through var() to its value. */
export function tokenColor(name: string): string {
  const css = readFileSync(here('../styles/tokens.css'), 'utf8');
  let value = `var(${name})`;
  for (let ref = /^var\((--[\w-]+)\)$/.exec(value); ref; ref = /^var\((--[\w-]+)\)$/.exec(value)) {
    const found = new RegExp(`${ref[1]}:\\s*([^;]+);`).exec(css)?.[1];
    if (!found) throw new Error(`styles/tokens.css defines no ${ref[1]}`);
    value = found.trim();
  }
  return value;
}

export function webAppManifest() {
  const icon = (size: number, purpose: 'any' | 'maskable') => ({
    src: `/icons/${purpose === 'maskable' ? 'maskable' : 'icon'}-${size}.png`,
    sizes: `${size}x${size}`,
    type: 'image/png',
    purpose,
  });
  return {
    id: '/',
    name: 'Damso Stream',
    short_name: 'Damso',
    description: 'Streaming, music, office, creative and security subscriptions at low prices, delivered digitally.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: tokenColor('--color-brand'),
    background_color: tokenColor('--color-surface'),
    categories: ['shopping'],
    icons: [icon(192, 'any'), icon(512, 'any'), icon(192, 'maskable'), icon(512, 'maskable')],
  };
}

/** The entry script, the scripts it loads at once and their stylesheets: what any page needs first. */
function appShell(bundle: Rolldown.OutputBundle): { scripts: string[]; styles: string[] } {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const visit = (file: string) => {
    const chunk = bundle[file];
    if (chunk?.type !== 'chunk' || scripts.has(file)) return;
    scripts.add(file);
    for (const css of (chunk as { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? []) {
      styles.add(css);
    }
    for (const imported of chunk.imports) visit(imported);
  };
  for (const [file, output] of Object.entries(bundle)) if (output.type === 'chunk' && output.isEntry) visit(file);
  return { scripts: [...scripts].map((f) => `/${f}`), styles: [...styles].map((f) => `/${f}`) };
}

export function installableApp(): Plugin {
  return {
    name: 'damso:installable',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { name: 'theme-color', content: tokenColor('--color-brand') }, injectTo: 'head' },
    ],
    generateBundle(_options, bundle) {
      const { scripts, styles } = appShell(bundle);
      const offline = readFileSync(here('offline.html'), 'utf8').replace(
        '<!-- styles -->',
        styles.map((href) => `<link rel="stylesheet" href="${href}" />`).join('\n    '),
      );
      const shell = ['/offline.html', '/favicon.svg', '/icons/icon-192.png', ...styles, ...scripts];
      const worker = readFileSync(here('sw.js'), 'utf8');
      const version = createHash('sha256')
        .update(JSON.stringify(shell))
        .update(worker)
        .update(offline)
        .digest('hex')
        .slice(0, 12);
      const head = `const VERSION = '${version}';\nconst SHELL = ${JSON.stringify(shell)};\n`;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: head + worker });
      this.emitFile({ type: 'asset', fileName: 'offline.html', source: offline });
      this.emitFile({
        type: 'asset',
        fileName: 'manifest.webmanifest',
        source: `${JSON.stringify(webAppManifest(), null, 2)}\n`,
      });
    },
  };
}
