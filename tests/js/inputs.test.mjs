// Networks over n raw input columns (spec.inputs), engine.dataset('custom', { inputs }) and parseCsv,
// against the real WASM build (dist/) and the independent double-precision reference.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { createEngine, CsvError, parseCsv, splitDataset, TrainerCore } from '../../dist/index.js';
import { disposeTracked, throwsNamed, track } from './fixtures.mjs';
import { referenceLossAndGradients } from './reference-mlp.mjs';

let engine;
before(async () => {
  engine = await createEngine();
});

// A seeded generator (LCG, independent of the engine's PCG) of values in [-1, 1).
function values(count, seed) {
  let s = seed >>> 0;
  return Float32Array.from({ length: count }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1);
}

const rawSpec = (inputs, extra = {}) => ({
  inputs,
  layers: [{ units: 5, activation: 'tanh' }, { units: 4, activation: 'relu' }],
  output: { units: 3, activation: 'softmax' },
  init: 'lecun',
  seed: 7,
  ...extra,
});

const close = (a, b, tol, what) => {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++)
    assert.ok(Math.abs(a[i] - b[i]) <= tol.abs + tol.rel * Math.abs(b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
};

describe('networks over raw inputs', () => {
  for (const n of [1, 4, 1024]) {
    test(`inputs: ${n}: every method taking points reads ${n} floats per point, as the reference computes`, () => {
      const points = 9;
      const x = values(points * n, n);
      const y = Float32Array.from({ length: points }, (_, p) => p % 3);
      const net = track(engine.network(rawSpec(n)));
      assert.equal(net.pointSize, n);
      assert.equal(net.getWeights()[0].weights.length, 5 * n);
      // Non-zero biases keep units off the relu kink; unit 0 of the relu layer is made dead on purpose.
      const w = net.getWeights().map((l, i) => ({ ...l, biases: l.biases.map((_, u) => 0.1 * Math.sin(3 * i + u + 1)) }));
      w[1].weights.fill(0, 0, 5);
      w[1].biases[0] = -1;
      net.setWeights(w);
      const ref = referenceLossAndGradients(net.spec, net.getWeights(), x, y);

      const ev = net.evaluate(x, y);
      assert.ok(Math.abs(ev.loss - ref.loss) <= 1e-5 * Math.max(1, ref.loss), `loss ${ev.loss} vs ${ref.loss}`);
      const right = ref.outputs.filter((o, p) => o.indexOf(Math.max(...o)) === y[p]).length;
      assert.equal(ev.accuracy, right / points);
      close(net.predict(x), ref.outputs.flat(), { abs: 2e-6, rel: 1e-5 }, 'predict');
      assert.deepEqual(net.layerOutputs('features', x), x, 'the input layer is the points themselves');
      close(net.layerOutputs(0, x), ref.hidden[0].flat(), { abs: 2e-6, rel: 1e-5 }, 'layerOutputs(0)');
      assert.deepEqual(net.layerOutputs(2, x), net.predict(x));
      const g = net.gradients(x, y);
      g.forEach((layer, l) => {
        for (const key of ['weights', 'biases']) close(layer[key], ref.grads[l][key], { abs: 2e-5, rel: 2e-4 }, `gradients layer ${l} ${key}`);
      });
      const dead = ref.hidden.map((h) => h[0].filter((_, u) => h.every((a) => a[u] === 0)).length);
      assert.ok(dead[1] >= 1, 'the unit made dead is dead in the reference');
      assert.deepEqual(net.deadUnits(x).perLayer, dead);

      // One full-batch SGD step moves every weight by -lr times gradients().
      const before = net.getWeights();
      const r = net.fit(x, y, { epochs: 1, batchSize: points, shuffle: false });
      assert.ok(Math.abs(r.loss - ev.loss) <= 1e-6 * Math.max(1, ev.loss), `fit's loss ${r.loss} is the loss before its step`);
      const lr = Math.fround(0.03);
      net.getWeights().forEach((layer, l) => {
        const want = before[l].weights.map((v, i) => v - lr * g[l].weights[i]);
        close(layer.weights, want, { abs: 1e-7, rel: 1e-6 }, `step layer ${l}`);
      });
    });
  }

  test('a wrong number of floats is a RangeError naming x and the point size; wrong y names y', () => {
    const net = track(engine.network(rawSpec(4)));
    const x7 = values(7, 1);
    const y = [0, 1];
    throwsNamed(() => net.fit(x7, y), RangeError, /^network\.fit: x must hold n\*4 numbers \(4 inputs per point, row-major, n >= 1\), got 7/);
    throwsNamed(() => net.evaluate(x7, y), RangeError, /^network\.evaluate: x must hold n\*4 numbers/);
    throwsNamed(() => net.predict(x7), RangeError, /^network\.predict: x must hold n\*4 numbers/);
    throwsNamed(() => net.gradients(x7, y), RangeError, /^network\.gradients: x must hold n\*4/);
    throwsNamed(() => net.layerOutputs(0, x7), RangeError, /^network\.layerOutputs: x must hold n\*4/);
    throwsNamed(() => net.deadUnits(x7), RangeError, /^network\.deadUnits: x must hold n\*4/);
    throwsNamed(() => net.predict([]), RangeError, /x must hold n\*4 numbers/);
    throwsNamed(() => net.fit(values(8, 1), [0, 1, 2]), RangeError, /^network\.fit: y must hold 2 targets/);
    // 2-D points (an even count not divisible by 4) are refused, not silently regrouped.
    throwsNamed(() => net.predict(values(6, 1)), RangeError, /got 6 numbers/);
    const x = values(8, 2);
    x[6] = NaN;
    throwsNamed(() => net.fit(x, y), RangeError, /^network\.fit: x\[6\] must be finite/);
    assert.equal(net.epoch, 0);
    assert.equal(net.predict(values(8, 2)).length, 6, 'the network still works');
  });

  test('predictGrid and layerOutputsGrid are RangeErrors for a raw-input network; it stays usable', () => {
    const net = track(engine.network(rawSpec(3)));
    const grid = { x: [-1, 1], y: [-1, 1], width: 4, height: 4 };
    throwsNamed(() => net.predictGrid(grid), RangeError, /^network\.predictGrid: grids are for the 2-D form \(features\); this network takes inputs: 3/);
    throwsNamed(() => net.layerOutputsGrid(0, grid), RangeError, /^network\.layerOutputsGrid: grids are for the 2-D form/);
    throwsNamed(() => net.layerOutputsGrid('features', grid), RangeError, /^network\.layerOutputsGrid: grids/);
    assert.equal(net.predict(values(6, 3)).length, 6);
  });

  test('toJSON / loadNetwork round-trip spec.inputs; training continues identically', () => {
    const x = values(40 * 4, 5);
    const y = Float32Array.from({ length: 40 }, (_, p) => (x[4 * p] + x[4 * p + 3] > 0 ? 1 : 0));
    const net = track(engine.network({ inputs: 4, layers: [{ units: 6, activation: 'swish', learnable: 'unit' }],
                                       optimizer: { name: 'adam', learningRate: 0.01 }, seed: 3 }));
    net.fit(x, y, { epochs: 3, batchSize: 8 });
    const json = net.toJSON();
    assert.equal(json.spec.inputs, 4);
    assert.deepEqual(json.spec.features, []);
    const back = track(engine.loadNetwork(JSON.stringify(json)));
    assert.equal(back.pointSize, 4);
    assert.deepEqual(back.spec, net.spec);
    assert.deepEqual(back.predict(x), net.predict(x));
    net.fit(x, y, { epochs: 2, batchSize: 8 });
    back.fit(x, y, { epochs: 2, batchSize: 8 });
    assert.deepEqual(back.toJSON(), net.toJSON());
    // The 2-D form's JSON has no inputs key at all.
    const planar = track(engine.network({}));
    assert.equal('inputs' in planar.toJSON().spec, false);
  });

  test('a bad inputs spec is a TypeError/RangeError naming inputs; nothing is half-built', () => {
    const before = engine.memory().allocatedBytes;
    throwsNamed(() => engine.network({ inputs: 0 }), RangeError, /^network: inputs must be an integer in \[1, 1024\], got 0/);
    throwsNamed(() => engine.network({ inputs: 1025 }), RangeError, /^network: inputs must be an integer in \[1, 1024\], got 1025/);
    throwsNamed(() => engine.network({ inputs: 2.5 }), RangeError, /^network: inputs must be an integer/);
    throwsNamed(() => engine.network({ inputs: '4' }), TypeError, /^network: inputs must be an integer, got the string "4"/);
    throwsNamed(() => engine.network({ inputs: 4, features: ['x1'] }), TypeError, /^network: inputs and features are exclusive/);
    assert.equal(track(engine.network({ inputs: 4, features: [] })).pointSize, 4);
    const json = track(engine.network({ inputs: 2 })).toJSON();
    throwsNamed(() => engine.loadNetwork({ ...json, spec: { ...json.spec, inputs: 2000 } }), RangeError, /^loadNetwork: spec\.inputs must be an integer in \[1, 1024\]/);
    // A saved 4-input net's weights do not fit a 2-input spec: the layer shape is named.
    throwsNamed(() => engine.loadNetwork({ ...json, spec: { ...json.spec, inputs: 3 } }), RangeError, /^loadNetwork: layers\[0\]\.weights must have 3 values/);
    disposeTracked();
    assert.equal(engine.memory().allocatedBytes, before);
  });

  test('export writes a raw-input network in every format (the peer runtimes check them in export.test.mjs)', () => {
    const net = track(engine.network(rawSpec(4)));
    const before = JSON.stringify(net.toJSON());
    const back = track(engine.loadONNX(net.export('onnx')));
    assert.equal(back.spec.inputs, 4);
    assert.deepEqual(back.predict(values(8, 1)), net.predict(values(8, 1)));
    assert.match(net.export('pytorch'), /N x 4 float32 tensor/);
    assert.match(net.export('js'), /n\*4 coordinates/);
    assert.equal(JSON.stringify(net.toJSON()), before, 'exporting never changes the network');
  });

  test('the train worker says it is the 2-D playground only, and keeps its network', () => {
    const core = new TrainerCore(engine);
    const config = (network) => ({ network, data: { generate: { dataset: 'xor', n: 40, noise: 0, seed: 1, testRatio: 0.5 } }, batchSize: 10 });
    const send = (body) => core.handle({ id: 1, ...body })[0].message;
    assert.equal(send({ type: 'configure', config: config({}) }).type, 'reply');
    const before = engine.memory().allocatedBytes;
    const m = send({ type: 'configure', config: config({ inputs: 2 }) });
    assert.equal(m.type, 'error');
    assert.equal(m.name, 'RangeError');
    assert.match(m.message, /^configure: config\.network\.inputs: the train worker is the 2-D playground only/);
    assert.equal(engine.memory().allocatedBytes, before, 'the refused network was freed');
    const raw = track(engine.network({ inputs: 2 }));
    const imp = send({ type: 'importNetwork', json: JSON.stringify(raw) });
    assert.equal(imp.type, 'error');
    assert.match(imp.message, /^importNetwork: json\.spec\.inputs: the train worker is the 2-D playground only/);
    assert.equal(send({ type: 'step', epochs: 1 }).type, 'reply', 'the worker still trains its 2-D network');
    send({ type: 'close' });
  });
});

describe("dataset('custom', { inputs })", () => {
  test('n columns per point; splitDataset keeps them together', () => {
    const x = values(5 * 3, 9);
    const d = engine.dataset('custom', { x, y: [0, 1, 2, 1, 0], inputs: 3 });
    assert.equal(d.n, 5);
    assert.equal(d.inputs, 3);
    assert.equal(d.classes, 3);
    assert.deepEqual(d.x, x);
    assert.notEqual(d.x, x, 'a copy');
    const { train, test } = splitDataset(d, 0.4);
    assert.deepEqual([train.n, test.n, train.inputs], [2, 3, 3]);
    assert.deepEqual(train.x, x.slice(0, 6));
    assert.deepEqual(test.x, x.slice(6));
    assert.equal(engine.dataset('circle', { n: 10 }).inputs, 2);
    const net = track(engine.network({ inputs: 3, output: { units: 3, activation: 'softmax' } }));
    assert.ok(Number.isFinite(net.fit(d.x, d.y).loss));
  });

  test('bad inputs, lengths and labels are named', () => {
    throwsNamed(() => engine.dataset('custom', { x: values(7, 1), y: [0, 1], inputs: 3 }), RangeError,
                /^dataset: options\.x must hold n\*3 numbers \(3 per point, n >= 1\), got 7/);
    throwsNamed(() => engine.dataset('custom', { x: values(6, 1), y: [0, 1, 1], inputs: 3 }), RangeError, /options\.y must hold 2 labels/);
    throwsNamed(() => engine.dataset('custom', { x: [1], y: [0], inputs: 0 }), RangeError, /^dataset: options\.inputs must be an integer in \[1, 1024\], got 0/);
    throwsNamed(() => engine.dataset('custom', { x: [1], y: [0], inputs: 1025 }), RangeError, /options\.inputs must be an integer in \[1, 1024\]/);
    throwsNamed(() => engine.dataset('xor', { inputs: 4 }), RangeError, /^dataset: options\.inputs is for 'custom' points; xor is 2-D/);
    throwsNamed(() => splitDataset({ x: values(6, 1), y: new Float32Array(2), n: 2, classes: 2, inputs: 4 }), RangeError,
                /^splitDataset: data\.x must have length 8 \(4 per point for n = 2\)/);
  });
});

describe('parseCsv', () => {
  test('reads n feature columns and a label: header, comments, blank lines, separators, CRLF', () => {
    const text = 'sepal_length,sepal_width;petal_length\tpetal_width,species\r\n' +
      '# Iris-like\r\n5.1,3.5,1.4,0.2,0\r\n\r\n  7.0 ; 3.2 ; 4.7 ; 1.4 ; 1 \r\n6.3\t3.3\t6.0\t2.5\t2\r\n-1e-3,0,2e1,.5,1\r\n';
    const d = parseCsv(text, { inputs: 4 });
    assert.ok(d.x instanceof Float32Array && d.y instanceof Float32Array && d.lines instanceof Uint32Array);
    assert.deepEqual([...d.x], [5.1, 3.5, 1.4, 0.2, 7.0, 3.2, 4.7, 1.4, 6.3, 3.3, 6.0, 2.5, -1e-3, 0, 20, 0.5].map(Math.fround));
    assert.deepEqual([...d.y], [0, 1, 2, 1]);
    assert.deepEqual([...d.lines], [3, 5, 6, 7]);
    assert.deepEqual([d.n, d.inputs, d.classes], [4, 4, 3]);
    assert.deepEqual(d.header, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
    const net = track(engine.network({ inputs: 4, output: { units: 3, activation: 'softmax' } }));
    assert.equal(net.predict(engine.dataset('custom', { x: d.x, y: d.y, inputs: d.inputs }).x).length, 12);
    const plain = parseCsv('1,2,0\n3,4,1');
    assert.deepEqual([plain.inputs, plain.n, plain.header], [2, 2, null]);
    assert.deepEqual([...parseCsv('0.5,1\n-2,0', { inputs: 1 }).x], [0.5, -2]);
  });

  test('every bad line is reported with its line and column; the first is in the message', () => {
    const text = ['a,b,c,label', '1,2,3,0', '1,x,3,1', '1,2,3', '', '1,2,3,4,5', '1,2,3,1.5', '1,,3,0', '# fine', '1,2,3,16', '1e39,0,0,0'].join('\n');
    let err;
    assert.throws(() => parseCsv(text, { inputs: 3 }), (e) => (err = e, true));
    assert.ok(err instanceof CsvError && err instanceof RangeError);
    assert.equal(err.message, 'parseCsv: line 3, column 2: "x" is not a finite number; 6 more bad lines (4, 6, 7, 8, 10, 11)');
    assert.deepEqual([err.line, err.column], [3, 2]);
    assert.deepEqual(err.problems, [
      { line: 3, column: 2, reason: 'number', value: 'x' },
      { line: 4, column: 4, reason: 'fields', cells: 3 },
      { line: 6, column: 5, reason: 'fields', cells: 5 },
      { line: 7, column: 4, reason: 'label', value: '1.5' },
      { line: 8, column: 2, reason: 'number', value: '' },
      { line: 10, column: 4, reason: 'label', value: '16' },
      { line: 11, column: 1, reason: 'number', value: '1e39' },
    ]);
    throwsNamed(() => parseCsv('1e39,0,0'), RangeError, /^parseCsv: line 1, column 1: 1e39 is outside the float32 range/);
    throwsNamed(() => parseCsv('1,2,16\n'), RangeError, /^parseCsv: line 1, column 3: label "16" must be a whole number from 0 to 15$/);
    throwsNamed(() => parseCsv('1,2,3\n', { maxClasses: 3 }), RangeError, /label "3" must be a whole number from 0 to 2/);
    throwsNamed(() => parseCsv('0,7,1', { range: [-6, 6] }), RangeError, /^parseCsv: line 1, column 2: "7" is outside \[-6, 6\]/);
    // A non-numeric line after the data is a bad line, not a second header.
    throwsNamed(() => parseCsv('1,2,0\nx1,x2,label'), RangeError, /^parseCsv: line 2, column 1: "x1" is not a finite number$/);
  });

  test('an empty file, a header alone and bad arguments', () => {
    for (const text of ['', '\n\n# nothing\n', 'x1,x2,label\n'])
      throwsNamed(() => parseCsv(text), RangeError, /^parseCsv: the file has no points$/);
    throwsNamed(() => parseCsv(42), TypeError, /^parseCsv: text must be a string/);
    throwsNamed(() => parseCsv('1,2,0', { inputs: 0 }), RangeError, /^parseCsv: options\.inputs must be an integer/);
    throwsNamed(() => parseCsv('1,2,0', { input: 2 }), TypeError, /^parseCsv: options has an unknown key "input"/);
    throwsNamed(() => parseCsv('1,2,0', { range: [1] }), TypeError, /^parseCsv: options\.range must be \[min, max\]/);
    throwsNamed(() => parseCsv('1,2,0', { maxClasses: 17 }), RangeError, /^parseCsv: options\.maxClasses/);
  });
});
