// engine.loadONNX(bytes): our own files round-trip exactly; PyTorch's torch.onnx.export MLPs load and
// predict what PyTorch predicts; what cannot be mapped is refused with a RangeError/TypeError that names
// the node and operator, and the engine is left as it was.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { createEngine } from '../../dist/index.js';
import { toOnnx } from '../../dist/interop/onnx-export.js';
import { interopSpecs, maxDiff, randomPoints, trainedNetwork } from './interop-nets.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let engine, dir, torchFiles;
const points = randomPoints(1000, 11);
before(async () => {
  engine = await createEngine();
  dir = mkdtempSync(join(tmpdir(), 'ap-import-'));
  torchFiles = JSON.parse(execFileSync('/usr/bin/python3', [join(here, 'torch_onnx_models.py'), dir],
                                       { input: JSON.stringify([...points]), maxBuffer: 1 << 28 }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const refuses = (bytes, Kind, pattern) => assert.throws(() => engine.loadONNX(bytes),
  (e) => (e instanceof Kind && pattern.test(e.message)) || assert.fail(`${e?.constructor?.name}: ${e?.message}`));

describe('round trip: export ONNX, loadONNX', () => {
  test('every interop network (features and inputs: 1, 3, 4, 7) comes back with identical predictions, weights and spec', () => {
    // inputs: 2 is kept by our file's metadata (without it, 2 raw columns are features x1, x2).
    const two = { name: 'inputs: 2', spec: { inputs: 2, layers: [{ units: 4, activation: 'relu' }], output: { units: 3, activation: 'softmax' } } };
    for (const { name, spec } of [...interopSpecs(engine), two]) {
      const { net } = trainedNetwork(engine, spec);
      const back = engine.loadONNX(net.export('onnx'));
      try {
        assert.equal(back.spec.inputs, spec.inputs, name);
        const pts = randomPoints(1000, 11, net.pointSize);
        assert.equal(maxDiff(back.predict(pts), net.predict(pts)), 0, name);
        const [a, b] = [net.toJSON(), back.toJSON()];
        assert.deepEqual(b.layers, a.layers, name);
        assert.deepEqual(b.spec, a.spec, name);
      } finally {
        net.dispose();
        back.dispose();
      }
    }
  });

  test('a loaded network trains on', () => {
    const { net, data } = trainedNetwork(engine, interopSpecs(engine)[5].spec);
    const back = engine.loadONNX(net.export('onnx').buffer);
    const before = back.evaluate(data.x, data.y).loss;
    back.fit(data.x, data.y, { epochs: 20 });
    assert.ok(back.evaluate(data.x, data.y).loss < before);
    net.dispose();
    back.dispose();
  });
});

describe('torch.onnx.export files (PyTorch 1.13, opset 17)', () => {
  test('nn.Sequential MLPs load and match PyTorch on 1000 points within 1e-5', () => {
    for (const m of torchFiles.mlps) {
      const net = engine.loadONNX(readFileSync(m.file));
      try {
        const d = maxDiff(net.predict(points), m.predict);
        assert.ok(d <= 1e-5, `${m.name}: max |loadONNX - PyTorch| = ${d}`);
        assert.deepEqual([...net.spec.layers, net.spec.output].map((l) => l.activation), m.activations, m.name);
        // Two raw columns without feature nodes are the playground's x1, x2.
        assert.deepEqual([net.spec.features, net.spec.inputs], [['x1', 'x2'], undefined], m.name);
      } finally {
        net.dispose();
      }
    }
  });

  test('PReLU slopes come in as learnable α (per unit or shared), Softplus(beta=2) as β = 2', () => {
    const [, many, , shared] = torchFiles.mlps.map((m) => engine.loadONNX(readFileSync(m.file)));
    try {
      assert.equal(many.spec.layers[3].activation, 'prelu');
      assert.equal(many.spec.layers[3].learnable, 'unit');
      assert.equal(many.getWeights()[3].alpha.length, 6);
      assert.deepEqual(many.spec.layers[4].params, { beta: 2 });
      assert.equal(shared.spec.layers[0].learnable, 'shared');
      assert.deepEqual([...shared.getWeights()[0].biases], [0, 0, 0, 0]);
    } finally {
      many.dispose();
      shared.dispose();
    }
  });

  test('the 4-input 3-class model loads as inputs: 4, matches PyTorch within 1e-5 and trains on', () => {
    const { file, x, predict } = torchFiles.four;
    const net = engine.loadONNX(readFileSync(file));
    try {
      assert.equal(net.spec.inputs, 4);
      assert.deepEqual(net.spec.features, []);
      assert.deepEqual([...net.spec.layers, net.spec.output].map((l) => `${l.units} ${l.activation}`), ['16 relu', '16 tanh', '3 softmax']);
      assert.equal(net.spec.loss, 'cross_entropy');
      const d = maxDiff(net.predict(x), predict);
      assert.ok(d <= 1e-5, `max |loadONNX - PyTorch| = ${d}`);
      // Labels from the sign pattern of two columns; fit must lower the loss from PyTorch's weights.
      const xs = Float32Array.from(x), n = xs.length / 4;
      const y = Float32Array.from({ length: n }, (_, k) => (xs[4 * k] > 0 ? 1 : 0) + (xs[4 * k + 3] > 0.5 ? 1 : 0));
      const before = net.evaluate(xs, y).loss;
      net.fit(xs, y, { epochs: 10, batchSize: 20 });
      const afterLoss = net.evaluate(xs, y).loss;
      assert.ok(afterLoss < before, `loss ${before} -> ${afterLoss}`);
    } finally {
      net.dispose();
    }
  });

  test('1 and 7 raw columns without feature nodes load as inputs: n and match PyTorch within 1e-5', () => {
    for (const m of torchFiles.wide) {
      const net = engine.loadONNX(readFileSync(m.file));
      try {
        assert.equal(net.spec.inputs, m.inputs, m.name);
        const d = maxDiff(net.predict(m.x), m.predict);
        assert.ok(d <= 1e-5, `${m.name}: max |loadONNX - PyTorch| = ${d}`);
      } finally {
        net.dispose();
      }
    }
  });
});

describe('what loadONNX refuses', () => {
  test('a convolution, a layer norm: RangeError naming the node and operator', () => {
    const [conv, , norm] = torchFiles.refused;
    refuses(readFileSync(conv.file), RangeError, /^loadONNX: node "\/0\/Conv" \(Conv\) is not supported/);
    refuses(readFileSync(norm.file), RangeError, /^loadONNX: node "[^"]+" \(LayerNormalization\) is not supported/);
  });

  test('a 3-D input: RangeError naming the input and its shape', () => {
    refuses(readFileSync(torchFiles.refused[1].file), RangeError, /^loadONNX: input "x" has shape \[5, 7, 2\] \(3-D\): loadONNX needs a 2-D input/);
  });

  test('feature nodes over a 3-column input: RangeError naming the input (features come from x1, x2 only)', () => {
    refuses(readFileSync(torchFiles.refused[3].file), RangeError,
            /^loadONNX: input "x" has 3 columns; feature nodes \(x1\^2, sin\(x1\), \.\.\.\) need 2-D points \(x1, x2\)/);
  });

  test('an input wider than engine.limits.maxInputs: RangeError naming the graph input, its shape and the limit', () => {
    // One column more than the engine takes, written by the exporter from a JSON the engine could not
    // build (so the file is otherwise one loadONNX reads): its input is "points" [N, max + 1].
    const max = engine.limits.maxInputs;
    const spec = { inputs: max, layers: [{ units: 2, activation: 'relu' }], output: { units: 1, activation: 'sigmoid' }, loss: 'bce' };
    const net = engine.network(spec);
    const json = net.toJSON();
    net.dispose();
    const ok = toOnnx(json, json.spec, engine.activations);
    const wide = { ...json, spec: { ...json.spec, inputs: max + 1 }, layers: [{ ...json.layers[0], weights: new Array(2 * (max + 1)).fill(0.5) }, json.layers[1]] };
    const before = engine.memory().allocatedBytes;
    refuses(toOnnx(wide, wide.spec, engine.activations), RangeError,
            new RegExp(`^loadONNX: input "points" has shape \\[N, ${max + 1}\\]: ${max + 1} columns, more than the ${max} input columns a network takes \\(engine\\.limits\\.maxInputs\\)$`));
    assert.equal(engine.memory().allocatedBytes, before);
    // At the limit the same file loads.
    const back = engine.loadONNX(ok);
    assert.equal(back.toJSON().spec.inputs, max);
    back.dispose();
  });

  test('truncated and malformed bytes: RangeError, never a crash', () => {
    const { net } = trainedNetwork(engine, interopSpecs(engine)[0].spec);
    const bytes = net.export('onnx');
    net.dispose();
    for (const cut of [1, 7, bytes.length >> 1, bytes.length - 1])
      refuses(bytes.subarray(0, cut), RangeError, /^loadONNX: /);
    refuses(bytes.subarray(0, bytes.length >> 1), RangeError, /^loadONNX: bytes are not a valid ONNX model: .*truncated/);
    refuses(new Uint8Array(0), RangeError, /^loadONNX: bytes are not a valid ONNX model/);
    refuses(new TextEncoder().encode('{"format": "activation-playground/network"}'), RangeError, /^loadONNX: bytes are not a valid ONNX model/);
  });

  test('bytes of the wrong type: TypeError naming the argument', () => {
    refuses('model.onnx', TypeError, /^loadONNX: bytes must be a Uint8Array or an ArrayBuffer, got the string/);
    refuses([1, 2, 3], TypeError, /^loadONNX: bytes must be/);
  });

  test('weights the engine refuses (a NaN): the engine\'s own message, nothing left allocated', () => {
    const bytes = readFileSync(torchFiles.nan);
    const before = engine.memory().allocatedBytes;
    refuses(bytes, RangeError, /^loadONNX: layers\[1\]\.weights\[1\] must be finite/);
    for (const r of torchFiles.refused) assert.throws(() => engine.loadONNX(readFileSync(r.file)));
    assert.equal(engine.memory().allocatedBytes, before);
    const ok = engine.loadONNX(readFileSync(torchFiles.mlps[0].file));
    assert.equal(ok.predict(points).length, 1000);
    ok.dispose();
  });
});
