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
  });

  test('transferring a reply detaches nothing the core keeps: it trains on exactly as a core whose replies stay put', () => {
    const { core, first } = configured();
    const twin = configured().core;
    structuredClone(first, { transfer: first.transfer });
    assert.equal(first.points.x.byteLength, 0, 'the transfer detached the reply\'s own buffers');
    for (let k = 0; k < 3; k++) {
      // Training, and the selected example's trace (which reads the core's points).
      const step = call(core, { type: 'step', epochs: 5 });
      structuredClone(step, { transfer: step.transfer });
      const sel = call(core, { type: 'select', index: 3 + k });
      structuredClone(sel, { transfer: sel.transfer });
      call(twin, { type: 'step', epochs: 5 });
      const expected = call(twin, { type: 'select', index: 3 + k }).snapshot;
      const s = call(core, { type: 'snapshot' }).snapshot;
      assert.equal(s.epoch, expected.epoch);
      assert.equal(s.trainLoss, expected.trainLoss);
      s.weights.forEach((l, i) => assert.deepEqual([...l.weights], [...expected.weights[i].weights]));
      assert.deepEqual([...s.boundary.values], [...expected.boundary.values]);
      assert.deepEqual(s.example.point, expected.example.point);
      assert.equal(s.example.target, expected.example.target);
      assert.equal(s.example.trace.loss, expected.example.trace.loss);
    }
  });

  test('step trains: circle reaches 90% test accuracy, the loss falls, and history arrives as deltas', () => {
    const { core, first } = configured();
    const a = call(core, { type: 'step', epochs: 100 }).snapshot;
    assert.equal(a.epoch, 100);
    assert.equal(a.history.from, 1);
    const b = call(core, { type: 'step', epochs: 200 }).snapshot;
    assert.equal(b.history.from, 2);
    assert.deepEqual([...b.history.epoch], [300]);
    assert.ok(b.testAccuracy >= 0.9, `test accuracy ${b.testAccuracy}`);
    assert.ok(a.trainLoss < first.snapshot.trainLoss, `loss after 100 epochs ${a.trainLoss}, at 0 ${first.snapshot.trainLoss}`);
    assert.ok(b.trainLoss < a.trainLoss, `loss after 300 epochs ${b.trainLoss}, after 100 ${a.trainLoss}`);
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
    const l2 = () => circle({ network: { ...circle().network, regularization: { kind: 'l2', rate: 0.001 } } });
    const core = new TrainerCore(engine);
    call(core, { type: 'configure', config: l2() });
    const before = call(core, { type: 'step', epochs: 5 }).snapshot;
    call(core, { type: 'set', settings: { learningRate: 0.3, regularizationRate: 0.01, batchSize: 5, epochsPerTick: 3 } });
    const after = call(core, { type: 'snapshot' }).snapshot;
    assert.equal(after.epoch, 5);
    after.weights.forEach((l, i) => assert.deepEqual([...l.weights], [...before.weights[i].weights]));
    const json = JSON.parse(call(core, { type: 'exportNetwork' }).json);
    assert.equal(json.spec.optimizer.learningRate, 0.3);
    assert.deepEqual(json.spec.regularization, { kind: 'l2', rate: 0.01 });
    // The new rate trains: a core that got the same set() matches it, one that kept the old rate does not.
    const twin = new TrainerCore(engine);
    call(twin, { type: 'configure', config: l2() });
    call(twin, { type: 'step', epochs: 5 });
    call(twin, { type: 'set', settings: { learningRate: 0.3, regularizationRate: 0.01, batchSize: 5 } });
    const other = new TrainerCore(engine);
    call(other, { type: 'configure', config: l2() });
    call(other, { type: 'step', epochs: 5 });
    call(other, { type: 'set', settings: { learningRate: 0.3, batchSize: 5 } });
    const a = call(core, { type: 'step', epochs: 5 }).snapshot;
    const b = call(twin, { type: 'step', epochs: 5 }).snapshot;
    const c = call(other, { type: 'step', epochs: 5 }).snapshot;
    a.weights.forEach((l, i) => assert.deepEqual([...l.weights], [...b.weights[i].weights]));
    assert.notDeepEqual([...a.weights[0].weights], [...c.weights[0].weights], 'the l2 rate 0.01 changed nothing');
  });

  test('set({ regularizationRate }) keeps the kind: with none the rate is stored and has no effect', () => {
    const { core } = configured();
    const twin = configured().core;
    call(core, { type: 'set', settings: { regularizationRate: 0.5 } });
    const json = JSON.parse(call(core, { type: 'exportNetwork' }).json);
    assert.deepEqual(json.spec.regularization, { kind: 'none', rate: 0.5 });
    const a = call(core, { type: 'step', epochs: 20 }).snapshot;
    const b = call(twin, { type: 'step', epochs: 20 }).snapshot;
    a.weights.forEach((l, i) => assert.deepEqual([...l.weights], [...b.weights[i].weights]));
    assert.equal(a.trainLoss, b.trainLoss);
    // reset rebuilds from the stored spec: still none.
    call(core, { type: 'reset' });
    assert.equal(JSON.parse(call(core, { type: 'exportNetwork' }).json).spec.regularization.kind, 'none');
  });

  test('set rejects what the network would round away or refuse, naming set and the field; nothing changes', () => {
    const { core } = configured();
    const spec = () => JSON.parse(call(core, { type: 'exportNetwork' }).json).spec;
    const was = spec();
    for (const lr of [5e-324, 1e-40, 0, -1, 1001, NaN, Infinity]) {
      assert.throws(() => call(core, { type: 'set', settings: { learningRate: lr, batchSize: 7 } }),
        (e) => e.name === 'RangeError' && /^set: learningRate/.test(e.message) && !/setLearningRate/.test(e.message), `learningRate ${lr}`);
    }
    assert.throws(() => call(core, { type: 'set', settings: { learningRate: '0.1' } }), { name: 'TypeError', message: /^set: learningRate/ });
    assert.throws(() => call(core, { type: 'set', settings: { regularizationRate: -0.1 } }), { name: 'RangeError', message: /^set: regularizationRate/ });
    assert.throws(() => call(core, { type: 'set', settings: { learningrate: 0.1 } }),
      { name: 'TypeError', message: /set: settings has an unknown key "learningrate" \(did you mean "learningRate"\?\)/ });
    assert.deepEqual(spec(), was);
    // The smallest normal float32 is a rate float32 holds.
    call(core, { type: 'set', settings: { learningRate: 2 ** -126 } });
    assert.equal(spec().optimizer.learningRate, 2 ** -126);
  });

  test('setWeight edits one weight or bias; setPoints keeps the network and measures the new points', () => {
    const { core } = configured();
    const s = call(core, { type: 'setWeight', layer: 1, unit: 1, input: 0, value: 2.5 }).snapshot;
    assert.equal(s.weights[1].weights[1 * 4 + 0], 2.5);
    const b = call(core, { type: 'setWeight', layer: 2, unit: 0, input: -1, value: -1 }).snapshot;
    assert.equal(b.weights[2].biases[0], -1);
    // Twelve points on two rings, the first seven held out: the test accuracy is a fraction of seven (and
    // no fraction of the five training points, 0 and 1 apart, so measuring the wrong split shows).
    const x = [], y = [], test = [];
    for (let i = 0; i < 12; i++) {
      const r = i % 2 ? 5 : 0.5, t = i * 0.7;
      x.push(r * Math.cos(t), r * Math.sin(t)); y.push(i % 2); test.push(i < 7 ? 1 : 0);
    }
    const pts = { x: Float32Array.from(x), y: Float32Array.from(y), test: Uint8Array.from(test), classes: 2 };
    const after = call(core, { type: 'setPoints', points: pts }).snapshot;
    assert.equal(after.weights[1].weights[4], 2.5);
    // The expected accuracy from the same weights through engine.loadNetwork and predict, thresholded here.
    const net = engine.loadNetwork(call(core, { type: 'exportNetwork' }).json);
    const out = net.predict(Float32Array.from(x.slice(0, 14)));
    net.dispose();
    let right = 0;
    for (let i = 0; i < 7; i++) right += (out[i] >= 0.5 ? 1 : 0) === y[i] ? 1 : 0;
    assert.ok(right > 0 && right < 7, `a split verdict tests the count, got ${right} of 7 right`);
    assert.equal(after.testAccuracy, right / 7);
  });

  test('the core keeps its own copy of the points: changing what configure returned or setPoints sent changes nothing', () => {
    const { core, first } = configured();
    const twin = configured().core;
    first.points.x.fill(0);
    first.points.y.fill(1);
    const a = call(core, { type: 'step', epochs: 3 }).snapshot;
    const b = call(twin, { type: 'step', epochs: 3 }).snapshot;
    assert.equal(a.trainLoss, b.trainLoss);
    assert.equal(a.testAccuracy, b.testAccuracy);
    const example = (c, index) => call(c, { type: 'select', index }).snapshot.example;
    assert.deepEqual(example(core, 7), example(twin, 7));
    assert.notDeepEqual(example(core, 7).point, [0, 0]);
    const pts = () => ({ x: Float32Array.of(1, 1, -1, -1, 5, 5, 0, 0), y: Float32Array.of(0, 0, 1, 1), test: Uint8Array.of(0, 1, 0, 1), classes: 2 });
    const sent = pts();
    call(core, { type: 'setPoints', points: sent });
    call(twin, { type: 'setPoints', points: pts() });
    sent.x.fill(100);
    sent.test.fill(0);
    const c = call(core, { type: 'step', epochs: 3 }).snapshot;
    const d = call(twin, { type: 'step', epochs: 3 }).snapshot;
    assert.equal(c.trainLoss, d.trainLoss);
    assert.equal(c.testLoss, d.testLoss);
    assert.deepEqual(example(core, 2).point, [5, 5]);
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
