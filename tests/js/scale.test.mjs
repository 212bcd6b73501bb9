// web/src/plots/scale.ts against d3-scale's scaleLinear, which it replaces on the first-paint path: the
// same pixel for every value, the same inverse, ticks, nice() domain and tick labels, bit for bit, over
// random domains of every magnitude (reversed and degenerate ones too) and tick counts. And
// web/src/plots/format.ts against d3-format, which it replaces there: the same string for every value.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { format as d3format, precisionFixed as d3precisionFixed } from 'd3-format';
import { scaleLinear } from 'd3-scale';

const root = join(import.meta.dirname, '../..');

/** web/src/plots/NAME.ts, built by Vite into build/scale-test/NAME.mjs and imported. */
async function loadPlots(name) {
  const { build } = await import('vite');
  const out = join(root, 'build/scale-test');
  mkdirSync(out, { recursive: true });
  await build({
    configFile: false, logLevel: 'warn', root,
    build: { lib: { entry: join(root, `web/src/plots/${name}.ts`), formats: ['es'], fileName: () => `${name}.mjs` }, outDir: out,
             emptyOutDir: false, minify: false, write: true },
  });
  return import(pathToFileURL(join(out, `${name}.mjs`)).href);
}
const loadScale = () => loadPlots('scale');

function* domains() {
  let s = 7;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  yield [0, 1]; yield [-6, 6]; yield [5, 5]; yield [3, -2]; yield [0, 0]; yield [-1e-9, 3e-9]; yield [1e12, 1.000001e12];
  for (let i = 0; i < 3000; i++) {
    const mag = 10 ** Math.floor(rand() * 16 - 8);
    const a = (rand() * 2 - 1) * mag * 10;
    const b = rand() < 0.1 ? a : a + (rand() * 2 - (rand() < 0.2 ? 1.5 : 0)) * mag;
    yield [a, b];
  }
}

test('linearScale gives what d3 scaleLinear gives: pixels, inverse, ticks, nice and labels', async () => {
  const { linearScale } = await loadScale();
  let checked = 0;
  for (const d of domains()) {
    const range = [412.5, 18];  // a y axis: pixels grow downwards
    const ours = linearScale().domain(d).range(range);
    const theirs = scaleLinear().domain(d).range(range);
    for (const count of [1, 2, 3, 5, 6, 8, 10, 15]) {
      const why = `domain ${d}, count ${count}`;
      assert.deepEqual(ours.ticks(count), theirs.ticks(count), `ticks: ${why}`);
      const [f, g] = [ours.tickFormat(count), theirs.tickFormat(count)];
      for (const t of theirs.ticks(count).concat(d)) assert.equal(f(t), g(t), `label of ${t}: ${why}`);
      assert.deepEqual(linearScale().domain(d).nice(count).domain(), scaleLinear().domain(d).nice(count).domain(), `nice: ${why}`);
    }
    for (const v of [d[0], d[1], (d[0] + d[1]) / 2, d[0] * 1.37 - d[1] * 0.2]) assert.ok(Object.is(ours(v), theirs(v)), `scale(${v}), domain ${d}`);
    for (const p of [412.5, 18, 200.25, -3]) assert.ok(Object.is(ours.invert(p), theirs.invert(p)), `invert(${p}), domain ${d}`);
    assert.deepEqual(ours.nice().domain(), theirs.nice().domain());
    checked++;
  }
  assert.ok(checked > 3000);
});

test('format gives what d3-format gives for every specifier the first paint uses, and precisionFixed too', async () => {
  const { format, precisionFixed } = await loadPlots('format');
  let s = 11;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const values = [0, -0, 1, -1, 0.5, -0.00004, 0.99995, 999.95, 1234567.891, 1e21, 1.5e21, -2e-7, 5e-324, 1.7976931348623157e308,
                  NaN, Infinity, -Infinity, 0.1 + 0.2, 100, 0.125, -0.0005, 0.0005];
  for (let i = 0; i < 4000; i++) {
    const v = (rand() * 2 - 1) * 10 ** Math.floor(rand() * 40 - 20);
    values.push(v, Math.round(v), Math.fround(v));
  }
  const specs = ['.4~g', '.3~g', '.1~g', '.21~g', '.6g', '.1%', '.0%', ',f', ',.0f', ',.1f', ',.3f', ',.12f', ',.20f'];
  for (const spec of specs) {
    const [ours, theirs] = [format(spec), d3format(spec)];
    for (const v of values) assert.equal(ours(v), theirs(v), `format('${spec}')(${v})`);
  }
  for (const v of values) assert.ok(Object.is(precisionFixed(v), d3precisionFixed(v)), `precisionFixed(${v})`);
  assert.throws(() => format('.2s'), (e) => e instanceof RangeError && /format: spec/.test(e.message));
});
