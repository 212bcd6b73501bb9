// The playground's pure modules the fuzzers drive (the URL-state parser, the Train settings table, the
// engine's CSV parser that the Train view uses), bundled from their TypeScript sources with Vite (the project's bundler) into one ES
// module under build/fuzz/, then imported: the same code the site runs, without a browser.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const out = join(root, 'build/fuzz');

/** Resolves to the module namespace: UrlState, parseValue, formatValue, splitHash, PROPS, parseSettings, ..., parseCsv, CsvError. */
export async function loadWebModules() {
  const { build } = await import('vite');
  mkdirSync(out, { recursive: true });
  const entry = join(out, 'entry.ts');
  writeFileSync(entry, [
    `export * from '${join(root, 'web/src/state/url-state.ts')}';`,
    `export * from '${join(root, 'web/src/state/params-spec.ts')}';`,
    `export * from '${join(root, 'web/src/train-model/settings.ts')}';`,
    `export * from '${join(root, 'web/src/engine/csv.ts')}';`,
  ].join('\n'));
  await build({
    configFile: false, logLevel: 'warn', root,
    build: { lib: { entry, formats: ['es'], fileName: () => 'web.mjs' }, outDir: out, emptyOutDir: false, minify: false, write: true },
  });
  return import(pathToFileURL(join(out, 'web.mjs')).href);
}
