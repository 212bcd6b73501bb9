// The worker helper's protocol handler (TrainerCore) driven directly, without a Worker, against the
// real WASM engine: configure, step, start/frame/pause, reset, live settings, weights, JSON, divergence,
// errors, and that every typed array of a message is listed for transfer.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { createEngine, TrainerCore } from '../../dist/index.js';

let engine;
before(async () => {
  engine = await createEngine();
});

const circle = (over = {}) => ({
  network: {
    features: ['x1', 'x2'], layers: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'tanh' }],
    output: { units: 1, activation: 'sigmoid' }, loss: 'bce', optimizer: { name: 'sgd', learningRate: 0.1 }, seed: 1,
  },
  data: { generate: { dataset: 'circle', n: 200, noise: 0, seed: 1, testRatio: 0.5 } },
  batchSize: 10,
  grid: { size: 20, neuronSize: 8 },
  ...over,
});

let nextId = 1;
/** Sends one request; returns the single reply's result, or throws the error it carried. */
function call(core, body) {
  const out = core.handle({ id: nextId++, ...body });
  assert.equal(out.length, 1);
  const m = out[0].message;
  if (m.type === 'error') throw Object.assign(new Error(m.message), { name: m.name });
  assert.equal(m.type, 'reply');
  return { ...m.result, transfer: out[0].transfer };
}

function configured(over) {
  const core = new TrainerCore(engine);
  return { core, first: call(core, { type: 'configure', config: circle(over) }) };
}

describe('worker protocol (TrainerCore)', () => {
  test('configure generates and splits the points and answers with a full snapshot', () => {
    const { first } = configured();
    const { points, snapshot: s } = first;
    assert.equal(points.y.length, 200);
    assert.equal(points.x.length, 400);
    assert.equal([...points.test].filter((v) => v === 1).length, 100);
    assert.equal(s.epoch, 0);
    assert.equal(s.boundary.size, 20);
    assert.equal(s.boundary.channels, 1);
    assert.equal(s.boundary.values.length, 400);
    // features, two hidden layers, output: unit-major maps of 8 x 8
    assert.deepEqual(s.neurons.layers.map((l) => l.length), [2 * 64, 4 * 64, 2 * 64, 64]);
    assert.deepEqual(s.weights.map((l) => l.weights.length), [8, 8, 2]);
    assert.equal(s.history.from, 0);
    assert.equal(s.history.epoch.length, 1);
    assert.ok(s.trainLoss > 0 && Number.isFinite(s.testLoss));
  });

  test('every typed array of a reply is transferred, each buffer once', () => {
    const { first } = configured();
    const arrays = [first.points.x, first.points.y, first.points.test, first.snapshot.boundary.values,
      ...first.snapshot.neurons.layers, ...first.snapshot.weights.flatMap((l) => [l.weights, l.biases]),
      first.snapshot.history.epoch, first.snapshot.history.testAccuracy];
    for (const a of arrays) assert.ok(first.transfer.includes(a.buffer), 'a buffer is missing from the transfer list');
    assert.equal(new Set(first.transfer).size, first.transfer.length);
    // Transferring must not detach anything the core keeps: a structured clone with transfer, then more work.
    structuredClone(first, { transfer: first.transfer });
  });

  test('step trains: circle reaches 90% test accuracy, and history arrives as deltas', () => {
    const { core } = configured();
    const a = call(core, { type: 'step', epochs: 100 }).snapshot;
    assert.equal(a.epoch, 100);
    assert.equal(a.history.from, 1);
    const b = call(core, { type: 'step', epochs: 200 }).snapshot;
    assert.equal(b.history.from, 2);
    assert.deepEqual([...b.history.epoch], [300]);
    assert.ok(b.testAccuracy >= 0.9, `test accuracy ${b.testAccuracy}`);
    assert.ok(b.trainLoss < a.history.trainLoss[0] || b.trainLoss < 0.3, `loss ${b.trainLoss}`);
  });

  test('start/frame/pause: one frame of epochs and one snapshot per frame request, none after pause', () => {
    const { core } = configured({ epochsPerTick: 2 });
    call(core, { type: 'start' });
    assert.equal(core.running, true);
    assert.equal(core.wantsTick, true);
    const first = core.tick();
    assert.equal(first.length, 1);
    assert.equal(first[0].message.type, 'snapshot');
    assert.equal(first[0].message.snapshot.epoch, 2);
    assert.equal(first[0].message.snapshot.running, true);
    assert.equal(core.wantsTick, false);
    assert.deepEqual(core.tick(), [], 'no training and no snapshot until the page asks for a frame');
    call(core, { type: 'frame' });
    const next = core.tick();
    assert.equal(next[0].message.snapshot.epoch, 4);
    const paused = call(core, { type: 'pause' }).snapshot;
    assert.equal(paused.running, false);
    assert.deepEqual(core.tick(), []);
    assert.equal(call(core, { type: 'snapshot' }).snapshot.epoch, 4);
  });

  test('reset restores the seeded initial weights, epoch 0 and a new generation', () => {
    const { core, first } = configured();
    call(core, { type: 'step', epochs: 20 });
    const r = call(core, { type: 'reset' }).snapshot;
    assert.equal(r.epoch, 0);
    assert.equal(r.generation, first.snapshot.generation + 1);
    assert.equal(r.history.from, 0);
    r.weights.forEach((l, i) => assert.deepEqual([...l.weights], [...first.snapshot.weights[i].weights]));
  });

  test('set changes learning rate and regularization rate live, keeping weights and epoch', () => {
    const { core } = configured();
    const before = call(core, { type: 'step', epochs: 5 }).snapshot;
    call(core, { type: 'set', settings: { learningRate: 0.3, regularizationRate: 0.01, batchSize: 5, epochsPerTick: 3 } });
    const after = call(core, { type: 'snapshot' }).snapshot;
    assert.equal(after.epoch, 5);
    after.weights.forEach((l, i) => assert.deepEqual([...l.weights], [...before.weights[i].weights]));
    const json = JSON.parse(call(core, { type: 'exportNetwork' }).json);
    assert.equal(json.spec.optimizer.learningRate, 0.3);
    assert.equal(json.spec.regularization.rate, 0.01);
    assert.equal(json.spec.regularization.kind, 'l2');
  });

  test('setWeight edits one weight or bias; setPoints keeps the network', () => {
    const { core, first } = configured();
    const s = call(core, { type: 'setWeight', layer: 1, unit: 1, input: 0, value: 2.5 }).snapshot;
    assert.equal(s.weights[1].weights[1 * 4 + 0], 2.5);
    const b = call(core, { type: 'setWeight', layer: 2, unit: 0, input: -1, value: -1 }).snapshot;
    assert.equal(b.weights[2].biases[0], -1);
    const p = first.points;
    const pts = { x: Float32Array.of(1, 1, -1, -1, 5, 5), y: Float32Array.of(0, 0, 1), test: Uint8Array.of(0, 0, 1), classes: 2 };
    const after = call(core, { type: 'setPoints', points: pts }).snapshot;
    assert.equal(after.weights[1].weights[4], 2.5);
    assert.equal(after.testAccuracy === 0 || after.testAccuracy === 1, true);
    assert.ok(p.y.length === 200);
  });

  test('export and import round-trip the network exactly', () => {
    const { core } = configured();
    const trained = call(core, { type: 'step', epochs: 10 }).snapshot;
    const json = call(core, { type: 'exportNetwork' }).json;
    call(core, { type: 'reset' });
    const r = call(core, { type: 'importNetwork', json });
    assert.equal(r.spec.layers.length, 2);
    assert.equal(r.snapshot.epoch, 10);
    r.snapshot.weights.forEach((l, i) => assert.deepEqual([...l.weights], [...trained.weights[i].weights]));
    assert.equal(r.snapshot.testLoss, trained.testLoss);
  });

  test('divergence: a huge learning rate makes NaN/Inf, the core pauses and refuses to start; reset recovers', () => {
    const { core } = configured({
      network: { features: ['x1', 'x2'], layers: [{ units: 4, activation: 'identity' }], output: { units: 1, activation: 'identity' },
                 loss: 'mse', optimizer: { name: 'sgd', learningRate: 100 }, seed: 1 },
    });
    call(core, { type: 'start' });
    let s = null;
    for (let i = 0; i < 50 && core.running; i++) {
      call(core, { type: 'frame' });
      const out = core.tick();
      if (out.length) s = out[0].message.snapshot;
    }
    assert.ok(s?.diverged, 'the snapshot reports divergence');
    assert.equal(core.running, false);
    assert.throws(() => call(core, { type: 'start' }), { name: 'RangeError', message: /diverged/ });
    const r = call(core, { type: 'reset' }).snapshot;
    assert.equal(r.diverged, false);
    assert.ok(Number.isFinite(r.trainLoss));
  });

  test('bad requests answer with named errors and change nothing', () => {
    const { core, first } = configured();
    assert.throws(() => call(core, { type: 'step', epochs: 0 }), { name: 'RangeError', message: /step: epochs/ });
    assert.throws(() => call(core, { type: 'step', epochs: 1.5 }), { name: 'RangeError', message: /step: epochs/ });
    assert.throws(() => call(core, { type: 'launch' }), { name: 'RangeError', message: /request\.type must be one of .*"launch"/ });
    assert.throws(() => call(core, { type: 'set', settings: { learningRate: -1 } }), { name: 'RangeError', message: /set: learningRate/ });
    assert.throws(() => call(core, { type: 'set', settings: { batchSize: 'ten' } }), { name: 'TypeError', message: /set: batchSize/ });
    assert.throws(() => call(core, { type: 'setWeight', layer: 9, unit: 0, input: 0, value: 1 }), { name: 'RangeError', message: /setWeight: layer/ });
    assert.throws(() => call(core, { type: 'setWeight', layer: 0, unit: 0, input: 0, value: NaN }), { name: 'RangeError', message: /setWeight: value/ });
    assert.throws(() => call(core, { type: 'importNetwork', json: '{not json' }), { name: 'TypeError', message: /importNetwork: json/ });
    assert.throws(() => call(core, { type: 'setPoints', points: { x: Float32Array.of(1), y: Float32Array.of(0), test: Uint8Array.of(0), classes: 2 } }),
      { name: 'RangeError', message: /setPoints: points/ });
    const bad = circle();
    bad.network.layers[0].activation = 'nope';
    assert.throws(() => call(core, { type: 'configure', config: bad }), { name: 'RangeError', message: /activation/ });
    // The old network is still there and trains.
    const s = call(core, { type: 'step', epochs: 1 }).snapshot;
    assert.equal(s.generation, first.snapshot.generation);
    assert.equal(s.epoch, 1);
    assert.throws(() => call(new TrainerCore(engine), { type: 'step', epochs: 1 }), { name: 'RangeError', message: /configure first/ });
  });
});
