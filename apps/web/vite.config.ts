import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * zod 4 compiles object parsers with `new Function` unless its global config says `jitless`, and even
 * its probe for eval is reported as a violation of the shop's CSP. The setting is read when a schema is
 * built, so it must exist before zod's own module runs: zod adopts `globalThis.__zod_globalConfig` when
 * one is there, and this line opens every chunk that holds zod, ahead of its code. (An ordinary first
 * import in main.tsx does not do it: the bundler runs shared chunks before the entry's own code.)
 */
const ZOD_JITLESS = 'globalThis.__zod_globalConfig??={jitless:true};';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/trpc': 'http://localhost:3000', '/uploads': 'http://localhost:3000', '/api': 'http://localhost:3000' },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      output: {
        banner: (chunk) => (chunk.moduleIds.some((id) => id.includes('/node_modules/zod/')) ? ZOD_JITLESS : ''),
      },
    },
  },
});
