// Vite builds the playground site from web/ into build/site/.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

import { BOOT, EXPLORE_ELEMENTS, isShared } from './web/chunks.js';

// The same policy the page declares in a <meta> tag; vite preview also sends it as a header.
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:";

// What main.ts imports to start the .wasm download is `boot`; the first view's code (Explore, its elements
// and what they share with the other views, web/chunks.js) is one chunk, `core`, that main.ts's import of
// app.js preloads next to it; every other view's code loads with its tab. Left to the bundler, the first
// view was some twenty small chunks, queueing for the six connections a browser opens to an HTTP/1.1 server.
function manualChunks(id) {
  if (BOOT.test(id)) return 'boot';
  return isShared(id) || EXPLORE_ELEMENTS.test(id) ? 'core' : undefined;
}

export default defineConfig({
  root: resolve(import.meta.dirname, 'web'),
  base: './',
  publicDir: false,
  build: {
    outDir: resolve(import.meta.dirname, 'build/site'),
    emptyOutDir: true,
    target: 'es2022',
    // Every browser the site supports (ES2022, WebAssembly SIMD) preloads modules itself: no polyfill chunk.
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: { manualChunks },
      input: {
        index: resolve(import.meta.dirname, 'web/index.html'),
        tutorial: resolve(import.meta.dirname, 'web/tutorial.html'),
      },
    },
  },
  worker: { format: 'es' },
  preview: { headers: { 'Content-Security-Policy': CSP } },
  server: { headers: { 'Content-Security-Policy': CSP } },
});
