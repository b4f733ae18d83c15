import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/trpc': 'http://localhost:3000', '/uploads': 'http://localhost:3000', '/api': 'http://localhost:3000' },
  },
  build: { target: 'es2022', sourcemap: false },
});
