// The layers, as the source's imports draw them: the JS API knows no UI, the modules below the
// components (plots, state, i18n, train-model) know no element, and the components (with the embed
// bundle and the npm `./components` made from them) never reach the app in web/src/playground.
// Each rule follows relative imports transitively, so a component that imports a shared module which
// imports the app fails too; the message shows the chain.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'web/src');

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.d.mts')) out.push(p);
  }
  return out;
}

// Static imports and re-exports (also multi-line), side-effect imports and dynamic import('...').
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

/** The source files a file imports by relative path (`.js` in a specifier maps to the `.ts` beside it). */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1].split('?')[0];
    if (!spec.startsWith('.')) continue;                        // npm packages: outside these rules
    const base = resolve(dirname(file), spec);
    const hit = [base, base.replace(/\.m?js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`]
      .find((p) => existsSync(p) && statSync(p).isFile());
    if (hit && /\.(ts|mts|js|mjs)$/.test(hit)) out.push(hit);
  }
  return out;
}

/** Every module reachable from `file`, each with the chain of imports that reaches it. */
function reachable(file) {
  const chains = new Map([[file, [file]]]);
  const queue = [file];
  while (queue.length > 0) {
    const f = queue.shift();
    for (const g of importsOf(f)) {
      if (chains.has(g)) continue;
      chains.set(g, [...chains.get(f), g]);
      queue.push(g);
    }
  }
  return chains;
}

/** Fails naming each file under `from` that reaches a module under one of `forbidden`. */
function assertNeverReaches(from, forbidden, why) {
  const files = sourceFiles(join(src, from));
  assert.ok(files.length > 0, `no source files under web/src/${from}`);
  const bad = [];
  for (const f of files) {
    for (const [g, chain] of reachable(f)) {
      const rel = relative(src, g);
      if (forbidden.some((d) => rel.startsWith(`${d}/`))) bad.push(chain.map((p) => relative(src, p)).join(' -> '));
    }
  }
  assert.deepEqual(bad, [], `${why}:\n  ${bad.join('\n  ')}`);
}

test('no component (nor the embed bundle) imports from the app, directly or through a shared module', () => {
  assertNeverReaches('components', ['playground', 'tutorial'], 'components reach the app');
  assertNeverReaches('embed', ['playground', 'tutorial'], 'the embed bundle reaches the app');
});

test('the modules below the components import no component and nothing of the app', () => {
  for (const dir of ['plots', 'state', 'i18n', 'train-model'])
    assertNeverReaches(dir, ['components', 'embed', 'playground', 'tutorial'], `web/src/${dir} reaches the UI`);
});

test('the JS API imports nothing outside web/src/engine', () => {
  const outside = [];
  for (const f of sourceFiles(join(src, 'engine')))
    for (const g of importsOf(f))
      if (relative(src, g).split('/')[0] !== 'engine') outside.push(`${relative(src, f)} -> ${relative(src, g)}`);
  assert.deepEqual(outside, [], 'the engine imports UI modules');
});

test('the import scanner sees the imports it is meant to see (a known edge of each kind)', () => {
  // Guards the rules above against a scanner that finds nothing and so passes everything.
  const rel = (f) => importsOf(join(src, f)).map((p) => relative(src, p));
  assert.ok(rel('components/ap-playground/ap-playground.ts').includes('train-model/settings.ts'));
  assert.ok(rel('embed/registry.ts').includes('components/ap-playground/ap-playground.ts'));
  assert.ok(rel('playground/train/view.ts').includes('train-model/settings.ts'));
});
