// net.trace(point, target) and net.step(point, target) against the real WASM build (dist/): the trace
// equals gradients() on a one-point batch and finite differences for every loss, its forward numbers
// equal the layer arithmetic redone here in double, step() equals fit() with batch size 1 and no
// shuffling; plus the regression sets and a 2-8-8-1 regression network through the API.
import assert from 'node:assert/strict';
import { afterEach, before, describe, test } from 'node:test';

import { createEngine, splitDataset } from '../../dist/index.js';

let engine;
before(async () => {
  engine = await createEngine();
});

const live = [];
const track = (net) => (live.push(net), net);
afterEach(() => {
  for (const net of live.splice(0)) net.dispose();
});

const throwsNamed = (fn, Kind, pattern) =>
  assert.throws(fn, (e) => e instanceof Kind && pattern.test(e.message) ? true : assert.fail(`${e?.constructor?.name}: ${e?.message}`));

// Every loss path of the engine (the fused sigmoid + BCE, BCE through another output, MSE on one and
// on several outputs, cross-entropy and MSE over softmax), and learnable activation parameters.
const CASES = [
  { name: 'bce, sigmoid output (fused)', spec: { output: { units: 1, activation: 'sigmoid' }, loss: 'bce' }, target: 1 },
  { name: 'bce, hard_sigmoid output', spec: { output: { units: 1, activation: 'hard_sigmoid' }, loss: 'bce' }, target: 0 },
  { name: 'mse, identity output (regression)', spec: { output: { units: 1, activation: 'identity' }, loss: 'mse' }, target: 0.37 },
  { name: 'mse, tanh output', spec: { output: { units: 1, activation: 'tanh' }, loss: 'mse' }, target: -0.5 },
  { name: 'cross_entropy, softmax', spec: { output: { units: 3, activation: 'softmax' }, loss: 'cross_entropy' }, target: 2 },
  { name: 'mse, softmax', spec: { output: { units: 3, activation: 'softmax' }, loss: 'mse' }, target: 1 },
  { name: 'mse, 3 sigmoid outputs', spec: { output: { units: 3, activation: 'sigmoid' }, loss: 'mse' }, target: 0 },
  {
    name: 'learnable prelu α (per unit) and swish β',
    spec: { layers: [{ units: 4, activation: 'prelu', learnable: 'unit' }, { units: 3, activation: 'swish', learnable: 'shared' }],
            output: { units: 1, activation: 'sigmoid' }, loss: 'bce' },
    target: 1,
  },
];

const netFor = (c, extra = {}) => track(engine.network({
  features: ['x1', 'x2', 'x1*x2', 'sin(x1)'],
  layers: [{ units: 4, activation: 'tanh' }, { units: 3, activation: 'elu' }],
  optimizer: { name: 'sgd', learningRate: 0.1 },
  seed: 7,
  ...c.spec,
  ...extra,
}));

const POINT = [0.8, -1.3];

describe('trace', () => {
  for (const c of CASES) {
    test(`${c.name}: equals gradients() on a one-point batch`, () => {
      const net = netFor(c);
      const t = net.trace(POINT, c.target);
      const g = net.gradients(POINT, [c.target]);
      assert.equal(t.layers.length, g.length);
      t.layers.forEach((l, i) => {
        assert.deepEqual(l.weightGrad, g[i].weights, `layer ${i} weightGrad`);
        assert.deepEqual(l.biasGrad, g[i].biases, `layer ${i} biasGrad`);
        assert.deepEqual(l.delta, g[i].biases, `layer ${i}: δ = ∂L/∂b for one example`);
        const name = l.param;
        if (name) assert.deepEqual(l.paramGrad, g[i][name], `layer ${i} ∂L/∂${name}`);
        else assert.equal(g[i].alpha ?? g[i].beta, undefined);
      });
      assert.ok(Math.abs(t.loss - net.evaluate(POINT, [c.target]).loss) <= 1e-6 * Math.max(1, t.loss), 'loss');
    });

    test(`${c.name}: equals finite differences of the loss`, () => {
      const net = netFor(c);
      const t = net.trace(POINT, c.target);
      const w = net.getWeights();
      const loss = () => net.evaluate(POINT, [c.target]).loss;
      const h = 1e-2;
      let checked = 0;
      w.forEach((layer, li) => {
        for (const [key, grads] of [['weights', t.layers[li].weightGrad], ['biases', t.layers[li].biasGrad],
                                     ...(t.layers[li].param ? [[t.layers[li].param, t.layers[li].paramGrad]] : [])]) {
          for (let j = 0; j < layer[key].length; j++) {
            const at = (v) => {
              const copy = w.map((l) => ({ ...l }));
              copy[li] = { ...w[li], [key]: Float32Array.from(w[li][key], (x, k) => (k === j ? v : x)) };
              net.setWeights(copy);
              return loss();
            };
            const x0 = layer[key][j];
            const fd = (at(x0 + h) - at(x0 - h)) / (2 * h);
            net.setWeights(w);
            const tol = 2e-3 + 2e-2 * Math.abs(fd);
            assert.ok(Math.abs(grads[j] - fd) <= tol, `layer ${li} ${key}[${j}]: trace ${grads[j]}, finite difference ${fd}`);
            checked++;
          }
        }
      });
      assert.ok(checked > 20);
    });
  }

  test('z, a, f′(z) and δ follow the layer arithmetic (redone in double)', () => {
    const net = netFor(CASES[3]);
    const t = net.trace(POINT, -0.5);
    const [x1, x2] = [Math.fround(POINT[0]), Math.fround(POINT[1])];
    const feats = [x1, x2, x1 * x2, Math.sin(x1)];
    feats.forEach((f, j) => assert.ok(Math.abs(t.features[j] - f) < 1e-6, `feature ${j}`));
    const w = net.getWeights();
    const acts = [...net.spec.layers, net.spec.output].map((l) => engine.activation(l.activation, l.params));
    let input = Array.from(t.features);
    t.layers.forEach((l, li) => {
      const { weights, biases } = w[li];
      for (let u = 0; u < biases.length; u++) {
        let z = biases[u];
        for (let i = 0; i < input.length; i++) z += weights[u * input.length + i] * input[i];
        assert.ok(Math.abs(l.z[u] - z) < 1e-5 * Math.max(1, Math.abs(z)), `layer ${li} z[${u}]: ${l.z[u]} vs ${z}`);
        assert.ok(Math.abs(l.a[u] - acts[li].forward(l.z[u])) < 1e-6, `layer ${li} a[${u}]`);
        assert.equal(l.derivative[u], acts[li].derivative(l.z[u]), `layer ${li} f′(z)[${u}]`);
      }
      input = Array.from(l.a);
    });
    // Output (mse, one unit): δ = 2 (a − y) f′(z); hidden: δ = f′(z) Σₖ wₖ δₖ over the next layer.
    const out = t.layers.at(-1);
    assert.ok(Math.abs(out.delta[0] - 2 * (out.a[0] - Math.fround(-0.5)) * out.derivative[0]) < 1e-6);
    for (let li = t.layers.length - 2; li >= 0; li--) {
      const next = t.layers[li + 1], units = t.layers[li].z.length;
      for (let u = 0; u < units; u++) {
        let s = 0;
        for (let k = 0; k < next.delta.length; k++) s += w[li + 1].weights[k * units + u] * next.delta[k];
        const expect = t.layers[li].derivative[u] * s;
        assert.ok(Math.abs(t.layers[li].delta[u] - expect) < 1e-6 + 1e-5 * Math.abs(expect), `layer ${li} δ[${u}]`);
      }
    }
    // ∂L/∂wᵢ = δ·aᵢ
    const first = t.layers[0];
    for (let u = 0; u < first.z.length; u++)
      for (let i = 0; i < feats.length; i++)
        assert.ok(Math.abs(first.weightGrad[u * feats.length + i] - first.delta[u] * t.features[i]) < 1e-7 + 1e-6 * Math.abs(first.weightGrad[u * feats.length + i]));
  });

  test('softmax layers have no scalar f′(z); every array is a Float32Array', () => {
    const t = netFor(CASES[4]).trace(POINT, 2);
    assert.equal(t.layers.at(-1).derivative, undefined);
    assert.equal(t.layers[0].derivative.length, 4);
    for (const l of t.layers) for (const k of ['z', 'a', 'delta', 'weightGrad', 'biasGrad', 'weightStep', 'biasStep']) assert.ok(l[k] instanceof Float32Array, k);
    const p = t.layers.at(-1).a;
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  });

  test('changes nothing: weights, optimizer state, RNG and the last step\'s gradient norms stay', () => {
    const net = netFor(CASES[0], { optimizer: { name: 'adam', learningRate: 0.01 } });
    const d = engine.dataset('circle', { n: 40, seed: 3 });
    net.fit(d.x, d.y, { epochs: 2, batchSize: 10 });
    const before = JSON.stringify(net.toJSON()), norms = net.gradientNorms();
    net.trace(POINT, 1);
    assert.equal(JSON.stringify(net.toJSON()), before);
    assert.deepEqual(net.gradientNorms(), norms);
  });

  test('bad points and targets get TypeError / RangeError naming them; the network keeps working', () => {
    const net = netFor(CASES[0]);
    const soft = netFor(CASES[4]);
    for (const fn of ['trace', 'step']) {
      throwsNamed(() => net[fn]([1], 1), RangeError, new RegExp(`network\\.${fn}: point must have length 2`));
      throwsNamed(() => net[fn]('ab', 1), TypeError, new RegExp(`network\\.${fn}: point`));
      throwsNamed(() => net[fn]([NaN, 0], 1), RangeError, new RegExp(`network\\.${fn}: point\\[0\\] must be finite`));
      throwsNamed(() => net[fn]([0, 0], '1'), TypeError, new RegExp(`network\\.${fn}: target must be a number`));
      throwsNamed(() => net[fn]([0, 0], 2), RangeError, new RegExp(`network\\.${fn}: target must be in \\[0, 1\\]`));
      throwsNamed(() => soft[fn]([0, 0], 1.5), RangeError, new RegExp(`network\\.${fn}: target must be a class index`));
      throwsNamed(() => soft[fn]([0, 0], 3), RangeError, new RegExp(`network\\.${fn}: target must be a class index in \\[0, 2\\]`));
    }
    assert.ok(Number.isFinite(net.trace(POINT, 1).loss));
  });
});

describe('step', () => {
  for (const name of ['sgd', 'momentum', 'adam']) {
    test(`${name}: one step per example equals one fit epoch with batch size 1 and no shuffling`, () => {
      const spec = { optimizer: { name, learningRate: 0.05 }, regularization: { kind: 'l2', rate: 0.001 } };
      const a = netFor(CASES[0], spec), b = netFor(CASES[0], spec);
      const d = engine.dataset('xor', { n: 25, seed: 4 });
      let losses = 0;
      for (let i = 0; i < d.n; i++) losses += a.step(d.x.subarray(2 * i, 2 * i + 2), d.y[i]).loss;
      const fit = b.fit(d.x, d.y, { epochs: 1, batchSize: 1, shuffle: false });
      assert.deepEqual(a.getWeights(), b.getWeights());
      assert.deepEqual(a.toJSON().optimizer, b.toJSON().optimizer);
      assert.ok(Math.abs(losses / d.n - fit.loss) < 1e-6, `mean loss ${losses / d.n} vs ${fit.loss}`);
      assert.equal(a.epoch, 0, 'step() does not count an epoch');
      // And the trace says beforehand what the step changes: new − old, exactly.
      const t = a.trace(POINT, 1);
      const w0 = a.getWeights();
      a.step(POINT, 1);
      const w1 = a.getWeights();
      w0.forEach((l, i) => {
        assert.deepEqual(t.layers[i].weightStep, Float32Array.from(l.weights, (v, j) => w1[i].weights[j] - v), `layer ${i} weights`);
        assert.deepEqual(t.layers[i].biasStep, Float32Array.from(l.biases, (v, j) => w1[i].biases[j] - v), `layer ${i} biases`);
      });
    });
  }

  test('sgd without regularization: the step is −η·∂L/∂w', () => {
    const net = netFor(CASES[2], { optimizer: { name: 'sgd', learningRate: 0.1 } });
    const t = net.trace(POINT, 0.37);
    t.layers.forEach((l, i) => l.weightGrad.forEach((g, j) => {
      assert.ok(Math.abs(l.weightStep[j] + 0.1 * g) <= 1e-7 + 1e-5 * Math.abs(g), `layer ${i} w[${j}]`);
    }));
  });
});

describe('regression', () => {
  test('plane and multi_gaussian are TF Playground\'s regression sets (classes 0, real targets)', () => {
    const p = engine.dataset('plane', { n: 300, noise: 0, seed: 2 });
    assert.equal(p.classes, 0);
    for (let i = 0; i < p.n; i++) assert.ok(Math.abs(p.y[i] - (p.x[2 * i] + p.x[2 * i + 1]) / 10) < 1e-6);
    const g = engine.dataset('multi_gaussian', { n: 300, noise: 0, seed: 2 });
    assert.equal(g.classes, 0);
    assert.ok(g.y.some((v) => v > 0.5) && g.y.some((v) => v < -0.5) && g.y.every((v) => Math.abs(v) <= 1));
    assert.notDeepEqual(engine.dataset('plane', { n: 300, noise: 0.3, seed: 2 }).y, p.y);
    throwsNamed(() => engine.dataset('plane', { classes: 2 }), RangeError, /dataset: options\.classes does not apply to plane/);
  });

  test('a 2-8-8-1 network reaches test MSE ≤ 0.01 on the plane (noise 0)', () => {
    const { train, test: held } = splitDataset(engine.dataset('plane', { n: 500, noise: 0, seed: 1 }), 0.5);
    const net = track(engine.network({
      layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }],
      output: { units: 1, activation: 'identity' }, loss: 'mse',
      optimizer: { name: 'sgd', learningRate: 0.03 }, seed: 1,
    }));
    const before = net.evaluate(held.x, held.y).loss;
    let epochs = 0, mse = before;
    while (epochs < 200 && mse > 0.01) {
      net.fit(train.x, train.y, { epochs: 10, batchSize: 10 });
      epochs += 10;
      mse = net.evaluate(held.x, held.y).loss;
    }
    assert.ok(mse <= 0.01, `test MSE ${mse} after ${epochs} epochs (from ${before})`);
    assert.ok(before > 0.05, `the untrained network is not already there (${before})`);
  });
});
