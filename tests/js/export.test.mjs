// net.export('onnx' | 'js' | 'pytorch') checked by the runtimes their users run: onnxruntime-web,
// Node's own module loader, and PyTorch (Debian's python3-torch through /usr/bin/python3).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';

import * as ort from 'onnxruntime-web';

import { createEngine } from '../../dist/index.js';
import { INPUT_WIDTHS, interopSpecs, maxDiff, randomPoints, trainedNetwork } from './interop-nets.mjs';

ort.env.wasm.numThreads = 1;
const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';

let engine, cases, dir;
// 1000 random points for a network: x1, x2 pairs, or n numbers each with spec.inputs.
const pointsOf = (net) => randomPoints(1000, 7, net.pointSize);
// Formula activations (engine.defineActivation): every operation of the expression language, catalogue
// calls inside a formula, a learnable parameter per unit and shared.
const FORMULAS = [
  { name: 'fx_swish', formula: 'x * sigmoid(beta * x)', params: { beta: { default: 1, min: 0, max: 10, learnable: true } } },
  { name: 'fx_ops', formula: 'where(x > 0, x, alpha * expm1(x)) + clamp(x, -1, 1) / 2 - 0.1 * abs(x) ^ 1.5 + erfc(x) * erf(x) ' +
    '+ log1p(softplus(x)) + sqrt(1 + x^2) + max(x, 0.1 * x) - min(x, 0) + sin(x) * cos(x) + tan(x / 4) + tanh(x) - sinh(x / 3) ' +
    '+ cosh(x / 5) + exp(-x * x) + log(2 + x * x) + sign(x) * 0.25 + where(x <= -1, 1, 0) + where(x >= 1, 1, 0) ' +
    '+ where(x < 0.5, 0.5, 0) + where(x != 0, 0.1, 0) + where(x == 0, 1, 0) - x / (1 + abs(x))',
    params: { alpha: { default: 1, min: 0, max: 2 } } },
  { name: 'fx_calls', formula: 'elu(x, alpha) + leaky_relu(x, 0.2) + softplus(x, 2, 5) + swish(x, beta) + gelu(x) + mish(x) - hard_swish(x) + prelu(x, 0.3)',
    params: { alpha: { default: 1, min: 0, max: 2 }, beta: { default: 1, min: 0, max: 3, learnable: true } } },
];
const formulaSpecs = () => [
  { name: 'formula swish, β per unit', spec: { layers: [{ units: 5, activation: 'fx_swish', learnable: 'unit' }, { units: 4, activation: 'tanh' }] } },
  { name: 'formula of every operation, softmax', spec: { features: ['x1', 'x2', 'sin(x1)'], layers: [{ units: 6, activation: 'fx_ops', params: { alpha: 0.6 } }],
                                                      output: { units: 3, activation: 'softmax' } } },
  { name: 'formula of catalogue calls, shared β', spec: { layers: [{ units: 5, activation: 'fx_calls', learnable: 'shared', params: { alpha: 0.7 } }] } },
];
before(async () => {
  engine = await createEngine();
  FORMULAS.forEach((f) => engine.defineActivation(f));
  cases = [...interopSpecs(engine), ...formulaSpecs()].map(({ name, spec }) => ({ name, ...trainedNetwork(engine, spec) }));
  dir = mkdtempSync(join(tmpdir(), 'ap-export-'));
});
after(() => {
  for (const c of cases ?? []) c.net.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('ONNX export, run by onnxruntime-web', () => {
  test('every network loads and matches net.predict on 1000 random points within 1e-5', async () => {
    const names = new Set();
    for (const c of cases) {
      c.net.spec.layers.forEach((l) => names.add(l.activation));
      names.add(c.net.spec.output.activation);
      const bytes = c.net.export('onnx');
      const session = await ort.InferenceSession.create(bytes);
      assert.deepEqual(session.inputNames, ['points'], c.name);
      // With inputs: n the points go to the first layer as they are: no feature nodes.
      if (c.net.spec.inputs !== undefined) assert.ok(!new TextDecoder().decode(bytes).includes('features/'), c.name);
      const points = pointsOf(c.net);
      const run = await session.run({ points: new ort.Tensor('float32', points, [1000, c.net.pointSize]) });
      const out = run[session.outputNames[0]];
      assert.deepEqual(out.dims, [1000, c.net.outputSize], c.name);
      const d = maxDiff(out.data, c.net.predict(points));
      assert.ok(d <= 1e-5, `${c.name}: max |onnxruntime - predict| = ${d}`);
      await session.release();
    }
    for (const a of engine.activations) assert.ok(names.has(a.name), `no network covers ${a.name}`);
    assert.ok(engine.definedActivations.some((a) => a.name === 'fx_ops' && a.expression), 'the formulas are defined');
    const widths = cases.filter((c) => c.net.spec.inputs !== undefined).map((c) => `${c.net.spec.inputs} ${c.net.spec.output.activation}`);
    for (const n of INPUT_WIDTHS) for (const out of ['sigmoid', 'softmax']) assert.ok(widths.includes(`${n} ${out}`), `no network over ${n} inputs with ${out}`);
  });

  test('a model over n inputs refuses points of another width (onnxruntime checks the declared shape)', async () => {
    const c = cases.find((k) => k.net.spec.inputs === 4);
    const session = await ort.InferenceSession.create(c.net.export('onnx'));
    await assert.rejects(session.run({ points: new ort.Tensor('float32', randomPoints(10, 1, 3), [10, 3]) }));
    await session.release();
  });

  test('the model declares opset 18 and keeps the spec in its metadata', async () => {
    const c = cases[0];
    const session = await ort.InferenceSession.create(c.net.export('onnx'));
    assert.deepEqual(session.outputNames, ['output']);
    await session.release();
    const text = new TextDecoder().decode(c.net.export('onnx'));
    assert.ok(text.includes('activation-playground/spec'));
  });
});

describe('JavaScript module export, imported by Node', () => {
  test('predict() of every exported module matches net.predict within 1e-6', async () => {
    for (const [i, c] of cases.entries()) {
      const file = join(dir, `net${i}.mjs`);
      writeFileSync(file, c.net.export('js'));
      const mod = await import(pathToFileURL(file).href);
      const points = pointsOf(c.net);
      const d = maxDiff(mod.predict(points), c.net.predict(points));
      assert.ok(d <= 1e-6, `${c.name}: max |module - predict| = ${d}`);
      // The module's spec is net.spec with every activation parameter filled in.
      const layers = (spec) => [...spec.layers, spec.output];
      assert.deepEqual({ ...mod.spec, layers: [], output: null }, { ...c.net.spec, layers: [], output: null }, c.name);
      layers(mod.spec).forEach((l, j) => {
        const mine = layers(c.net.spec)[j];
        assert.deepEqual({ ...l, params: {} }, { ...mine, params: {} }, c.name);
        for (const [k, v] of Object.entries(mine.params)) assert.equal(l.params[k], v, `${c.name}: ${k}`);
      });
    }
  });

  test('the module rejects points it cannot read', async () => {
    const file = join(dir, 'bad.mjs');
    writeFileSync(file, cases[0].net.export('js'));
    const mod = await import(pathToFileURL(file).href);
    assert.throws(() => mod.predict([1, 2, 3]), (e) => e instanceof RangeError && /n\*2 coordinates/.test(e.message));
    const four = join(dir, 'bad4.mjs');
    const softmax4 = cases.find((c) => c.net.spec.inputs === 4 && c.net.outputSize === 3).net;
    writeFileSync(four, softmax4.export('js'));
    const mod4 = await import(pathToFileURL(four).href);
    assert.throws(() => mod4.predict([1, 2, 3, 4, 5, 6]), (e) => e instanceof RangeError && /n\*4 coordinates \(4 inputs per point/.test(e.message));
    assert.equal(mod4.predict([1, 2, 3, 4, 5, 6, 7, 8]).length, 2 * 3);
  });
});

describe('PyTorch export, run by PyTorch 1.13', () => {
  test('predictions within 1e-5 and loss gradients within 1e-4 relative of net.gradients', () => {
    const jobs = cases.map((c, i) => {
      const file = join(dir, `net${i}.py`);
      writeFileSync(file, c.net.export('pytorch'));
      const n = 64, width = c.net.pointSize;
      return { file, width, points: [...pointsOf(c.net)], x: [...c.data.x.subarray(0, width * n)], y: [...c.data.y.subarray(0, n)] };
    });
    const results = JSON.parse(execFileSync(PYTHON, [join(here, 'pytorch_check.py')], { input: JSON.stringify(jobs), maxBuffer: 1 << 28 }));
    cases.forEach((c, i) => {
      const r = results[i];
      const d = maxDiff(r.predict, c.net.predict(pointsOf(c.net)));
      if (c.net.spec.inputs !== undefined) assert.ok(r.identityFeatures, `${c.name}: Net.features() is not the identity`);
      assert.ok(d <= 1e-5, `${c.name}: max |pytorch - predict| = ${d}`);
      const ours = c.net.gradients(jobs[i].x, jobs[i].y);
      const loss = c.net.evaluate(jobs[i].x, jobs[i].y).loss;
      assert.ok(Math.abs(r.loss - loss) <= 1e-5 * Math.max(1, Math.abs(loss)), `${c.name}: loss ${r.loss} vs ${loss}`);
      ours.forEach((g, l) => {
        const pairs = [[`layers.${2 * l}.weight`, g.weights], [`layers.${2 * l}.bias`, g.biases]];
        // A learnable activation parameter: nn.PReLU's weight, or the module's tensor of that name.
        const act = [...c.net.spec.layers, c.net.spec.output][l].activation;
        for (const k of Object.keys(g).filter((k) => k !== 'weights' && k !== 'biases'))
          pairs.push([`layers.${2 * l + 1}.${act === 'prelu' ? 'weight' : k}`, g[k]]);
        for (const [name, mine] of pairs) {
          const theirs = r.grads[name];
          assert.ok(theirs, `${c.name}: PyTorch has no parameter ${name} (has ${Object.keys(r.grads)})`);
          const scale = Math.max(...Array.from(mine, Math.abs), 1e-6);
          const err = maxDiff(theirs, mine);
          assert.ok(err <= 1e-4 * scale, `${c.name}: ${name}: max |dL/dθ difference| = ${err} against max |dL/dθ| = ${scale}`);
        }
      });
      const learnable = [...c.net.spec.layers, c.net.spec.output].filter((s) => s.learnable !== 'none').length;
      const extra = Object.keys(r.grads).filter((k) => !/^layers\.\d+\.(weight|bias)$/.test(k) || (/\.weight$/.test(k) && Number(k.split('.')[1]) % 2));
      assert.equal(extra.length, learnable, `${c.name}: PyTorch trains ${extra} besides the Linear layers`);
    });
  });

  test('running the file as a script prints a passing one-line self-check (2-D points and 7 inputs)', () => {
    for (const c of [cases[1], cases.find((k) => k.net.spec.inputs === 7)]) {
      const file = join(dir, 'script.py');
      writeFileSync(file, c.net.export('pytorch'));
      const out = execFileSync(PYTHON, [file], { encoding: 'utf8' }).trim().split('\n');
      assert.equal(out.length, 1, c.name);
      assert.match(out[0], /^self-check: max \|model\(points\) - net\.predict\(points\)\| = \S+ over 9 points: ok$/, c.name);
    }
  });
});

describe('export arguments', () => {
  test('an unknown format is a RangeError naming the format; a non-string a TypeError', () => {
    const { net } = cases[0];
    assert.throws(() => net.export('tflite'), (e) => e instanceof RangeError && /network\.export: format must be one of onnx, pytorch, js/.test(e.message));
    assert.throws(() => net.export(3), (e) => e instanceof TypeError && /network\.export: format/.test(e.message));
  });

  test('exporting never changes the network', () => {
    const { net } = cases[2];
    const before = JSON.stringify(net.toJSON());
    for (const f of ['onnx', 'pytorch', 'js']) net.export(f);
    assert.equal(JSON.stringify(net.toJSON()), before);
  });
});
