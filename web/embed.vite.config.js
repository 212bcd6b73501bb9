// Builds the embed bundle: web/src/embed/index.ts -> build/site/embed/ap-components.js plus the engine's
// .wasm next to it (scripts/build.sh `embed` step, which also copies both into dist/components/).
// An app build with one entry whose exports are kept, rather than Vite's library mode: library mode
// inlines the .wasm as a data: URL, which a page's CSP (connect-src 'self') would refuse to fetch.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

import { BOOT, isShared } from './chunks.js';

const root = resolve(import.meta.dirname, '..');

// What every element needs (chunks.js) is one chunk, `shared`, which registry.ts fetches next to each
// element's own chunk; what the entry itself imports is `boot`, so the .wasm download starts before any
// of the rest has arrived. What only the training elements use stays with them.
function manualChunks(id) {
  if (BOOT.test(id)) return 'boot';
  return isShared(id) ? 'shared' : undefined;
}

// The bundler's runtime helpers (namespace objects of the dynamically imported modules) are a chunk of
// their own that `shared` imports, which manualChunks never sees: the entry imports it too, so that it
// arrives with boot instead of one request after shared.
function runtimeWithEntry() {
  return {
    name: 'ap-runtime-with-entry',
    generateBundle(_, bundle) {
      const entry = bundle['ap-components.js'];
      const runtime = Object.values(bundle).find((c) => c.type === 'chunk' && c.fileName.startsWith('rolldown-runtime'));
      if (!entry || !runtime || entry.imports.includes(runtime.fileName)) return;
      entry.code = `import "./${runtime.fileName}";\n${entry.code}`;
      entry.imports.push(runtime.fileName);
    },
  };
}


export default defineConfig({
  root: resolve(root, 'web'),
  base: './',
  publicDir: false,
  plugins: [runtimeWithEntry()],
  build: {
    outDir: resolve(root, 'build/site/embed'),
    emptyOutDir: true,
    target: 'es2022',
    // No preload helper: its list of chunk file names breaks when a bundler re-bundles the package
    // (404s); registry.ts starts the shared chunk's download next to each element's instead.
    modulePreload: false,
    rollupOptions: {
      input: { 'ap-components': resolve(root, 'web/src/embed/index.ts') },
      preserveEntrySignatures: 'strict',
      output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', assetFileNames: '[name]-[hash][extname]', manualChunks },
    },
  },
  // Flat output: the worker (ap-playground trains in one) and its .wasm sit next to ap-components.js;
  // the worker's .wasm has the same content hash as the page's, so it is one file.
  worker: {
    format: 'es',
    rollupOptions: { output: { entryFileNames: '[name]-[hash].js', chunkFileNames: '[name]-[hash].js', assetFileNames: '[name]-[hash][extname]' } },
  },
});
