// The worker protocol's explain parts (TrainerCore, no Worker, real WASM engine): the selected
// example's trace in every snapshot, one step on it, stop conditions, confusion matrices, regression.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { createEngine, TrainerCore } from '../../dist/index.js';

let engine;
before(async () => {
  engine = await createEngine();
});

const NETWORK = {
  features: ['x1', 'x2'], layers: [{ units: 4, activation: 'tanh' }, { units: 3, activation: 'tanh' }],
  output: { units: 1, activation: 'sigmoid' }, loss: 'bce', optimizer: { name: 'sgd', learningRate: 0.1 }, seed: 3,
};
const config = (over = {}) => ({
  network: NETWORK,
  data: { generate: { dataset: 'circle', n: 200, noise: 0, seed: 1, testRatio: 0.5 } },
  batchSize: 10,
  grid: { size: 10, neuronSize: 4 },
  ...over,
});

let nextId = 1;
function call(core, body) {
  const out = core.handle({ id: nextId++, ...body });
  const m = out[0].message;
  if (m.type === 'error') throw Object.assign(m.name === 'RangeError' ? new RangeError(m.message) : new TypeError(m.message));
  return { ...m.result, transfer: out[0].transfer };
}
const configured = (over) => {
  const core = new TrainerCore(engine);
  return { core, first: call(core, { type: 'configure', config: config(over) }) };
};
/** Runs frames until training stops by itself (or `max` frames); returns the snapshots. */
function runUntilStopped(core, max) {
  call(core, { type: 'start' });
  const snaps = [];
  for (let i = 0; i < max && core.running; i++) {
    snaps.push(core.tick()[0].message.snapshot);
    call(core, { type: 'frame' });
  }
  return snaps;
}

describe('worker: explain', () => {
  test('select puts the example\'s trace in every snapshot: the same numbers as net.trace on the same network', () => {
    const { core, first } = configured();
    assert.equal(first.snapshot.example, null);
    const i = 17;
    const s = call(core, { type: 'select', index: i }).snapshot;
    const p = first.points;
    assert.equal(s.example.index, i);
    assert.deepEqual(s.example.point, [p.x[2 * i], p.x[2 * i + 1]]);
    assert.equal(s.example.target, p.y[i]);
    const net = engine.network(NETWORK);  // same spec and seed: the same untrained weights
    try {
      assert.deepEqual(s.example.trace, net.trace(s.example.point, p.y[i]));
    } finally {
      net.dispose();
    }
    const out = core.handle({ id: nextId++, type: 'snapshot' });
    const buffers = new Set(out[0].transfer);
    for (const l of out[0].message.result.snapshot.example.trace.layers) assert.ok(buffers.has(l.z.buffer) && buffers.has(l.weightStep.buffer));
    assert.equal(call(core, { type: 'select', index: null }).snapshot.example, null);
  });

  test('stepExample changes the weights by exactly the step the trace announced, and nothing else', () => {
    const { core } = configured();
    const s0 = call(core, { type: 'select', index: 5 }).snapshot;
    const r = call(core, { type: 'stepExample' });
    assert.deepEqual(r.before, s0.weights);
    const after = r.snapshot.weights;
    s0.weights.forEach((l, li) => {
      const t = s0.example.trace.layers[li];
      assert.deepEqual(after[li].weights, Float32Array.from(l.weights, (v, j) => v + t.weightStep[j]), `layer ${li} weights`);
      assert.deepEqual(after[li].biases, Float32Array.from(l.biases, (v, j) => v + t.biasStep[j]), `layer ${li} biases`);
    });
    assert.ok(s0.example.trace.layers.some((l) => l.weightStep.some((v) => v !== 0)), 'the step changed something');
    assert.equal(r.snapshot.epoch, 0);
  });

  test('stop at epoch N stops exactly there, with a notice', () => {
    const { core } = configured({ epochsPerTick: 2, stop: { epoch: 5 } });
    const snaps = runUntilStopped(core, 20);
    const last = snaps.at(-1);
    assert.equal(last.epoch, 5);
    assert.equal(last.running, false);
    assert.deepEqual(last.stopped, { reason: 'epoch', limit: 5, value: 5 });
    assert.ok(snaps.slice(0, -1).every((s) => s.stopped === null && s.running));
  });

  test('stop at test accuracy ≥ 0.95 stops at the first frame that reaches it', () => {
    const { core } = configured({ stop: { testAccuracy: 0.95 } });
    const snaps = runUntilStopped(core, 400);
    const last = snaps.at(-1);
    assert.equal(last.stopped?.reason, 'testAccuracy', `stopped: ${JSON.stringify(last.stopped)} after ${snaps.length} frames`);
    assert.ok(last.testAccuracy >= 0.95);
    assert.equal(last.stopped.value, last.testAccuracy);
    assert.ok(snaps.slice(0, -1).every((s) => s.testAccuracy < 0.95));
    assert.equal(core.running, false);
  });

  test('stop at test loss ≤ Y; set({ stop: null }) clears it', () => {
    const { core } = configured({ stop: { testLoss: 0.3 } });
    const last = runUntilStopped(core, 400).at(-1);
    assert.equal(last.stopped?.reason, 'testLoss');
    assert.ok(last.testLoss <= 0.3);
    call(core, { type: 'set', settings: { stop: null } });
    const more = runUntilStopped(core, 3);
    assert.equal(more.length, 3);
    assert.ok(more.every((s) => s.stopped === null));
  });

  test('confusion matrices count every point once; their diagonal is the accuracy evaluate() reports', () => {
    const { core, first } = configured({
      network: { ...NETWORK, output: { units: 3, activation: 'softmax' }, loss: 'cross_entropy' },
      data: { generate: { dataset: 'spiral', classes: 3, n: 150, noise: 0, seed: 2, testRatio: 0.4 } },
    });
    const s = call(core, { type: 'step', epochs: 20 }).snapshot;
    const c = s.confusion;
    assert.equal(c.classes, 3);
    const sum = (a) => a.reduce((x, y) => x + y, 0);
    assert.equal(sum(c.train), 90);
    assert.equal(sum(c.test), 60);
    const diag = (a) => a[0] + a[4] + a[8];
    assert.ok(Math.abs(diag(c.test) / 60 - s.testAccuracy) < 1e-12, `${diag(c.test) / 60} vs ${s.testAccuracy}`);
    assert.ok(Math.abs(diag(c.train) / 90 - s.trainAccuracy) < 1e-12);
    // Row sums are the true class counts of the test points.
    const { y, test } = first.points;
    for (let k = 0; k < 3; k++) {
      const truth = y.filter((v, i) => v === k && test[i] === 1).length;
      assert.equal(c.test[3 * k] + c.test[3 * k + 1] + c.test[3 * k + 2], truth, `test row ${k}`);
    }
  });

  test('regression: plane data, identity output and MSE; no accuracy, no confusion matrix; the loss falls', () => {
    const { core, first } = configured({
      network: { ...NETWORK, output: { units: 1, activation: 'identity' }, loss: 'mse', optimizer: { name: 'sgd', learningRate: 0.03 } },
      data: { generate: { dataset: 'plane', n: 200, noise: 0, seed: 1, testRatio: 0.5 } },
    });
    assert.equal(first.points.classes, 0);
    assert.ok(first.points.y.some((v) => !Number.isInteger(v)));
    const s0 = first.snapshot;
    assert.ok(Number.isNaN(s0.testAccuracy) && Number.isNaN(s0.trainAccuracy));
    assert.equal(s0.confusion, null);
    const s = call(core, { type: 'step', epochs: 100 }).snapshot;
    assert.ok(s.testLoss < s0.testLoss / 4, `test loss ${s0.testLoss} -> ${s.testLoss}`);
    const sel = call(core, { type: 'select', index: 0 }).snapshot;
    assert.equal(sel.example.target, first.points.y[0]);
  });

  test('bad requests get errors naming the field and change nothing', () => {
    const { core } = configured();
    assert.throws(() => call(core, { type: 'stepExample' }), /stepExample: select an example first/);
    assert.throws(() => call(core, { type: 'select', index: 200 }), (e) => e instanceof RangeError && /select: index/.test(e.message));
    assert.throws(() => call(core, { type: 'select', index: 'a' }), (e) => e instanceof TypeError && /select: index/.test(e.message));
    assert.throws(() => call(core, { type: 'set', settings: { stop: { testAccuracy: 2 } } }), /set: stop\.testAccuracy must be in \[0, 1\]/);
    assert.throws(() => call(core, { type: 'set', settings: { stop: { epoch: 0.5 } } }), /set: stop\.epoch must be an integer/);
    assert.throws(() => call(core, { type: 'set', settings: { stop: { loss: 1 } } }), /set: stop has an unknown key "loss"/);
    assert.throws(() => call(core, { type: 'configure', config: config({ stop: { testLoss: -1 } }) }), /configure: stop\.testLoss/);
    assert.equal(call(core, { type: 'snapshot' }).snapshot.epoch, 0);
  });
});
