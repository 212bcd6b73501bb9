// Activation throughput, side by side in one run: this engine through its public JS API (dist/),
// @tensorflow/tfjs-backend-wasm (SIMD build, single-threaded, XNNPACK), @tensorflow/tfjs-backend-cpu
// and a plain JS loop. 2^20 float32 in [-8, 8]; every contender starts from a JS Float32Array and
// ends with JS Float32Array(s) it owns (tfjs: tensor upload + op + dataSync + dispose), so the
// figures include crossing into and out of each engine.
//   forward:      y = f(x). Ours twice: into a new array (forward(x)), and into an array the caller
//                 keeps (forward(x, out): no allocation, what a plot redrawn every frame does; tfjs's
//                 dataSync has no such form).
//   fwd+bwd:      y = f(x) and dx = f'(x) (dy = 1): ours valueAndDerivative(x) (one pass, new
//                 arrays; and into out arrays); tfjs tf.valueAndGrad(f) (one tape, value and gradient
//                 read back); JS two loops.
// The contenders are interleaved: --rounds passes (default 5) over everything, --reps timed runs
// (default 3) per contender and pass, so that the load of a shared machine hits all of them alike;
// the figure is the median of all rounds x reps runs, in Melem/s, with ratios. Prints a markdown table.
//   node bench/activations.bench.mjs [--rounds 5] [--reps 3] [--n 1048576] [--act sigmoid,tanh]
import os from 'node:os';
import { performance } from 'node:perf_hooks';

import * as tf from '@tensorflow/tfjs-core';
import './tfjs-gradients.mjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

import { createEngine } from '../dist/index.js';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const N = Number(args.n ?? 1 << 20);
const REPS = Number(args.reps ?? 3);
const ROUNDS = Number(args.rounds ?? 5);
const only = args.act ? new Set(args.act.split(',')) : null;

// ---- inputs ------------------------------------------------------------------------------------
function uniform(n, lo, hi, seed = 12345) {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;  // LCG: reproducible, no dependency
    x[i] = lo + ((s >>> 8) / 16777216) * (hi - lo);
  }
  return x;
}
const X = uniform(N, -8, 8);
const OUT_Y = new Float32Array(N), OUT_D = new Float32Array(N);  // ours' out arrays, reused

// ---- contenders --------------------------------------------------------------------------------
const SELU_L = 1.0507009873554805, SELU_A = 1.6732632423543772;
const sig = (v) => 1 / (1 + Math.exp(-v));
const softplus = (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
// erf by Abramowitz-Stegun 7.1.26 (1.5e-7): what a plain JS gelu would use.
const erf = (v) => {
  const s = Math.sign(v), a = Math.abs(v), t = 1 / (1 + 0.3275911 * a);
  return s * (1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a));
};
/** Plain JS: f and f' per element, the textbook formulas a JS user would write. */
const JS = {
  identity: [(v) => v, () => 1],
  step: [(v) => (v > 0 ? 1 : 0), () => 0],
  sigmoid: [sig, (v) => { const s = sig(v); return s * (1 - s); }],
  hard_sigmoid: [(v) => Math.min(Math.max(v + 3, 0), 6) / 6, (v) => (v > -3 && v < 3 ? 1 / 6 : 0)],
  log_sigmoid: [(v) => -softplus(-v), (v) => sig(-v)],
  tanh: [Math.tanh, (v) => { const t = Math.tanh(v); return 1 - t * t; }],
  hard_tanh: [(v) => Math.min(Math.max(v, -1), 1), (v) => (v > -1 && v < 1 ? 1 : 0)],
  softsign: [(v) => v / (1 + Math.abs(v)), (v) => 1 / (1 + Math.abs(v)) ** 2],
  relu: [(v) => (v > 0 ? v : 0), (v) => (v > 0 ? 1 : 0)],
  relu6: [(v) => Math.min(Math.max(v, 0), 6), (v) => (v > 0 && v < 6 ? 1 : 0)],
  leaky_relu: [(v) => (v > 0 ? v : 0.01 * v), (v) => (v > 0 ? 1 : 0.01)],
  prelu: [(v) => (v > 0 ? v : 0.25 * v), (v) => (v > 0 ? 1 : 0.25)],
  thresholded_relu: [(v) => (v > 1 ? v : 0), (v) => (v > 1 ? 1 : 0)],
  elu: [(v) => (v > 0 ? v : Math.expm1(v)), (v) => (v > 0 ? 1 : Math.exp(v))],
  selu: [(v) => SELU_L * (v > 0 ? v : SELU_A * Math.expm1(v)), (v) => (v > 0 ? SELU_L : SELU_L * SELU_A * Math.exp(v))],
  celu: [(v) => (v > 0 ? v : Math.expm1(v)), (v) => (v > 0 ? 1 : Math.exp(v))],
  gelu: [(v) => 0.5 * v * (1 + erf(v / Math.SQRT2)),
    (v) => 0.5 * (1 + erf(v / Math.SQRT2)) + v * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI)],
  gelu_tanh: [(v) => 0.5 * v * (1 + Math.tanh(0.7978845608 * (v + 0.044715 * v ** 3))), (v) => {
    const t = Math.tanh(0.7978845608 * (v + 0.044715 * v ** 3));
    return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * 0.7978845608 * (1 + 0.134145 * v * v);
  }],
  swish: [(v) => v * sig(v), (v) => { const s = sig(v); return s + v * s * (1 - s); }],
  silu: [(v) => v * sig(v), (v) => { const s = sig(v); return s + v * s * (1 - s); }],
  hard_swish: [(v) => v * Math.min(Math.max(v + 3, 0), 6) / 6, (v) => (v < -3 ? 0 : v > 3 ? 1 : (2 * v + 3) / 6)],
  mish: [(v) => v * Math.tanh(softplus(v)), (v) => {
    const t = Math.tanh(softplus(v));
    return t + v * sig(v) * (1 - t * t);
  }],
  softplus: [softplus, sig],
};

/** tfjs equivalents: the op where tfjs has one, else the composition a tfjs user would write. */
const TF = {
  sigmoid: (t) => tf.sigmoid(t),
  log_sigmoid: (t) => tf.logSigmoid(t),
  tanh: (t) => tf.tanh(t),
  relu: (t) => tf.relu(t),
  relu6: (t) => tf.relu6(t),
  leaky_relu: (t) => tf.leakyRelu(t, 0.01),
  prelu: (t) => tf.prelu(t, tf.scalar(0.25)),
  elu: (t) => tf.elu(t),
  selu: (t) => tf.selu(t),
  softplus: (t) => tf.softplus(t),
  step: (t) => tf.step(t, 0),
  swish: (t) => tf.mul(t, tf.sigmoid(t)),
  silu: (t) => tf.mul(t, tf.sigmoid(t)),
  mish: (t) => tf.mul(t, tf.tanh(tf.softplus(t))),
};
const COMPOSED = new Set(['swish', 'silu', 'mish']);

function median(a) {
  const s = [...a].sort((p, q) => p - q);
  return s[s.length >> 1];
}
/** Milliseconds of REPS timed runs of fn (after one warm-up run), appended to samples[key]. */
const samples = {};
function measure(key, fn) {
  let sink = fn().length;
  const times = (samples[key] ??= []);
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    const out = fn();
    times.push(performance.now() - t0);
    sink += out.length;
  }
  if (sink < 0) console.log(sink);
}
/** Median throughput of everything measured under key, in Melem/s. */
const rate = (key) => (samples[key] ? N / (median(samples[key]) * 1e3) : undefined);

function jsForward(f) {
  return () => {
    const y = new Float32Array(N);
    for (let i = 0; i < N; i++) y[i] = f(X[i]);
    return y;
  };
}
function jsBoth(f, df) {
  return () => {
    const y = new Float32Array(N), d = new Float32Array(N);
    for (let i = 0; i < N; i++) y[i] = f(X[i]);
    for (let i = 0; i < N; i++) d[i] = df(X[i]);
    return [y, d].length === 2 ? d : y;
  };
}
function tfForward(op) {
  return () => {
    const t = tf.tensor1d(X);
    const y = op(t);
    const out = y.dataSync();
    tf.dispose([t, y]);
    return out;
  };
}
function tfBoth(op) {
  const vg = tf.valueAndGrad(op);
  return () => {
    const t = tf.tensor1d(X);
    const { value, grad } = vg(t);
    const y = value.dataSync();
    const d = grad.dataSync();
    tf.dispose([t, value, grad]);
    return y.length === d.length ? d : y;
  };
}

// ---- run ---------------------------------------------------------------------------------------
const engine = await createEngine();
const names = engine.activations.map((a) => a.name).filter((n) => !only || only.has(n));
const acts = Object.fromEntries(names.map((n) => [n, engine.activation(n)]));

tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);  // single-threaded, like ours
await tf.setBackend('wasm');
await tf.ready();
const tfSimd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');

for (let round = 0; round < ROUNDS; round++) {
  for (const name of names) {
    const act = acts[name];
    measure(`${name}/ours`, () => act.forward(X));
    measure(`${name}/oursOut`, () => act.forward(X, OUT_Y));
    measure(`${name}/oursBoth`, () => act.valueAndDerivative(X).derivative);
    measure(`${name}/oursBothOut`, () => act.valueAndDerivative(X, { value: OUT_Y, derivative: OUT_D }).derivative);
    if (JS[name]) {
      measure(`${name}/js`, jsForward(JS[name][0]));
      measure(`${name}/jsBoth`, jsBoth(...JS[name]));
    }
  }
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    for (const name of names) {
      if (!TF[name]) continue;
      measure(`${name}/${backend}`, tfForward(TF[name]));
      measure(`${name}/${backend}Both`, tfBoth(TF[name]));
    }
  }
}
const rows = Object.fromEntries(names.map((n) => [n, Object.fromEntries(
  ['ours', 'oursOut', 'oursBoth', 'oursBothOut', 'js', 'jsBoth', 'wasm', 'wasmBoth', 'cpu', 'cpuBoth'].map((k) => [k, rate(`${n}/${k}`)]))]));

// ---- report ------------------------------------------------------------------------------------
const f0 = (v) => (v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const ratio = (a, b) => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(1)}×`);
console.log(`Activations, ${N} float32 in [-8, 8], median of ${ROUNDS} interleaved rounds x ${REPS} runs, Melem/s (higher is better)`);
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores), Node ${process.version}, ` +
            `ours SIMD128: ${engine.simd}, tfjs-wasm SIMD: ${tfSimd} (single-threaded), tfjs ${tf.version_core}`);
console.log('');
console.log('| activation | ours fwd | ours fwd, out | tfjs-wasm | tfjs-cpu | JS loop | ours / tfjs-wasm (new, out) | ' +
            'ours f, f′ | ours f, f′, out | tfjs-wasm grad | tfjs-cpu grad | JS loop | ours / best other (new, out) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const name of names) {
  const r = rows[name];
  const best = Math.max(...[r.wasmBoth, r.cpuBoth, r.jsBoth].filter((v) => v !== undefined));
  const label = COMPOSED.has(name) ? `${name} (tfjs composed)` : name;
  const two = (a, b, c) => (c === undefined ? '–' : `${ratio(a, c)}, ${ratio(b, c)}`);
  console.log(`| ${label} | ${f0(r.ours)} | ${f0(r.oursOut)} | ${f0(r.wasm)} | ${f0(r.cpu)} | ${f0(r.js)} | ${two(r.ours, r.oursOut, r.wasm)} | ` +
              `${f0(r.oursBoth)} | ${f0(r.oursBothOut)} | ${f0(r.wasmBoth)} | ${f0(r.cpuBoth)} | ${f0(r.jsBoth)} | ${two(r.oursBoth, r.oursBothOut, best)} |`);
}
