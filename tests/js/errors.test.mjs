// The error contract, as a table of bad calls across the whole public API. For each row:
//  - the call throws (or rejects with) the expected class, TypeError or RangeError, never a number,
//    a WASM abort or a plain Error;
//  - the message names the argument (the row's pattern) and says what is accepted ("must ...");
//  - afterwards the engine still works, and the network the call was made on kept its state:
//    same epoch, same weights and the same predictions as before the call.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { compileEngine, createEngine, splitDataset, TrainerCore } from '../../dist/index.js';

let engine;
let net;       // trained a little; every network-method row runs on it
let wide;      // one 512-unit layer: its per-layer results can exceed the heap
let disposed;  // a disposed network
let saved;     // net.toJSON(), the base of the malformed-JSON rows
let core;      // the worker's protocol handler, configured and trained a little
const probe = new Float32Array([0, 0, 1, -1, -2, 3, 4, 4]);

before(async () => {
  engine = await createEngine();
  net = engine.network({
    layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'prelu', learnable: 'unit' }],
    output: { units: 1, activation: 'sigmoid' },
    optimizer: { name: 'adam', learningRate: 0.01 },
    seed: 3,
  });
  const d = engine.dataset('circle', { n: 200, seed: 2 });
  net.fit(d.x, d.y, { epochs: 3, batchSize: 10 });
  wide = engine.network({ layers: [{ units: 512, activation: 'relu' }], seed: 4 });
  disposed = engine.network({ seed: 1 });
  disposed.dispose();
  saved = net.toJSON();
  core = new TrainerCore(engine);
  request({ type: 'configure', config: { network: { layers: [{ units: 4, activation: 'relu' }] }, batchSize: 10,
                                         data: { generate: { dataset: 'xor', n: 100, noise: 0, seed: 1, testRatio: 0.5 } } } });
  request({ type: 'step', epochs: 3 });
});

/** One request to the worker's handler; an error reply is rethrown as the client (TrainWorker) does. */
function request(req) {
  const [{ message: m }] = core.handle({ id: 1, ...req });
  if (m.type === 'error') throw m.name === 'RangeError' ? new RangeError(m.message) : m.name === 'TypeError' ? new TypeError(m.message) : new Error(m.message);
  return m.result;
}
after(() => { net?.dispose(); wide?.dispose(); core?.dispose(); });

const grid = (extra) => ({ x: [-1, 1], y: [-1, 1], width: 4, height: 4, ...extra });
const xy = { x: new Float32Array([0, 0, 1, 1]), y: new Float32Array([0, 1]) };
const spec = (extra) => ({ layers: [{ units: 4, activation: 'relu' }], ...extra });
const layer = (extra) => spec({ layers: [{ units: 4, activation: 'relu', ...extra }] });
const json = (edit) => { const j = structuredClone(saved); edit(j); return j; };

// [what is wrong, the call, expected class, pattern the message must match (it names the argument),
//  the network the call is made on if not `net`]
const ROWS = [
  // createEngine (asynchronous: the promise rejects)
  ['createEngine: options not an object', () => createEngine(5), TypeError, /createEngine: options must be an object/],
  ['createEngine: misspelt option', () => createEngine({ wasmurl: 'x' }), TypeError, /createEngine: options .*"wasmurl"/],
  ['createEngine: wasmUrl not a string', () => createEngine({ wasmUrl: 5 }), TypeError, /options\.wasmUrl must be a string or a URL/],
  ['createEngine: wasmBinary not WebAssembly', () => createEngine({ wasmBinary: new Uint8Array(16) }), RangeError, /options\.wasmBinary must be a WebAssembly module/],
  ['createEngine: wasmModule not a Module', () => createEngine({ wasmModule: new Uint8Array(16) }), TypeError, /options\.wasmModule must be a WebAssembly\.Module, got a Uint8Array/],
  ['createEngine: two sources of the .wasm', () => createEngine({ wasmUrl: 'x.wasm', wasmModule: {} }), TypeError, /options must give one of .*not wasmUrl and wasmModule/],
  ['compileEngine: url not a string', () => compileEngine(5), TypeError, /compileEngine: url must be a string or a URL, got 5/],

  // activations
  ['activation: name not a string', () => engine.activation(42), TypeError, /activation: name/],
  ['activation: unknown name', () => engine.activation('swishy'), RangeError, /activation: name must be one of .*relu.*got.*swishy/],
  ['activation: params not an object', () => engine.activation('relu', 1), TypeError, /activation: params/],
  ['activation: unknown parameter', () => engine.activation('relu', { gamma: 1 }), RangeError, /activation: params.*gamma/],
  ['activation: NaN parameter', () => engine.activation('relu', { alpha: NaN }), RangeError, /activation: params\.alpha/],
  ['activation: parameter given as a string', () => engine.activation('relu', { alpha: '0.1' }), TypeError, /activation: params\.alpha/],
  ['activation: parameter above its range', () => engine.activation('elu', { alpha: 50 }), RangeError, /activation: params\.alpha must be a finite number in \[0, 10\]/],
  ['activation: parameter below its range', () => engine.activation('softplus', { beta: 0 }), RangeError, /activation: params\.beta/],
  ['activation: Infinity as a parameter', () => engine.activation('leaky_relu', { alpha: Infinity }), RangeError, /activation: params\.alpha/],
  ['paramDerivative: a parameter relu lacks', () => engine.activation('relu').paramDerivative('alpha', 1), RangeError, /paramDerivative: param/],
  ['paramDerivative: a parameter without a derivative', () => engine.activation('thresholded_relu').paramDerivative('theta', 1), RangeError, /paramDerivative: param/],
  ['paramDerivative: param not a string', () => engine.activation('elu').paramDerivative(0, 1), TypeError, /paramDerivative: param/],
  ['paramDerivative: x a string', () => engine.activation('elu').paramDerivative('alpha', 'x'), TypeError, /paramDerivative: x/],
  ['softmax: a string', () => engine.softmax('1,2'), TypeError, /softmax: v must be/],
  ['softmax: a non-number element', () => engine.softmax([1, 'a']), TypeError, /softmax: v\[1\]/],
  ['softmaxBackward: dy of another length', () => engine.softmaxBackward([1, 2, 3], [1, 2]), RangeError, /softmaxBackward: dy must have length 3/],
  ['forward: a string', () => engine.activation('relu').forward('1,2'), TypeError, /forward: x must be/],
  ['forward: a non-number element', () => engine.activation('relu').forward([1, null]), TypeError, /forward: x\[1\] must be a number/],
  ['derivative: an object', () => engine.activation('sigmoid').derivative({ length: 2 }), TypeError, /derivative: x must be/],
  ['forward: out not a Float32Array', () => engine.activation('relu').forward([1, 2], [0, 0]), TypeError, /forward: out must be a Float32Array/],
  ['derivative: out of the wrong length', () => engine.activation('relu').derivative([1, 2], new Float32Array(3)), RangeError, /derivative: out must have the length of x/],
  ['valueAndDerivative: out with a misspelt key', () => engine.activation('tanh').valueAndDerivative([1], { value: new Float32Array(1), deriv: new Float32Array(1) }), TypeError, /valueAndDerivative: out has an unknown key "deriv"/],

  // datasets
  ['dataset: name not a string', () => engine.dataset(3), TypeError, /dataset: name/],
  ['dataset: unknown name', () => engine.dataset('moons'), RangeError, /dataset: name must be one of .*circle/],
  ['dataset: n = 0', () => engine.dataset('circle', { n: 0 }), RangeError, /dataset: options\.n must be an integer/],
  ['dataset: negative n', () => engine.dataset('xor', { n: -10 }), RangeError, /dataset: options\.n/],
  ['dataset: fractional n', () => engine.dataset('xor', { n: 10.5 }), RangeError, /dataset: options\.n/],
  ['dataset: n as a string', () => engine.dataset('xor', { n: '10' }), TypeError, /dataset: options\.n/],
  ['dataset: n too large for memory', () => engine.dataset('xor', { n: 1e9 }), RangeError, /dataset: options\.n/],
  ['dataset: NaN noise', () => engine.dataset('gaussian', { noise: NaN }), RangeError, /dataset: options\.noise/],
  ['dataset: noise out of range', () => engine.dataset('gaussian', { noise: 3 }), RangeError, /dataset: options\.noise/],
  ['dataset: one class', () => engine.dataset('spiral', { classes: 1 }), RangeError, /dataset: options\.classes/],
  ['dataset: misspelt option', () => engine.dataset('circle', { points: 5 }), TypeError, /dataset: options.*points/],
  ['dataset: custom x of odd length', () => engine.dataset('custom', { x: [1, 2, 3], y: [0] }), RangeError, /dataset: options\.x/],
  ['splitDataset: not a dataset', () => splitDataset(null), TypeError, /splitDataset: data must be an object/],
  ['splitDataset: x and n disagree', () => splitDataset({ x: new Float32Array(6), y: new Float32Array(2), n: 2, classes: 2 }), RangeError, /splitDataset: data\.x must have length 4/],
  ['splitDataset: NaN fraction', () => splitDataset(engine.dataset('xor', { n: 10 }), NaN), RangeError, /splitDataset: trainFraction/],
  ['dataset: custom y of the wrong length', () => engine.dataset('custom', { x: [1, 2], y: [0, 1] }), RangeError, /dataset: options\.y/],

  // network specs
  ['network: spec not an object', () => engine.network('2-8-1'), TypeError, /network: spec/],
  ['network: unknown feature', () => engine.network(spec({ features: ['x3'] })), RangeError, /network: features\[0\]/],
  ['network: zero units', () => engine.network(layer({ units: 0 })), RangeError, /network: layers\[0\]\.units/],
  ['network: fractional units', () => engine.network(layer({ units: 2.5 })), RangeError, /network: layers\[0\]\.units/],
  ['network: negative units', () => engine.network(layer({ units: -3 })), RangeError, /network: layers\[0\]\.units/],
  ['network: infinite units', () => engine.network(layer({ units: Infinity })), RangeError, /network: layers\[0\]\.units/],
  ['network: too wide', () => engine.network(layer({ units: 100000 })), RangeError, /network: layers\[0\]\.units/],
  ['network: too deep', () => engine.network(spec({ layers: Array(100).fill({ units: 8, activation: 'relu' }) })), RangeError, /network: layers/],
  ['network: unknown activation', () => engine.network(layer({ activation: 'relu7' })), RangeError, /network: layers\[0\]\.activation/],
  ['network: layer parameter out of range', () => engine.network(layer({ activation: 'elu', params: { alpha: 50 } })), RangeError, /network: layers\[0\]\.params\.alpha/],
  ['network: learnable on relu', () => engine.network(layer({ learnable: 'unit' })), RangeError, /network: layers\[0\]\.learnable/],
  ['network: unknown loss', () => engine.network(spec({ loss: 'hinge' })), RangeError, /network: loss/],
  ['network: unknown optimizer', () => engine.network(spec({ optimizer: { name: 'rmsprop' } })), RangeError, /network: optimizer\.name/],
  ['network: NaN learning rate', () => engine.network(spec({ optimizer: { learningRate: NaN } })), RangeError, /network: optimizer\.learningRate/],
  ['network: negative learning rate', () => engine.network(spec({ optimizer: { learningRate: -0.1 } })), RangeError, /network: optimizer\.learningRate/],
  ['network: learning rate as a string', () => engine.network(spec({ optimizer: { learningRate: '0.1' } })), TypeError, /network: optimizer\.learningRate/],
  ['network: momentum of 1', () => engine.network(spec({ optimizer: { name: 'momentum', momentum: 1 } })), RangeError, /network: optimizer\.momentum/],
  ['network: unknown regularization', () => engine.network(spec({ regularization: { kind: 'l3', rate: 0.1 } })), RangeError, /network: regularization\.kind/],
  ['network: negative regularization rate', () => engine.network(spec({ regularization: { kind: 'l2', rate: -1 } })), RangeError, /network: regularization\.rate/],
  ['network: unknown initializer', () => engine.network(spec({ init: 'glorot' })), RangeError, /network: init/],
  ['network: negative seed', () => engine.network(spec({ seed: -1 })), RangeError, /network: seed/],
  ['network: bce with two outputs', () => engine.network(spec({ output: { units: 2, activation: 'sigmoid' }, loss: 'bce' })), RangeError, /network: loss/],

  // network methods (on the trained network: its state must survive)
  ['fit: x and y of different lengths', () => net.fit(xy.x, new Float32Array(3)), RangeError, /network\.fit: y/],
  ['fit: x of odd length', () => net.fit(new Float32Array(3), xy.y), RangeError, /network\.fit: x/],
  ['fit: NaN in x', () => net.fit(new Float32Array([0, NaN, 1, 1]), xy.y), RangeError, /network\.fit: x\[1\]/],
  ['fit: Infinity in y', () => net.fit(xy.x, new Float32Array([0, Infinity])), RangeError, /network\.fit: y/],
  ['fit: label out of range for bce', () => net.fit(xy.x, new Float32Array([0, 3])), RangeError, /network\.fit: y/],
  ['fit: zero epochs', () => net.fit(xy.x, xy.y, { epochs: 0 }), RangeError, /network\.fit: options\.epochs/],
  ['fit: fractional batch size', () => net.fit(xy.x, xy.y, { batchSize: 2.5 }), RangeError, /network\.fit: options\.batchSize/],
  ['fit: shuffle as a string', () => net.fit(xy.x, xy.y, { shuffle: 'yes' }), TypeError, /network\.fit: options\.shuffle/],
  ['fit: misspelt option', () => net.fit(xy.x, xy.y, { batchsize: 5 }), TypeError, /network\.fit: options.*batchsize/],
  ['evaluate: y as a string', () => net.evaluate(xy.x, 'y'), TypeError, /network\.evaluate: y/],
  ['predict: no points', () => net.predict([]), RangeError, /network\.predict: x/],
  ['predict: a string', () => net.predict('0,0'), TypeError, /network\.predict: x/],
  ['predictGrid: grid not an object', () => net.predictGrid(256), TypeError, /network\.predictGrid: grid/],
  ['predictGrid: zero width', () => net.predictGrid(grid({ width: 0 })), RangeError, /network\.predictGrid: grid\.width/],
  ['predictGrid: NaN height', () => net.predictGrid(grid({ height: NaN })), RangeError, /network\.predictGrid: grid\.height/],
  ['predictGrid: too large for memory', () => net.predictGrid(grid({ width: 1e6, height: 1e6 })), RangeError, /network\.predictGrid: grid\.(width|height)/],
  ['predictGrid: reversed range', () => net.predictGrid(grid({ x: [1, -1] })), RangeError, /network\.predictGrid: grid\.x/],
  ['predictGrid: infinite range', () => net.predictGrid(grid({ y: [-Infinity, 1] })), RangeError, /network\.predictGrid: grid\.y/],
  ['layerOutputsGrid: too large for memory', () => wide.layerOutputsGrid(0, grid({ width: 4096, height: 4096 })), RangeError, /network\.layerOutputsGrid: grid\.width × grid\.height .* must fit in the WebAssembly heap/, wide],
  ['layerOutputs: too large for memory', () => wide.layerOutputs(0, new Float32Array(2 * 2 ** 20)), RangeError, /network\.layerOutputs: points .* must fit in the WebAssembly heap/, wide],
  ['layerOutputs: no such layer', () => net.layerOutputs(7, xy.x), RangeError, /network\.layerOutputs: layer/],
  ['setWeights: wrong number of layers', () => net.setWeights(net.getWeights().slice(1)), RangeError, /network\.setWeights: layers/],
  ['setWeights: wrong weight count', () => net.setWeights(net.getWeights().map((l, i) => (i ? l : { ...l, weights: l.weights.slice(1) }))), RangeError, /network\.setWeights: layers\[0\]\.weights/],
  ['setWeights: NaN bias', () => net.setWeights(net.getWeights().map((l, i) => (i === 2 ? { ...l, biases: [NaN] } : l))), RangeError, /network\.setWeights: layers\[2\]\.biases/],
  ['setLearningRate: zero', () => net.setLearningRate(0), RangeError, /network\.setLearningRate: learningRate/],
  ['gradients: y of the wrong length', () => net.gradients(xy.x, [1]), RangeError, /network\.gradients: y/],

  // loadNetwork
  ['loadNetwork: malformed JSON text', () => engine.loadNetwork('{"format": '), TypeError, /loadNetwork: json/],
  ['loadNetwork: not a saved network', () => engine.loadNetwork({ hello: 1 }), TypeError, /loadNetwork: json/],
  ['loadNetwork: wrong format', () => engine.loadNetwork(json((j) => { j.format = 'keras'; })), TypeError, /loadNetwork: format/],
  ['loadNetwork: future version', () => engine.loadNetwork(json((j) => { j.version = 2; })), RangeError, /loadNetwork: version/],
  ['loadNetwork: truncated weights', () => engine.loadNetwork(json((j) => { j.layers[1].weights.pop(); })), RangeError, /loadNetwork: layers\[1\]\.weights/],
  ['loadNetwork: a weight as a string', () => engine.loadNetwork(json((j) => { j.layers[0].weights[0] = '1'; })), TypeError, /loadNetwork: layers\[0\]\.weights\[0\]/],
  ['loadNetwork: spec and weights disagree', () => engine.loadNetwork(json((j) => { j.spec.layers[0].units = 9; })), RangeError, /loadNetwork: layers\[0\]/],
  ['loadNetwork: unknown activation in spec', () => engine.loadNetwork(json((j) => { j.spec.output.activation = 'nope'; })), RangeError, /loadNetwork: spec\.output\.activation/],
  ['loadNetwork: optimizer moments missing', () => engine.loadNetwork(json((j) => { j.optimizer.m = j.optimizer.m.slice(2); })), RangeError, /loadNetwork: optimizer\.m/],
  ['loadNetwork: bad RNG state', () => engine.loadNetwork(json((j) => { j.rng = [1, 2]; })), TypeError, /loadNetwork: rng/],

  // the worker protocol (TrainerCore, what a TrainWorker's requests run); its network must keep its state
  ['worker: unknown request type', () => request({ type: 'train' }), RangeError, /worker: request\.type must be one of .*"train"/, 'worker'],
  ['worker: step of 0 epochs', () => request({ type: 'step', epochs: 0 }), RangeError, /step: epochs/, 'worker'],
  ['worker: fractional batch size', () => request({ type: 'set', settings: { batchSize: 2.5 } }), RangeError, /set: batchSize/, 'worker'],
  ['worker: negative learning rate', () => request({ type: 'set', settings: { learningRate: -1 } }), RangeError, /set: learningRate/, 'worker'],
  ['worker: weight of a missing layer', () => request({ type: 'setWeight', layer: 5, unit: 0, input: 0, value: 1 }), RangeError, /setWeight: layer/, 'worker'],
  ['worker: NaN weight', () => request({ type: 'setWeight', layer: 0, unit: 0, input: 0, value: NaN }), RangeError, /setWeight: value/, 'worker'],
  ['worker: test ratio of 1', () => request({ type: 'configure', config: { network: {}, batchSize: 10, data: { generate: { dataset: 'xor', n: 10, noise: 0, seed: 1, testRatio: 1 } } } }), RangeError, /configure: data\.generate\.testRatio/, 'worker'],
  ['worker: malformed network JSON', () => request({ type: 'importNetwork', json: '{"format"' }), TypeError, /importNetwork: json/, 'worker'],
  ['worker: points not an object', () => request({ type: 'setPoints', points: 7 }), TypeError, /setPoints: points/, 'worker'],

  // a disposed network
  ['disposed: predict', () => disposed.predict(xy.x), TypeError, /network\.predict: .*disposed/],
  ['disposed: fit', () => disposed.fit(xy.x, xy.y), TypeError, /network\.fit: .*disposed/],
];

/** A fingerprint of the network's state: epoch, weights and predictions on fixed points (the worker's: its JSON). */
function state(n) {
  if (n === 'worker') return request({ type: 'exportNetwork' }).json;
  return { epoch: n.epoch, weights: n.getWeights(), predictions: n.predict(probe) };
}

/** The engine does real work after the error: an activation, a dataset, a small network trained and freed. */
function engineWorks() {
  assert.equal(engine.activation('relu').forward(2), 2);
  assert.deepEqual([...engine.softmax([0, 0])], [0.5, 0.5]);
  const d = engine.dataset('xor', { n: 40, seed: 5 });
  const fresh = engine.network({ layers: [{ units: 4, activation: 'tanh' }], seed: 9 });
  try {
    const { loss } = fresh.fit(d.x, d.y, { epochs: 2 });
    assert.ok(Number.isFinite(loss));
    assert.equal(fresh.predict(probe).length, 4);
  } finally {
    fresh.dispose();
  }
}

describe('bad calls', () => {
  test(`the table has at least 40 rows (${ROWS.length})`, () => {
    assert.ok(ROWS.length >= 40);
  });

  for (const [what, call, Kind, pattern, target] of ROWS) {
    test(`${what} → ${Kind.name}`, async () => {
      const on = target ?? net;
      const before = state(on);
      let error;
      try {
        await call();
      } catch (e) {
        error = e;
      }
      assert.ok(error !== undefined, 'no error was thrown');
      assert.ok(error instanceof Kind, `expected a ${Kind.name}, got ${error?.constructor?.name ?? typeof error}: ${error?.message ?? error}`);
      assert.match(error.message, pattern);
      // One call name, once: the C++ core names none and the bindings add exactly one.
      assert.doesNotMatch(error.message, /^([\w.]+): \1: /, 'the call is named twice');
      if (!/disposed|not valid JSON/.test(error.message))
        assert.match(error.message, /must|expected|accepted|needs/, 'the message says what is accepted');
      assert.deepEqual(state(on), before, 'the network changed state');
      engineWorks();
    });
  }
});
