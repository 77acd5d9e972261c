import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  resolve: {
    // The coverage kernels are pure TypeScript shared with the workers: the live what-if runs them in the browser.
    alias: {
      '@mimamori/workers/kernels': resolve(root, '../workers/src/kernels/index.ts'),
      highs: resolve(root, 'src/what-if/highs-unavailable.ts'),
    },
  },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    // maplibre-gl alone is ~1 MB minified; splitting it buys nothing for a single-page map app.
    chunkSizeWarningLimit: 1500,
  },
  // MapLibre starts its tile workers as module workers.
  worker: { format: 'es' },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: true } },
  },
});
