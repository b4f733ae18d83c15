import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { PAGE_PATHS } from './src/page-paths.ts';
import { installableApp } from './src/pwa/build.ts';

/**
 * zod 4 compiles object parsers with `new Function` unless its global config says `jitless`, and even
 * its probe for eval is reported as a violation of the shop's CSP. The setting is read when a schema is
 * built, so it must exist before zod's own module runs: zod adopts `globalThis.__zod_globalConfig` when
 * one is there, and this line opens every chunk that holds zod, ahead of its code. (An ordinary first
 * import in main.tsx does not do it: the bundler runs shared chunks before the entry's own code.)
 */
const ZOD_JITLESS = 'globalThis.__zod_globalConfig??={jitless:true};';

/** The npm package a module belongs to, or null for the app's own code. */
function packageOf(id: string): string | null {
  const match = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(id);
  return match?.[1]?.replace('\\', '/') ?? null;
}

/**
 * Writes .vite/chunk-packages.json beside Vite's manifest: the npm packages inside each script, so the
 * bundle-budget test can tell which pages carry a chart library or the form validation. Like the
 * manifest it sits in a dot-folder, which the server never serves.
 */
function chunkPackages(): Plugin {
  return {
    name: 'damso:chunk-packages',
    apply: 'build',
    generateBundle(_options, bundle) {
      const packages: Record<string, string[]> = {};
      for (const [file, output] of Object.entries(bundle)) {
        if (output.type !== 'chunk') continue;
        const names = new Set(output.moduleIds.map(packageOf).filter((name) => name !== null));
        packages[file] = [...names].sort();
      }
      this.emitFile({
        type: 'asset',
        fileName: '.vite/chunk-packages.json',
        source: `${JSON.stringify(packages, null, 1)}\n`,
      });
    },
  };
}

/** Writes .vite/page-paths.json: the addresses with a page, for the server's 404s (src/page-paths.ts). */
function pagePaths(): Plugin {
  return {
    name: 'damso:page-paths',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '.vite/page-paths.json', source: `${JSON.stringify(PAGE_PATHS)}\n` });
    },
  };
}

export default defineConfig({
  plugins: [react(), chunkPackages(), pagePaths(), installableApp()],
  server: {
    port: 5173,
    proxy: { '/trpc': 'http://localhost:3000', '/uploads': 'http://localhost:3000', '/api': 'http://localhost:3000' },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    // Read by the bundle-budget test (apps/web/e2e/bundle-budget.test.ts) to follow each page's imports.
    manifest: true,
    // Every browser the es2022 target admits supports <link rel="modulepreload">; the polyfill would
    // only add its bytes to the first script.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Everything the first page needs in one script: one request, and one gzip stream that
        // compresses better than a dozen small ones. Pages loaded later share code from it.
        codeSplitting: {
          groups: [
            { name: 'initial', tags: ['$initial'] },
            // The list pieces the catalog shares with the staff lists, in one script: split by who
            // shares them they came as five small files a request behind the page's own (LCP +0.4 s).
            {
              name: 'list',
              test: /src\/components\/(list\/(filters|list-view|pager|list-params)|form\/(form-kit|alert))\.tsx?$/,
            },
          ],
        },
        banner: (chunk) => (chunk.moduleIds.some((id) => id.includes('/node_modules/zod/')) ? ZOD_JITLESS : ''),
      },
    },
  },
});
