// Builds the embed bundle: web/src/embed/index.ts -> build/site/embed/ap-components.js plus the engine's
// .wasm next to it (scripts/build.sh `embed` step, which also copies both into dist/components/).
// An app build with one entry whose exports are kept, rather than Vite's library mode: library mode
// inlines the .wasm as a data: URL, which a page's CSP (connect-src 'self') would refuse to fetch.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, '..');

// What every element needs (lit, the engine's JS and its glue, the plots, the components' controllers)
// is one chunk, `shared`; each element's own code is a chunk of its own, loaded when its tag appears.
// What the entry itself imports (the .wasm prefetch, the language switch) stays in the entry, so the
// .wasm download starts before any of the rest has arrived.
const SHARED = [/\/web\/src\/embed\/shared\.ts$/, /\/node_modules\/(lit|lit-html|lit-element|@lit|d3-[a-z]+|internmap)\//, /\/web\/src\/(engine|plots|state)\//,
  /\/web\/src\/components\/[^/]+\.ts$/, /\/web\/src\/i18n\/(index|explore)\.ts$/];
function manualChunks(id) {
  if (/\/web\/src\/engine\/(compile|errors)\.ts$|\/components\/engine-context\.ts$|\/i18n\/index\.ts$/.test(id)) return 'boot';
  // What only the training elements use stays with them (the Worker client, CSV parsing, the colour maps).
  if (/\/web\/src\/engine\/(worker|worker-entry|worker-explain|csv)\.ts$|\/node_modules\/d3-(scale|interpolate|color|array)\//.test(id)) return undefined;
  return SHARED.some((re) => re.test(id)) ? 'shared' : undefined;
}

export default defineConfig({
  root: resolve(root, 'web'),
  base: './',
  publicDir: false,
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
