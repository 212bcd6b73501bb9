// Builds the embed bundle: web/src/embed/index.ts -> build/site/embed/ap-components.js plus the engine's
// .wasm next to it (scripts/build.sh `embed` step, which also copies both into dist/components/).
// An app build with one entry whose exports are kept, rather than Vite's library mode: library mode
// inlines the .wasm as a data: URL, which a page's CSP (connect-src 'self') would refuse to fetch.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, '..');

export default defineConfig({
  root: resolve(root, 'web'),
  base: './',
  publicDir: false,
  build: {
    outDir: resolve(root, 'build/site/embed'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { 'ap-components': resolve(root, 'web/src/embed/index.ts') },
      preserveEntrySignatures: 'strict',
      output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', assetFileNames: '[name]-[hash][extname]' },
    },
  },
  // Flat output: the worker (ap-playground trains in one) and its .wasm sit next to ap-components.js;
  // the worker's .wasm has the same content hash as the page's, so it is one file.
  worker: {
    format: 'es',
    rollupOptions: { output: { entryFileNames: '[name]-[hash].js', chunkFileNames: '[name]-[hash].js', assetFileNames: '[name]-[hash][extname]' } },
  },
});
