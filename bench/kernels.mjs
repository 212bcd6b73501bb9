// Kernel-only timings: each activation's SIMD128 forward, derivative and fused forward+derivative
// (ap::forward_derivative) on 2^20 float32 in [-8, 8] already on the WASM heap, through the raw module
// (no copies in or out, no allocation): where the time of bench/activations.bench.mjs goes that is not
// the JS boundary. Median of 15 runs, ms per call and Melem/s.
//   node bench/kernels.mjs [sigmoid,tanh,...] [--against DIST] [--beta B]
// --beta B: beta = B instead of the default for the activations that have one (swish, softplus: their
// float64-lane kernels for beta != 1).
// --against DIST: also loads another build's package (a dist/ folder, e.g. an older commit's) into the
// same process and times both side by side, alternating the two run by run, so both see the same load on
// the machine; prints each one's best of 15 runs (preemption on a shared host only ever adds time) in ms
// per call and the ratio (this build / DIST).
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const at = args.indexOf('--against');
const against = at >= 0 ? args.splice(at, 2)[1] : null;
if (at >= 0 && !against) throw new Error('--against needs a dist folder');
const bt = args.indexOf('--beta');
const beta = bt >= 0 ? Number(args.splice(bt, 2)[1]) : null;
if (bt >= 0 && !Number.isFinite(beta)) throw new Error('--beta needs a number');
const only = args[0] ? new Set(args[0].split(',')) : null;
const N = 1 << 20;

async function engineAt(dist) {
  const { loadModule } = await import(pathToFileURL(resolve(dist, 'load.js')).href);
  const raw = await loadModule();
  const px = raw._malloc(N * 4), py = raw._malloc(N * 4), pd = raw._malloc(N * 4);
  let s = 12345;
  const x = new Float32Array(raw.HEAPF32.buffer, px, N);
  for (let i = 0; i < N; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;  // the same inputs as activations.bench.mjs
    x[i] = -8 + ((s >>> 8) / 16777216) * 16;
  }
  return { raw, px, py, pd, catalogue: raw._catalogue() };
}

const engines = [await engineAt(new URL('../dist', import.meta.url).pathname)];
if (against) engines.push(await engineAt(against));

/** Median (best, with --against) ms per call of each fn, the fns run alternately (3 warm-up rounds, 15 timed). */
const medians = (fns) => {
  for (let w = 0; w < 3; w++) fns.forEach((fn) => fn());
  const t = fns.map(() => []);
  for (let r = 0; r < 15; r++) {
    fns.forEach((fn, k) => {
      const t0 = performance.now();
      fn();
      t[k].push(performance.now() - t0);
    });
  }
  return t.map((a) => a.sort((p, q) => p - q)[against ? 0 : 7]);
};
const cell = (ms) => `${ms.toFixed(3)} ms (${(N / ms / 1e3).toFixed(0)})`;
const pair = ([a, b]) => `${a.toFixed(3)} / ${b.toFixed(3)} ms (${(a / b).toFixed(2)})`;
const simd = engines.map((e) => e.raw._simdEnabled()).join(', ');
console.log(`Kernels, 2^20 float32 in [-8, 8] on the heap, ms per call (Melem/s), SIMD128: ${simd}`);
if (against) console.log(`Side by side: this build / ${against} (ratio)`);
console.log('');
console.log(against ? '| activation | f | f′ | f and f′ fused |' : '| activation | f | f′ | f and f′ fused | fused / (f + f′) |');
console.log(against ? '|---|---|---|---|' : '|---|---|---|---|---|');
const totals = engines.map(() => 0);
engines[0].catalogue.forEach((e, i) => {
  if (only && !only.has(e.name)) return;
  const d = Object.fromEntries(Object.entries(e.params).map(([k, m]) => [k, m.default]));
  const p = [d.alpha ?? 0, (beta !== null && 'beta' in d ? beta : d.beta) ?? 1, d.theta ?? 1, d.threshold ?? 20];
  const time = (call) => medians(engines.map((g) => () => call(g)));
  const f = time((g) => g.raw._forwardPtr(i, ...p, g.px, g.py, N));
  const df = time((g) => g.raw._derivativePtr(i, ...p, g.px, g.pd, N));
  const both = time((g) => g.raw._forwardDerivativePtr(i, ...p, g.px, g.py, g.pd, N));
  engines.forEach((_, k) => { totals[k] += f[k] + df[k] + both[k]; });
  if (against) console.log(`| ${e.name} | ${pair(f)} | ${pair(df)} | ${pair(both)} |`);
  else console.log(`| ${e.name} | ${cell(f[0])} | ${cell(df[0])} | ${cell(both[0])} | ${(both[0] / (f[0] + df[0])).toFixed(2)} |`);
});
if (against) console.log(`| all (sum) | | | ${pair(totals)} |`);
