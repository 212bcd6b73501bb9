// Kernel-only timings: each activation's SIMD128 forward, derivative and fused forward+derivative
// (ap::forward_derivative) on 2^20 float32 in [-8, 8] already on the WASM heap, through the raw module
// (no copies in or out, no allocation): where the time of bench/activations.bench.mjs goes that is not
// the JS boundary. Median of 15 runs, ms per call and Melem/s.
//   node bench/kernels.mjs [sigmoid,tanh,...]
import { performance } from 'node:perf_hooks';

import { loadModule } from '../dist/load.js';

const raw = await loadModule();
const catalogue = raw._catalogue();
const N = 1 << 20;
const only = process.argv[2] ? new Set(process.argv[2].split(',')) : null;

const px = raw._malloc(N * 4), py = raw._malloc(N * 4), pd = raw._malloc(N * 4);
let s = 12345;
const x = new Float32Array(raw.HEAPF32.buffer, px, N);
for (let i = 0; i < N; i++) {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0;  // the same inputs as activations.bench.mjs
  x[i] = -8 + ((s >>> 8) / 16777216) * 16;
}
const median = (fn) => {
  for (let w = 0; w < 3; w++) fn();
  const t = [];
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[7];
};
const cell = (ms) => `${ms.toFixed(3)} ms (${(N / ms / 1e3).toFixed(0)})`;
console.log(`Kernels, 2^20 float32 in [-8, 8] on the heap, ms per call (Melem/s), SIMD128: ${raw._simdEnabled()}`);
console.log('');
console.log('| activation | f | f′ | f and f′ fused | fused / (f + f′) |');
console.log('|---|---|---|---|---|');
catalogue.forEach((e, i) => {
  if (only && !only.has(e.name)) return;
  const d = Object.fromEntries(Object.entries(e.params).map(([k, m]) => [k, m.default]));
  const p = [d.alpha ?? 0, d.beta ?? 1, d.theta ?? 1, d.threshold ?? 20];
  const f = median(() => raw._forwardPtr(i, ...p, px, py, N));
  const df = median(() => raw._derivativePtr(i, ...p, px, pd, N));
  const both = median(() => raw._forwardDerivativePtr(i, ...p, px, py, pd, N));
  console.log(`| ${e.name} | ${cell(f)} | ${cell(df)} | ${cell(both)} | ${(both / (f + df)).toFixed(2)} |`);
});
