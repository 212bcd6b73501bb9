// Property-based fuzzing (fast-check, seeded) of every public interface that takes input from outside:
// the JS API through the real WASM build, engine.loadNetwork on mutated saves, the worker protocol, the
// URL-state parser, the Train settings and the CSV parser (the properties are in tests/js/fuzz/; the API one
// also covers defineActivation, checkFormula and loadONNX on flipped bytes; the onnx-graph one, loadONNX on
// structurally edited graphs). 21,500 cases at the test
// command's size; `node bench/fuzz.mjs --runs N --seed S` runs the same properties for as long as wanted.
// Then one regression test per defect the fuzzer found, each as a plain example.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createEngine, splitDataset, TrainerCore } from '../../dist/index.js';
import { decodeModel, encodeModel } from '../../dist/interop/onnx.js';
import { PROPERTIES, runProperty, setup } from './fuzz/properties.mjs';

const SEED = Number(process.env.AP_FUZZ_SEED ?? 20261202);
const CASES = 21_500;

let s;
before(async () => { s = await setup({ createEngine, splitDataset, TrainerCore, onnx: { decodeModel, encodeModel } }); });
after(() => s?.dispose());

describe(`fuzzing, seed ${SEED}`, () => {
  for (const p of PROPERTIES) {
    const runs = Math.round(CASES * p.share);
    test(`${p.name}: ${runs} cases of ${p.what}`, () => {
      const calls = s.ctx.stats.calls;
      const r = runProperty(s, p.name, runs, SEED);
      console.log(`fuzz: ${p.name} ${r.runs} cases in ${(r.ms / 1000).toFixed(1)} s` +
                  (p.name === 'api' ? ` (${s.ctx.stats.calls - calls} calls, ${s.ctx.stats.threw} refused so far)` : ''));
      assert.equal(r.failed, false, r.message);
      assert.equal(r.runs, runs);
    });
  }
});

describe('regressions found by the fuzzer', () => {
  test('learnableParams() on a disposed network names learnableParams, not the getWeights it used inside', () => {
    const net = s.engine.network({ layers: [{ units: 2, activation: 'prelu' }] });
    net.dispose();
    assert.throws(() => net.learnableParams(), (e) => e.constructor === TypeError && /^network\.learnableParams: this object was disposed/.test(e.message));
  });

  test('export() on a disposed network names export, not the toJSON it used inside', () => {
    const net = s.engine.network({ layers: [{ units: 2, activation: 'relu' }] });
    net.dispose();
    assert.throws(() => net.export('onnx'), (e) => e.constructor === TypeError && /^network\.export: this object was disposed/.test(e.message));
  });

  const trainer = () => {
    const core = new TrainerCore(s.engine);
    const send = (req) => core.handle({ id: 1, ...req })[0].message;
    const m = send({ type: 'configure', config: { network: { layers: [{ units: 3, activation: 'tanh' }] }, batchSize: 10,
      grid: { size: 4, neuronSize: 2 }, data: { generate: { dataset: 'xor', n: 40, noise: 0, seed: 1, testRatio: 0.5 } } } });
    assert.equal(m.type, 'reply');
    return { core, send };
  };

  test('worker: a testRatio that cannot become a string is a TypeError naming it, not "Cannot convert object to primitive value"', () => {
    const { core, send } = trainer();
    const m = send({ type: 'configure', config: { network: {}, batchSize: 1,
      data: { generate: { dataset: 'xor', n: 4, noise: 0, seed: 0, testRatio: Object.create(null) } } } });
    assert.equal(m.type, 'error');
    assert.equal(m.name, 'TypeError');
    assert.match(m.message, /^configure: data\.generate\.testRatio must be a number, got an object$/);
    core.dispose();
  });

  test('worker: set() with a good learning rate and a regularization rate the network refuses changes nothing', () => {
    const { core, send } = trainer();
    const before = send({ type: 'exportNetwork' }).result.json;
    const m = send({ type: 'set', settings: { learningRate: 0.5, regularizationRate: 1e9 } });
    assert.equal(m.type, 'error');
    assert.equal(m.name, 'RangeError');
    assert.match(m.message, /^set: regularizationRate must be a finite number in \[0, 1000\]/);
    assert.equal(send({ type: 'exportNetwork' }).result.json, before);
    assert.equal(send({ type: 'set', settings: { learningRate: 0.5, regularizationRate: 0.01 } }).type, 'reply');
    assert.equal(JSON.parse(send({ type: 'exportNetwork' }).result.json).spec.optimizer.learningRate, 0.5);
    core.dispose();
  });

  const state = (hash, specs) => {
    const win = { location: { hash, pathname: '/', search: '' }, history: { replaceState() {} }, addEventListener() {} };
    const st = new s.web.UrlState(win);
    st.registerProps(specs);
    return st;
  };

  test('url state: "-0" reads as 0, so the value survives a reload of the hash it writes', () => {
    const specs = [{ key: 'x', type: 'numbers', default: [-6, 6] }, { key: 't', type: 'number', default: 1 }];
    const st = state('#x=-0,6&t=-0', specs);
    assert.ok(Object.is(st.get('x')[0], 0) && Object.is(st.get('t'), 0), `${st.get('x')} ${st.get('t')}`);
    // What it writes for a -0 it was given reads back as the same value.
    const moved = state('', specs);
    moved.set('t', st.get('t'));
    assert.ok(Object.is(state(moved.serialize(), specs).get('t'), st.get('t')));
  });

  test('url state: a pair with an empty key ("#=x&&") is dropped; the other keys are kept', () => {
    assert.deepEqual([...s.web.splitHash('#=x&&a=1&=')], [['a', '1']]);
    const st = state('#=x&other=2', [{ key: 'a', type: 'string', default: '' }]);
    assert.equal(st.serialize(), '#other=2');
  });

  test('url state: a key that decodes to "=" ("#%3d", "#a%3Db=1") is kept, and written so that it reads back', () => {
    assert.deepEqual([...s.web.splitHash('#%3d&a%3Db=1')], [['=', ''], ['a=b', '1']]);
    const st = state('#%3d&a%3Db=1', [{ key: 'a', type: 'string', default: '' }]);
    assert.equal(st.get('a'), '');
    assert.deepEqual([...s.web.splitHash(st.serialize())], [['=', ''], ['a=b', '1']]);
  });

  test('url state: list items are trimmed and empty ones dropped ("+" is a space, not an item "")', () => {
    const specs = [{ key: 'act', type: 'list', default: ['relu'] }];
    assert.deepEqual(state('#act=+', specs).get('act'), []);
    assert.deepEqual(state('#act=a,,b%20', specs).get('act'), ['a', 'b']);
    const st = state('#act=+', specs);
    assert.deepEqual(state(st.serialize(), specs).get('act'), []);
  });
});

describe('loadONNX on graphs the fuzzer broke (one bit flipped can rename a tensor)', () => {
  // The graph of an exported 2-3-1 network: Gemm, Tanh, Gemm, Sigmoid; each case edits a copy.
  let model;
  before(() => {
    const net = s.engine.network({ layers: [{ units: 3, activation: 'tanh' }] });
    model = decodeModel(net.export('onnx'));
    net.dispose();
  });
  const load = (edit) => {
    const m = structuredClone(model);
    edit(m.graph);
    const before = s.engine.memory().allocatedBytes;
    assert.throws(() => s.engine.loadONNX(encodeModel(m)), (e) => {
      assert.equal(e.constructor, RangeError, e.stack);
      return true;
    });
    // Nothing half-loaded: no network was left behind in the heap.
    assert.equal(s.engine.memory().allocatedBytes, before);
    try { s.engine.loadONNX(encodeModel(m)); } catch (e) { return e.message; }
  };

  test('a cycle (the first layer reads the output) names the nodes in it, not "Maximum call stack size exceeded"', () => {
    const msg = load((g) => { g.nodes[0].inputs[0] = g.outputs[0].name; });
    assert.match(msg, /^loadONNX: node "layer0\/Gemm_0" \(Gemm\) is in a cycle \(.*node "layer1\/Sigmoid_3" \(Sigmoid\).*\)/);
  });

  test('an Identity that reads itself is a cycle, not an endless loop', () => {
    const msg = load((g) => {
      g.nodes.push({ name: 'id', op: 'Identity', domain: '', inputs: ['loop'], outputs: ['loop'], attrs: [] });
      g.outputs[0].name = 'loop';
    });
    assert.match(msg, /^loadONNX: node "id" \(Identity\) is in a cycle/);
  });

  test('a node input that names no tensor is named, not "Cannot read properties of undefined"', () => {
    assert.match(load((g) => { g.nodes[1].inputs[0] = 'layer0/Gemm_9'; }),
      /^loadONNX: node "layer0\/Tanh_1" \(Tanh\) reads tensor "layer0\/Gemm_9", which no node, initializer or graph input provides$/);
    assert.match(load((g) => { g.outputs[0].name = 'outpvt'; }), /^loadONNX: the graph output "outpvt" is a tensor that nothing computes$/);
  });

  test('a tensor computed twice, a Gemm without its weights, a node without outputs', () => {
    assert.match(load((g) => { g.nodes[1].outputs = [...g.nodes[0].outputs]; }), /^loadONNX: tensor "layer0\/Gemm_0" is computed by both node/);
    assert.match(load((g) => { g.nodes[2].inputs.length = 1; }), /^loadONNX: node "layer1\/Gemm_2" \(Gemm\) has 1 inputs; Gemm takes 2 to 3$/);
    assert.match(load((g) => { g.nodes[2].inputs[1] = ''; }), /^loadONNX: node "layer1\/Gemm_2" \(Gemm\) leaves its input 1 out, which Gemm needs$/);
    assert.match(load((g) => { g.nodes[3].outputs = []; }), /^loadONNX: node "layer1\/Sigmoid_3" \(Sigmoid\) has no output$/);
  });

  test('a packed list of 300,000 numbers is read (no spread that exceeds the call stack)', () => {
    const msg = load((g) => { g.initializers[0].dims = [...g.initializers[0].dims, ...new Array(300_000).fill(1)]; });
    assert.match(msg, /^loadONNX: node "layer0\/Gemm_0" \(Gemm\) needs a constant 2-D weight matrix/);
  });
});
