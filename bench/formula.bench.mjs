// Formula activations against the built-ins they re-type, side by side in one run, through the same
// public JS calls (issue 13's targets: a formula >= 1/4 of the built-in's speed; a 2-8-8-1 network
// with formula hidden layers trains at >= 1/2 of the built-in network's speed).
//   activations: 2^16 float32 in [-8, 8] per call (--n), act.forward(x, out) and
//                act.valueAndDerivative(x, out), Melem/s;
//   training:    circle, 500 points (half for training), 2-8-8-1, sigmoid output, SGD lr 0.03, batch 10,
//                k examples/s, one epoch (250 examples) per fit() call.
// Each figure is the best (fastest) of --reps calls, the contenders interleaved call by call: on a shared
// host a call of a few ms is often preempted, and the fastest one is the least disturbed; the ratios
// compare like with like.
// Usage: bash scripts/build.sh package && node bench/formula.bench.mjs [--reps 300] [--n 65536]
import { createEngine, splitDataset } from '../dist/index.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const reps = arg('reps', 300);
const engine = await createEngine();
const best = (a) => Math.max(...a);

// [built-in name, formula, its params]
const pairs = [
  ['silu', 'x * sigmoid(x)'],
  ['tanh', 'tanh(x)'],
  ['swish', 'x * sigmoid(beta * x)', { beta: { default: 1, min: 0, max: 10, learnable: true } }],
  ['mish', 'x * tanh(softplus(x))'],
  ['gelu', '0.5 * x * erfc(-x / sqrt(2))'],
  ['elu', 'where(x > 0, x, alpha * expm1(x))', { alpha: { default: 1, min: 0, max: 10 } }],
];
for (const [name, formula, params] of pairs) engine.defineActivation({ name: `f_${name}`, formula, params });

const N = arg('n', 1 << 16);
const x = Float32Array.from({ length: N }, (_, i) => -8 + (16 * i) / N);
const out = new Float32Array(N), out2 = new Float32Array(N);
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

console.log(`machine: Node ${process.version}, SIMD128: ${engine.simd}; n = ${N}, best of ${reps} interleaved calls`);
console.log('\n| activation | built-in fwd | formula fwd | ratio | built-in f, f′ | formula f, f′ | ratio |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [name, formula] of pairs) {
  const acts = [engine.activation(name), engine.activation(`f_${name}`)];
  for (const a of acts) for (let i = 0; i < 3; i++) a.valueAndDerivative(x, { value: out, derivative: out2 }), a.forward(x, out);
  const fwd = [[], []], both = [[], []];
  for (let r = 0; r < reps; r++) {
    acts.forEach((a, k) => {
      fwd[k].push(N / 1e3 / time(() => a.forward(x, out)));
      both[k].push(N / 1e3 / time(() => a.valueAndDerivative(x, { value: out, derivative: out2 })));
    });
  }
  const [bf, ff, bb, fb] = [best(fwd[0]), best(fwd[1]), best(both[0]), best(both[1])];
  console.log(`| ${name} vs \`${formula}\` | ${bf.toFixed(0)} | ${ff.toFixed(0)} | ${(ff / bf).toFixed(2)} | ` +
              `${bb.toFixed(0)} | ${fb.toFixed(0)} | ${(fb / bb).toFixed(2)} |`);
}

const { train } = splitDataset(engine.dataset('circle', { n: 500, noise: 0, seed: 1 }), 0.5);
const spec = (act, learnable) => ({
  layers: [{ units: 8, activation: act, learnable }, { units: 8, activation: act, learnable }],
  output: { units: 1, activation: 'sigmoid' }, optimizer: { name: 'sgd', learningRate: 0.03 }, seed: 1,
});
console.log('\n| 2-8-8-1 hidden | built-in, k examples/s | formula, k examples/s | ratio |');
console.log('|---|---:|---:|---:|');
for (const [name, learnable] of [['silu', 'none'], ['tanh', 'none'], ['swish', 'unit']]) {
  const nets = [engine.network(spec(name, learnable)), engine.network(spec(`f_${name}`, learnable))];
  for (const n of nets) n.fit(train.x, train.y, { epochs: 100, batchSize: 10 });
  const rates = [[], []];
  for (let r = 0; r < reps; r++)
    nets.forEach((n, k) => rates[k].push(train.n / time(() => n.fit(train.x, train.y, { epochs: 1, batchSize: 10 }))));
  const [b, f] = [best(rates[0]), best(rates[1])];
  console.log(`| ${name}${learnable === 'unit' ? ' (β learnable per unit)' : ''} vs \`f_${name}\` | ${b.toFixed(0)} | ${f.toFixed(0)} | ${(f / b).toFixed(2)} |`);
  for (const n of nets) n.dispose();
}
