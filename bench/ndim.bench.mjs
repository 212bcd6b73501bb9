// N-dimensional-inputs benchmark, side by side in one run: a 4-16-16-3 network (tanh hidden units,
// softmax output, cross-entropy, SGD lr 0.1, batch 10, shuffled epochs) on 150 Iris-like points, trained by
//   ours (engine.network({ inputs: 4 }), the public JS API over the WASM engine), a hand-written plain-JS
//   MLP (bench/plain-softmax-mlp.mjs), convnetjs, tfjs-core with its cpu and wasm backends, and brain.js.
// Every engine starts from the same initial weights (ours, seed 1, copied in) and trains on the same points.
// Data: 50 points per class drawn (seeded) from independent normals with the per-class means and standard
// deviations of Fisher's Iris measurements, shuffled, each column standardised.
// Figures: training examples/s over whole epochs after a warm-up (median of repeats), and, as a check that
// every engine does the task, the training accuracy after 100 epochs from those initial weights.
// Usage: node bench/ndim.bench.mjs [--engines=ours,plain,convnetjs,tfjs-cpu,tfjs-wasm,brain] [--quick]
// Needs the package built (bash scripts/build.sh package).
import { createRequire } from 'node:module';

import { createEngine } from '../dist/index.js';
import { loadTfjs, median, shuffle, tfjsStep, trainingRate } from './bench-util.mjs';
import { mulberry32 } from './plain-mlp.mjs';
import { PlainSoftmaxMlp } from './plain-softmax-mlp.mjs';

const require = createRequire(import.meta.url);
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const REPEATS = 'quick' in args ? 3 : 9;
const LR = 0.1;
const BATCH = 10;
const IN = 4;
const HIDDEN = [16, 16];
const CLASSES = 3;
const CHECK_EPOCHS = 100;

// Fisher's Iris, per class (setosa, versicolor, virginica): means and standard deviations of sepal length,
// sepal width, petal length, petal width (cm).
const IRIS = [
  { mean: [5.006, 3.428, 1.462, 0.246], sd: [0.352, 0.379, 0.174, 0.105] },
  { mean: [5.936, 2.77, 4.26, 1.326], sd: [0.516, 0.314, 0.47, 0.198] },
  { mean: [6.588, 2.974, 5.552, 2.026], sd: [0.636, 0.322, 0.552, 0.275] },
];

function irisLike(perClass, seed) {
  const rand = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const n = perClass * CLASSES;
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  shuffle(order, rand);
  const x = new Float32Array(n * IN), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(i / perClass), p = order[i];
    y[p] = c;
    for (let j = 0; j < IN; j++) x[p * IN + j] = IRIS[c].mean[j] + IRIS[c].sd[j] * normal();
  }
  for (let j = 0; j < IN; j++) {
    let s = 0, s2 = 0;
    for (let p = 0; p < n; p++) { s += x[p * IN + j]; s2 += x[p * IN + j] ** 2; }
    const mu = s / n, sd = Math.sqrt(s2 / n - mu * mu);
    for (let p = 0; p < n; p++) x[p * IN + j] = (x[p * IN + j] - mu) / sd;
  }
  return { x, y, n };
}

const engine = await createEngine();
const data = irisLike(50, 7);
const N = data.n;
const SPEC = {
  inputs: IN,
  layers: HIDDEN.map((units) => ({ units, activation: 'tanh' })),
  output: { units: CLASSES, activation: 'softmax' },
  loss: 'cross_entropy', optimizer: { name: 'sgd', learningRate: LR }, init: 'xavier',
};
// The initial weights every engine starts from (units × inputs, row-major, hidden layers then output).
const INITIAL = (() => {
  const net = engine.network({ ...SPEC, seed: 1 });
  const w = net.getWeights();
  net.dispose();
  return w;
})();
const argmax = (v, off, k) => { let best = 0; for (let j = 1; j < k; j++) if (v[off + j] > v[off + best]) best = j; return best; };
const oneHot = (c) => Array.from({ length: CLASSES }, (_, k) => (k === c ? 1 : 0));

// Each engine: make(seed) -> model starting from INITIAL; fit(model, epochs); accuracy(model) on the
// training points; free(model). Notes say where an engine cannot do exactly the task.
const ENGINES = {
  ours: {
    label: 'ours (WASM, public API)',
    make(seed) {
      const net = engine.network({ ...SPEC, seed });
      net.setWeights(INITIAL);
      return net;
    },
    fit: (net, epochs) => net.fit(data.x, data.y, { epochs, batchSize: BATCH, shuffle: true }),
    accuracy: (net) => net.evaluate(data.x, data.y).accuracy,
    free: (net) => net.dispose(),
  },

  plain: {
    label: 'hand-written plain JS',
    make: (seed) => ({ net: new PlainSoftmaxMlp(IN, INITIAL), order: Uint32Array.from({ length: N }, (_, i) => i), rand: mulberry32(seed) }),
    fit(m, epochs) {
      for (let e = 0; e < epochs; e++) {
        shuffle(m.order, m.rand);
        m.net.fitEpoch(data.x, data.y, N, LR, BATCH, m.order);
      }
    },
    accuracy: (m) => m.net.accuracy(data.x, data.y, N),
    free: () => {},
  },

  convnetjs: {
    label: 'convnetjs 0.3',
    setup() { this.lib = require('convnetjs'); },
    make(seed) {
      const cn = this.lib;
      const net = new cn.Net();
      net.makeLayers([
        { type: 'input', out_sx: 1, out_sy: 1, out_depth: IN },
        ...HIDDEN.map((n) => ({ type: 'fc', num_neurons: n, activation: 'tanh' })),
        { type: 'softmax', num_classes: CLASSES },
      ]);
      net.layers.filter((l) => l.layer_type === 'fc').forEach((fc, l) => {
        const { weights, biases } = INITIAL[l];
        fc.filters.forEach((f, u) => { for (let i = 0; i < f.w.length; i++) f.w[i] = weights[u * f.w.length + i]; });
        for (let u = 0; u < biases.length; u++) fc.biases.w[u] = biases[u];
      });
      const trainer = new cn.Trainer(net, { method: 'sgd', learning_rate: LR, batch_size: BATCH, momentum: 0, l2_decay: 0 });
      return { net, trainer, vol: new cn.Vol(1, 1, IN, 0), order: Uint32Array.from({ length: N }, (_, i) => i), rand: mulberry32(seed) };
    },
    load(m, p) { for (let j = 0; j < IN; j++) m.vol.w[j] = data.x[p * IN + j]; },
    fit(m, epochs) {
      for (let e = 0; e < epochs; e++) {
        shuffle(m.order, m.rand);
        for (const p of m.order) { this.load(m, p); m.trainer.train(m.vol, data.y[p]); }
      }
    },
    accuracy(m) {
      let right = 0;
      for (let p = 0; p < N; p++) { this.load(m, p); if (argmax(m.net.forward(m.vol).w, 0, CLASSES) === data.y[p]) right++; }
      return right / N;
    },
    free: () => {},
  },

  brain: {
    label: 'brain.js 1.6.1',
    note: 'not the same model: brain.js has no softmax output, so its 3 outputs are tanh units trained on one-hot targets ' +
          '(its loss), one example per update (no batches); same initial weights',
    setup() {
      this.lib = require('brain.js');
      this.trainSet = Array.from({ length: N }, (_, p) => ({ input: Array.from(data.x.subarray(p * IN, p * IN + IN)), output: oneHot(data.y[p]) }));
    },
    make(seed) {
      const net = new this.lib.NeuralNetwork({ hiddenLayers: HIDDEN, activation: 'tanh' });
      net.prepTraining(this.trainSet, { learningRate: LR, log: false });
      net.trainOpts.momentum = 0;
      INITIAL.forEach(({ weights, biases }, l) => {
        const inputs = weights.length / biases.length;
        for (let u = 0; u < biases.length; u++) {
          net.biases[l + 1][u] = biases[u];
          for (let i = 0; i < inputs; i++) net.weights[l + 1][u][i] = weights[u * inputs + i];
        }
      });
      return { net, set: this.trainSet.slice(), rand: mulberry32(seed) };
    },
    fit(m, epochs) {
      for (let e = 0; e < epochs; e++) {
        shuffle(m.set, m.rand);
        for (const ex of m.set) m.net.trainPattern(ex);
      }
    },
    accuracy(m) {
      let right = 0;
      for (let p = 0; p < N; p++) if (argmax(m.net.run(this.trainSet[p].input), 0, CLASSES) === data.y[p]) right++;
      return right / N;
    },
    free: () => {},
  },
};

/** tfjs-core, the backward pass in tfjs ops (bench-util.mjs tfjsStep) with a softmax output: dL/dz = (p − onehot)/k. */
function tfjsEngine(backend) {
  return {
    label: `tfjs-core 4.22 (${backend})`,
    async setup() {
      this.tf = await loadTfjs(require, backend);
      this.onehot = Float32Array.from({ length: N * CLASSES }, (_, k) => (data.y[Math.floor(k / CLASSES)] === k % CLASSES ? 1 : 0));
    },
    make(seed) {
      const tf = this.tf;
      // Ours is units × inputs; tfjs multiplies a (batch × inputs) by W (inputs × units).
      const W = INITIAL.map(({ weights, biases }) => tf.variable(tf.transpose(tf.tensor2d(weights, [biases.length, weights.length / biases.length]))));
      const b = INITIAL.map(({ biases }) => tf.variable(tf.tensor1d(biases)));
      const logits = (x) => {
        let a = x;
        for (let l = 0; l < W.length; l++) { const z = tf.add(tf.matMul(a, W[l]), b[l]); a = l < W.length - 1 ? tf.tanh(z) : z; }
        return a;
      };
      return { W, b, logits, order: Uint32Array.from({ length: N }, (_, i) => i), rand: mulberry32(seed),
               bx: new Float32Array(IN * BATCH), by: new Float32Array(CLASSES * BATCH) };
    },
    fit(m, epochs) {
      const tf = this.tf;
      for (let e = 0; e < epochs; e++) {
        shuffle(m.order, m.rand);
        for (let s = 0; s < N; s += BATCH) {
          const k = Math.min(BATCH, N - s);
          for (let j = 0; j < k; j++) {
            const p = m.order[s + j];
            m.bx.set(data.x.subarray(p * IN, p * IN + IN), j * IN);
            m.by.set(this.onehot.subarray(p * CLASSES, p * CLASSES + CLASSES), j * CLASSES);
          }
          tfjsStep(tf, m.W, m.b, m.bx, m.by, k, LR, (z) => tf.softmax(z));
        }
      }
    },
    accuracy(m) {
      const tf = this.tf;
      const z = tf.tidy(() => m.logits(tf.tensor2d(data.x, [N, IN])).dataSync());
      let right = 0;
      for (let p = 0; p < N; p++) if (argmax(z, p * CLASSES, CLASSES) === data.y[p]) right++;
      return right / N;
    },
    free(m) { for (const v of [...m.W, ...m.b]) v.dispose(); },
  };
}
ENGINES['tfjs-cpu'] = tfjsEngine('cpu');
ENGINES['tfjs-wasm'] = tfjsEngine('wasm');

/** Training accuracy after CHECK_EPOCHS epochs from the shared initial weights (median over 3 shuffle seeds). */
function check(e) {
  return median([1, 2, 3].map((seed) => {
    const m = e.make(seed);
    e.fit(m, CHECK_EPOCHS);
    const acc = e.accuracy(m);
    e.free(m);
    return acc;
  }));
}

const chosen = (args.engines ?? 'ours,plain,convnetjs,tfjs-cpu,tfjs-wasm,brain').split(',');
const results = [];
for (const name of chosen) {
  const e = ENGINES[name];
  if (!e) throw new Error(`unknown engine ${name}; known: ${Object.keys(ENGINES).join(', ')}`);
  await e.setup?.();
  const r = { name, label: e.label, note: e.note, start: e.accuracy(e.make(1)), accuracy: check(e), rate: trainingRate(e, N, REPEATS) };
  results.push(r);
  console.error(`${e.label}: ${(r.rate / 1000).toFixed(1)} k ex/s, accuracy ${r.start.toFixed(3)} -> ${r.accuracy.toFixed(3)}`);
}

const f = (v, d) => (Number.isFinite(v) ? v.toFixed(d) : '–');
console.log(`\nN-dimensional inputs: ${N} Iris-like points, ${IN}-${HIDDEN.join('-')}-${CLASSES} tanh, softmax + cross-entropy, ` +
            `SGD lr ${LR}, batch ${BATCH}, the same initial weights; Node ${process.versions.node}, medians of ${REPEATS}\n`);
console.log(`| engine | training, k examples/s | training accuracy: initial → after ${CHECK_EPOCHS} epochs |`);
console.log('|---|---:|---:|');
for (const r of results) console.log(`| ${r.label} | ${f(r.rate / 1000, 1)} | ${f(r.start, 3)} → ${f(r.accuracy, 3)} |`);
const ours = results.find((r) => r.name === 'ours');
const peers = results.filter((r) => r.name !== 'ours');
if (ours && peers.length) {
  const fastest = peers.reduce((a, b) => (b.rate > a.rate ? b : a));
  console.log(`| **ours vs the fastest other** | **${f(ours.rate / fastest.rate, 1)}×** (vs ${fastest.label}) | |`);
}
for (const r of results) if (r.note) console.log(`\n${r.label}: ${r.note}.`);
