// engine.dataset / engine.network / engine.loadNetwork against the real WASM build (dist/).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { createEngine, splitDataset } from '../../dist/index.js';
import { throwsNamed, track } from './fixtures.mjs';

let engine;
before(async () => {
  engine = await createEngine();
});

const playground = (hidden, seed, extra = {}) => ({
  features: ['x1', 'x2'],
  layers: [{ units: 8, activation: hidden }, { units: 8, activation: hidden }],
  output: { units: 1, activation: 'sigmoid' },
  loss: 'bce',
  optimizer: { name: 'sgd', learningRate: 0.03 },
  seed,
  ...extra,
});

// Trains 10 epochs at a time until the test accuracy reaches `target`; returns the epochs used, or -1.
function epochsTo(net, train, test, target, maxEpochs) {
  for (let e = 10; e <= maxEpochs; e += 10) {
    net.fit(train.x, train.y, { epochs: 10, batchSize: 10 });
    if (net.evaluate(test.x, test.y).accuracy >= target) return e;
  }
  return -1;
}

describe('dataset', () => {
  test('has the documented shape, balanced labels and a seeded order', () => {
    for (const name of ['xor', 'circle', 'gaussian', 'spiral']) {
      const d = engine.dataset(name, { n: 101, noise: 0.1, seed: 3 });
      assert.equal(d.n, 101);
      assert.equal(d.classes, 2);
      assert.ok(d.x instanceof Float32Array && d.x.length === 202, name);
      assert.ok(d.y instanceof Float32Array && d.y.length === 101, name);
      const ones = d.y.reduce((a, b) => a + b, 0);
      assert.ok(ones > 20 && ones < 81, `${name}: ${ones} of 101 in class 1`);
      for (const v of d.x) assert.ok(Math.abs(v) < 8, `${name}: ${v}`);
      assert.deepEqual(engine.dataset(name, { n: 101, noise: 0.1, seed: 3 }), d);
      assert.notDeepEqual(engine.dataset(name, { n: 101, noise: 0.1, seed: 4 }).x, d.x);
    }
  });

  test('circle labels follow the radius when noise is 0', () => {
    const d = engine.dataset('circle', { n: 400, seed: 2 });
    for (let i = 0; i < d.n; i++) assert.equal(d.y[i], Math.hypot(d.x[2 * i], d.x[2 * i + 1]) < 2.5 ? 1 : 0);
  });

  test('the spiral takes 3 or more arms with balanced class indices', () => {
    const d = engine.dataset('spiral', { n: 300, classes: 3, seed: 1 });
    assert.equal(d.classes, 3);
    const counts = [0, 0, 0];
    for (const v of d.y) counts[v]++;
    assert.deepEqual(counts, [100, 100, 100]);
  });

  test('custom points become a dataset; splitDataset splits in order', () => {
    const d = engine.dataset('custom', { x: [0, 0, 1, 1, 2, 2], y: [0, 2, 1] });
    assert.equal(d.n, 3);
    assert.equal(d.classes, 3);
    const { train, test } = splitDataset(d, 2 / 3);
    assert.deepEqual([...train.y], [0, 2]);
    assert.deepEqual([...test.x], [2, 2]);
  });

  test('bad arguments are TypeError/RangeError naming them', () => {
    throwsNamed(() => engine.dataset('moons'), RangeError, /dataset: name/);
    throwsNamed(() => engine.dataset(3), TypeError, /dataset: name/);
    throwsNamed(() => engine.dataset('circle', { n: 0 }), RangeError, /options\.n/);
    throwsNamed(() => engine.dataset('circle', { noise: 2 }), RangeError, /options\.noise/);
    throwsNamed(() => engine.dataset('circle', { classes: 3 }), RangeError, /options\.classes/);
    throwsNamed(() => engine.dataset('circle', { sead: 3 }), TypeError, /"sead"/);
    throwsNamed(() => engine.dataset('custom', { x: [0, 0, 1], y: [0] }), RangeError, /options\.x/);
    throwsNamed(() => engine.dataset('custom', { x: [0, 0], y: [0.5] }), RangeError, /options\.y\[0\]/);
  });
});

describe('network training', () => {

  test('circle reaches 100% and xor 99% test accuracy with Playground settings, 5 seeds, <= 300 epochs', () => {
    for (const [name, target] of [['circle', 1], ['xor', 0.99]]) {
      for (let seed = 1; seed <= 5; seed++) {
        const { train, test } = splitDataset(engine.dataset(name, { n: 500, noise: 0, seed }), 0.5);
        const net = engine.network(playground('tanh', seed));
        try {
          assert.ok(epochsTo(net, train, test, target, 300) > 0, `${name}, seed ${seed}`);
        } finally {
          net.dispose();
        }
      }
    }
  });

  test('the same seed gives bitwise identical weights; another seed does not', () => {
    const d = engine.dataset('gaussian', { n: 200, noise: 0.2, seed: 5 });
    const run = (seed) => {
      const net = track(engine.network(playground('tanh', seed)));
      net.fit(d.x, d.y, { epochs: 3, batchSize: 7 });
      return net.getWeights();
    };
    assert.deepEqual(run(9), run(9));
    assert.notDeepEqual(run(9), run(10));
  });

  test('fit reports the epoch count and a falling loss', () => {
    const d = engine.dataset('circle', { n: 200, seed: 1 });
    const net = track(engine.network(playground('tanh', 1)));
    const first = net.fit(d.x, d.y, { epochs: 1 });
    const later = net.fit(d.x, d.y, { epochs: 30 });
    assert.equal(first.epoch, 1);
    assert.equal(later.epoch, 31);
    assert.equal(net.epoch, 31);
    assert.ok(later.loss < first.loss / 2, `${first.loss} -> ${later.loss}`);
  });
});

describe('network prediction and weights', () => {
  test('predictGrid equals predict on the grid points, top row first', () => {
    const net = track(engine.network(playground('relu', 2)));
    const grid = { x: [-6, 6], y: [-3, 3], width: 5, height: 4 };
    const g = net.predictGrid(grid);
    assert.equal(g.length, 20);
    const pts = [];
    for (let r = 0; r < 4; r++) for (let c = 0; c < 5; c++) pts.push(-6 + 3 * c, 3 - 2 * r);
    assert.deepEqual(g, net.predict(pts));
  });

  test('getWeights / setWeights round-trip; shapes follow the layers', () => {
    const net = track(engine.network(playground('relu', 3)));
    const w = net.getWeights();
    assert.deepEqual(w.map((l) => [l.weights.length, l.biases.length]), [[16, 8], [64, 8], [8, 1]]);
    w[2].biases[0] = 0.5;
    net.setWeights(w);
    assert.deepEqual(net.getWeights(), w);
  });

  test('toJSON / loadNetwork: identical predictions, and identical training afterwards', () => {
    const d = engine.dataset('xor', { n: 100, seed: 4 });
    const a = track(engine.network(playground('relu', 4, { optimizer: { name: 'sgd', learningRate: 0.05 } })));
    a.fit(d.x, d.y, { epochs: 2 });
    const text = JSON.stringify(a);
    const b = track(engine.loadNetwork(text));
    assert.deepEqual(b.predict(d.x), a.predict(d.x));
    assert.equal(b.epoch, 2);
    a.fit(d.x, d.y, { epochs: 2 });
    b.fit(d.x, d.y, { epochs: 2 });
    assert.deepEqual(b.getWeights(), a.getWeights());
  });
});

describe('network errors', () => {
  test('a bad spec is a TypeError/RangeError naming the field', () => {
    throwsNamed(() => engine.network({ layers: [{ units: 0, activation: 'relu' }] }), RangeError, /layers\[0\]\.units/);
    throwsNamed(() => engine.network({ layers: [{ units: 2, activation: 'nope' }] }), RangeError, /layers\[0\]\.activation/);
    throwsNamed(() => engine.network({ layers: [{ units: 2, activation: 'prelu', params: { alpha: 5 } }] }), RangeError,
      /network: layers\[0\]\.params\.alpha must be .*\[-1, 1\]/);
    throwsNamed(() => engine.network({ layers: [{ units: 2, activation: 'relu', learnable: 'unit' }] }), RangeError, /layers\[0\]\.learnable/);
    throwsNamed(() => engine.network({ output: { units: 1, activation: 'relu' }, loss: 'cross_entropy' }), RangeError, /loss/);
    throwsNamed(() => engine.network({ optimizer: { learningRate: -1 } }), RangeError, /optimizer\.learningRate/);
    throwsNamed(() => engine.network({ features: ['x3'] }), RangeError, /features\[0\]/);
    throwsNamed(() => engine.network({ seed: 1.5 }), RangeError, /seed/);
    throwsNamed(() => engine.network({ layer: [] }), TypeError, /"layer"/);
  });

  test('a failed call leaves the network unchanged and usable', () => {
    const net = track(engine.network(playground('relu', 1)));
    const before = net.getWeights();
    throwsNamed(() => net.fit([0, 0, 1, NaN], [0, 1]), RangeError, /network\.fit: x\[3\]/);
    throwsNamed(() => net.fit([0, 0, 1, 1], [0, 3]), RangeError, /network\.fit: y\[1\]/);
    throwsNamed(() => net.fit([0, 0, 1, 1], [0]), RangeError, /network\.fit: y/);
    const xs = new Float32Array(80).fill(0.5), ys = new Float32Array(40).fill(1);
    ys[23] = -0.5;
    throwsNamed(() => net.evaluate(xs, ys), RangeError, /network\.evaluate: y\[23\] must be in \[0, 1\]/);
    ys[23] = 0;
    xs[61] = Infinity;
    throwsNamed(() => net.fit(xs, ys), RangeError, /network\.fit: x\[61\]/);
    throwsNamed(() => net.fit([0, 0], [0], { epochs: 0 }), RangeError, /options\.epochs/);
    throwsNamed(() => net.fit('xy', [0]), TypeError, /network\.fit: x/);
    throwsNamed(() => net.predictGrid({ x: [1, 0], y: [0, 1], width: 2, height: 2 }), RangeError, /grid\.x/);
    throwsNamed(() => net.setWeights([{ weights: [1], biases: [0] }]), RangeError, /setWeights: layers/);
    const bad = before.map((l) => ({ ...l }));
    bad[1] = { weights: new Float32Array(64), biases: new Float32Array(7) };
    throwsNamed(() => net.setWeights(bad), RangeError, /layers\[1\]\.biases/);
    assert.deepEqual(net.getWeights(), before);
    assert.equal(net.epoch, 0);
    assert.equal(net.fit([0, 0, 1, 1], [0, 1]).epoch, 1);
  });

  test('malformed or inconsistent JSON is rejected naming the field', () => {
    const net = track(engine.network(playground('relu', 1)));
    const good = net.toJSON();
    const mutate = (f) => {
      const j = structuredClone(good);
      f(j);
      return j;
    };
    throwsNamed(() => engine.loadNetwork('{nope'), TypeError, /loadNetwork: json/);
    throwsNamed(() => engine.loadNetwork(mutate((j) => { j.format = 'x'; })), TypeError, /format/);
    throwsNamed(() => engine.loadNetwork(mutate((j) => { j.spec.layers[0].units = 7; })), RangeError, /layers\[0\]\.weights/);
    throwsNamed(() => engine.loadNetwork(mutate((j) => { j.layers[2].biases.push(1); })), RangeError, /layers\[2\]\.biases/);
    throwsNamed(() => engine.loadNetwork(mutate((j) => { j.layers[0].weights[3] = 'a'; })), TypeError, /layers\[0\]\.weights\[3\]/);
    throwsNamed(() => engine.loadNetwork(mutate((j) => { j.optimizer.m.pop(); })), RangeError, /optimizer\.m/);
    throwsNamed(() => engine.loadNetwork(mutate((j) => { j.rng[3] = 2; })), RangeError, /rng\[3\]/);
    throwsNamed(() => engine.loadNetwork(mutate((j) => { delete j.epoch; })), TypeError, /epoch/);
    throwsNamed(() => engine.loadNetwork(mutate((j) => { j.spec.loss = 'hinge'; })), RangeError, /spec\.loss/);
  });

  test('a disposed network throws a clear TypeError; dispose is idempotent', () => {
    const net = engine.network();
    net.dispose();
    net.dispose();
    assert.equal(net.disposed, true);
    throwsNamed(() => net.predict([0, 0]), TypeError, /network\.predict: this object was disposed/);
    throwsNamed(() => net.getWeights(), TypeError, /disposed/);
  });
});

test('Symbol.dispose frees the network', () => {
  const net = engine.network();
  net[Symbol.dispose]();
  assert.equal(net.disposed, true);
});

describe('network against an independent reference (micrograd-style, double precision)', () => {
  const close = (a, b, what) => {
    assert.equal(a.length, b.length, what);
    for (let i = 0; i < a.length; i++)
      assert.ok(Math.abs(a[i] - b[i]) <= 2e-5 + 2e-4 * Math.abs(b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  };
  const cases = () => {
    return [
      ['tanh hidden, sigmoid + bce', { layers: [{ units: 4, activation: 'tanh' }, { units: 3, activation: 'relu' }] }, 2],
      ['all features, softmax + cross_entropy', {
        features: ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'],
        layers: [{ units: 5, activation: 'sigmoid' }], output: { units: 3, activation: 'softmax' } }, 3],
      ['softmax + mse', { layers: [{ units: 4, activation: 'relu' }], output: { units: 3, activation: 'softmax' }, loss: 'mse' }, 3],
      ['identity output + mse', { layers: [{ units: 4, activation: 'sigmoid' }], output: { units: 1, activation: 'identity' }, loss: 'mse' }, 2],
      ['learnable prelu per unit', { layers: [{ units: 4, activation: 'prelu', learnable: 'unit' }], loss: 'bce' }, 2],
      ['learnable swish shared', { layers: [{ units: 4, activation: 'swish', learnable: 'shared' }] }, 2],
    ];
  };

  test('loss and gradients match', async () => {
    const { referenceLossAndGradients } = await import('./reference-mlp.mjs');
    for (const [what, spec, classes] of cases()) {
      const d = engine.dataset('spiral', { n: 12, noise: 0.2, seed: 2, classes });
      const net = track(engine.network({ ...spec, init: 'lecun', seed: 3 }));
      // Random non-zero biases so that no unit sits on a kink.
      net.setWeights(net.getWeights().map((l, i) => ({ ...l, biases: l.biases.map((_, u) => 0.1 * Math.sin(7 * i + u + 1)) })));
      const ref = referenceLossAndGradients(net.spec, net.getWeights(), d.x, d.y);
      const ev = net.evaluate(d.x, d.y);
      assert.ok(Math.abs(ev.loss - ref.loss) <= 1e-5 * Math.max(1, ref.loss), `${what}: loss ${ev.loss} vs ${ref.loss}`);
      const g = net.gradients(d.x, d.y);
      g.forEach((layer, l) => {
        for (const key of Object.keys(ref.grads[l])) close(layer[key], ref.grads[l][key], `${what}: layer ${l} ${key}`);
      });
    }
  });
});

describe('a diverged network', () => {
  test('evaluate() reports accuracy NaN and a loss that is not finite, never the share of one class', () => {
    // Plain SGD at the largest learning rate the spec allows blows every output kind up to NaN.
    const two = engine.dataset('circle', { n: 200, seed: 1 }), three = engine.dataset('spiral', { n: 300, seed: 1, classes: 3 });
    const hidden = [{ units: 8, activation: 'relu' }];
    for (const [what, output, loss, d] of [['sigmoid + bce', { units: 1, activation: 'sigmoid' }, 'bce', two],
                                           ['identity + mse', { units: 1, activation: 'identity' }, 'mse', two],
                                           ['softmax + cross entropy', { units: 3, activation: 'softmax' }, 'cross_entropy', three]]) {
      const net = track(engine.network({ layers: hidden, output, loss, optimizer: { name: 'sgd', learningRate: 1000 }, seed: 1 }));
      net.fit(d.x, d.y, { epochs: 5, batchSize: 10 });
      assert.ok(net.predict(d.x).every(Number.isNaN), `${what}: the setup did not diverge`);
      const r = net.evaluate(d.x, d.y);
      assert.ok(Number.isNaN(r.accuracy), `${what}: accuracy ${r.accuracy}`);
      assert.ok(!Number.isFinite(r.loss), `${what}: loss ${r.loss}`);
    }
  });
});

describe('network diagnostics', () => {
  test('layerOutputs (point-major) and layerOutputsGrid (unit-major) agree; features layer', () => {
    const net = track(engine.network({ features: ['x1', 'x2', 'x1*x2'], layers: [{ units: 3, activation: 'relu' }] }));
    const grid = { x: [-1, 1], y: [-1, 1], width: 2, height: 2 };
    const pts = [-1, 1, 1, 1, -1, -1, 1, -1];
    const h = net.layerOutputs(0, pts);
    const hg = net.layerOutputsGrid(0, grid);
    assert.equal(h.length, 12);
    for (let p = 0; p < 4; p++) for (let u = 0; u < 3; u++) assert.equal(hg[u * 4 + p], h[p * 3 + u]);
    assert.deepEqual([...net.layerOutputs('features', [2, 3])], [2, 3, 6]);
    assert.deepEqual(net.layerOutputs(1, pts), net.predict(pts));
    throwsNamed(() => net.layerOutputs(2, pts), RangeError, /network\.layerOutputs: layer/);
  });

  test('gradientNorms, deadUnits, linearMap and setLearningRate', () => {
    const d = engine.dataset('gaussian', { n: 60, seed: 2 });
    const net = track(engine.network({ layers: [{ units: 4, activation: 'relu' }, { units: 3, activation: 'identity' }] }));
    assert.deepEqual([...net.gradientNorms()], [0, 0, 0]);
    net.fit(d.x, d.y, { epochs: 2 });
    const norms = net.gradientNorms();
    assert.equal(norms.length, 3);
    for (const v of norms) assert.ok(v > 0);
    const w = net.getWeights();
    w[0].biases.fill(-1000);
    net.setWeights(w);
    assert.deepEqual(net.deadUnits(d.x), { perLayer: [4, 0], total: 4 });
    throwsNamed(() => net.linearMap(), RangeError, /network\.linearMap: hidden layer 0 has activation relu, not identity/);
    net.setLearningRate(0.25);
    assert.equal(net.spec.optimizer.learningRate, 0.25);
    assert.equal(net.toJSON().spec.optimizer.learningRate, 0.25);
    throwsNamed(() => net.setLearningRate(0), RangeError, /learningRate/);

    const lin = track(engine.network({ layers: [{ units: 3, activation: 'identity' }], output: { units: 1, activation: 'identity' }, loss: 'mse' }));
    const { weights, biases } = lin.linearMap();
    const p = lin.predict([0.5, -2]);
    assert.ok(Math.abs(p[0] - (weights[0] * 0.5 + weights[1] * -2 + biases[0])) < 1e-5);
  });

  test('a 3-class softmax net with Adam learns the 3-arm spiral; predictions are point-major probabilities', () => {
    const { train, test } = splitDataset(engine.dataset('spiral', { n: 600, classes: 3, seed: 1 }), 0.5);
    const net = track(engine.network({
      layers: [{ units: 16, activation: 'relu' }, { units: 16, activation: 'relu' }],
      output: { units: 3, activation: 'softmax' }, optimizer: { name: 'adam', learningRate: 0.01 }, init: 'he', seed: 1,
    }));
    assert.equal(net.spec.loss, 'cross_entropy');
    assert.ok(epochsTo(net, train, test, 0.95, 300) > 0);
    const p = net.predict(test.x.subarray(0, 4));
    assert.equal(p.length, 6);
    assert.ok(Math.abs(p[0] + p[1] + p[2] - 1) < 1e-6);
    assert.equal(net.predictGrid({ x: [-6, 6], y: [-6, 6], width: 3, height: 2 }).length, 18);
  });

  test('momentum and Adam state survive toJSON / loadNetwork: training continues identically', () => {
    const d = engine.dataset('circle', { n: 80, noise: 0.1, seed: 6 });
    for (const name of ['momentum', 'adam']) {
      const a = track(engine.network({ layers: [{ units: 5, activation: 'relu' }], optimizer: { name, learningRate: 0.01 }, regularization: { kind: 'l2', rate: 0.001 }, seed: 2 }));
      a.fit(d.x, d.y, { epochs: 3, batchSize: 8 });
      const b = track(engine.loadNetwork(a.toJSON()));
      a.fit(d.x, d.y, { epochs: 3, batchSize: 8 });
      b.fit(d.x, d.y, { epochs: 3, batchSize: 8 });
      assert.deepEqual(b.toJSON(), a.toJSON(), name);
    }
  });
});

describe('hand-built and learnable networks', () => {
  test('the step-threshold XOR net: h = step(x1 + x2 - 1.5), y = step(x1 + x2 - 2h - 0.5)', () => {
    // A dense layer sees only the layer below, so the hidden layer passes x1 and x2 through as
    // step(x - 0.5), which is x itself on {0, 1}.
    const net = track(engine.network({
      layers: [{ units: 3, activation: 'step' }], output: { units: 1, activation: 'step' }, loss: 'mse',
    }));
    net.setWeights([
      { weights: [1, 0, 0, 1, 1, 1], biases: [-0.5, -0.5, -1.5] },
      { weights: [1, 1, -2], biases: [-0.5] },
    ]);
    assert.deepEqual([...net.predict([0, 0, 0, 1, 1, 0, 1, 1])], [0, 1, 1, 0]);
    assert.equal(net.evaluate([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0]).accuracy, 1);
  });

  test('prelu alpha (per unit) and swish beta (shared) train and are reported', () => {
    const d = engine.dataset('circle', { n: 200, noise: 0.1, seed: 3 });
    const net = track(engine.network({
      layers: [{ units: 6, activation: 'prelu', learnable: 'unit' }, { units: 4, activation: 'swish', learnable: 'shared' }],
      optimizer: { name: 'adam', learningRate: 0.02 }, seed: 4,
    }));
    const before = net.learnableParams();
    assert.deepEqual(before.map((p) => [p.layer, p.activation, p.name, p.values.length]), [[0, 'prelu', 'alpha', 6], [1, 'swish', 'beta', 1]]);
    assert.deepEqual([...before[0].values], [0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
    assert.deepEqual([...before[1].values], [1]);
    net.fit(d.x, d.y, { epochs: 20 });
    const after = net.learnableParams();
    assert.ok(after[0].values.some((v) => v !== 0.25), 'alpha moved');
    assert.notEqual(after[1].values[0], 1, 'beta moved');
    const w = net.getWeights();
    assert.deepEqual(w[0].alpha, after[0].values);
    const g = net.gradients(d.x, d.y);
    assert.equal(g[1].beta.length, 1);
    const copy = track(engine.loadNetwork(JSON.stringify(net)));
    assert.deepEqual(copy.learnableParams(), after);
  });
});
