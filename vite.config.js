// Vite builds the playground site from web/ into build/site/.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The same policy the page declares in a <meta> tag; vite preview also sends it as a header.
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:";

export default defineConfig({
  root: resolve(import.meta.dirname, 'web'),
  base: './',
  publicDir: false,
  build: {
    outDir: resolve(import.meta.dirname, 'build/site'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
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
