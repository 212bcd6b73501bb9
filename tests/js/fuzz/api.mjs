// Property-based fuzzing of the public JS API (dist/, the real WASM build): fast-check draws sequences
// of calls with arguments that are valid, nearly valid or wild (wrong types, NaN, ±Infinity, huge and
// negative sizes, mismatched shapes, disposed networks; formulas and ONNX bytes from ./formula.mjs).
// The property of every call:
//   - it returns, or throws a TypeError or RangeError (or, for a formula, a SyntaxError with its column)
//     whose message starts with the function's name
//     and goes on to name the argument ("network.fit: options.batchSize must be ..."); never a WASM
//     abort (WebAssembly.RuntimeError), a number, a plain Error or another class;
//   - a failed call on a network leaves that network as it was (weights, epoch);
//   - a witness network nobody calls predicts bit for bit what it predicted before, after every call.
import fc from 'fast-check';

import { checkThrown, sameBits } from './contract.mjs';
import { DEFINED, definition, mutateOnnx, onnxMutation, preview } from './formula.mjs';
import { jsonMutation, mutateJson } from './json.mjs';
import { anything, field, float32s, mix, wildNumber } from './values.mjs';

const ACTIVATIONS = ['identity', 'linear', 'step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'prelu', 'elu', 'selu', 'swish',
  'mish', 'softplus', 'gelu', 'thresholded_relu', 'hard_tanh', 'softsign', 'celu', ...DEFINED];
const FEATURES = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];

// ---------- arguments ----------

const smallInt = (lo, hi) => field(fc.integer({ min: lo, max: hi }));
const points = (n) => fc.oneof(
  fc.array(fc.float({ min: -8, max: 8, noNaN: true }), { minLength: 2 * n, maxLength: 2 * n }).map((a) => Float32Array.from(a)),
  fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: 2 * n, maxLength: 2 * n }),
  float32s(2 * n));
const labels = (n, classes) => fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a));
const badLabels = (n) => fc.array(fc.oneof(fc.integer({ min: 0, max: 1 }), fc.constantFrom(-1, 2, 3, 16, 0.5, NaN, Infinity, 1e9)),
  { minLength: n, maxLength: n });
/** x and y: mostly matching shapes and labels for 2 classes, sometimes not. */
const xy = fc.integer({ min: 1, max: 24 }).chain((n) => fc.oneof(
  { weight: 4, arbitrary: fc.tuple(points(n), fc.oneof(labels(n, 2), labels(n, 3), badLabels(n))) },
  { weight: 1, arbitrary: fc.tuple(mix(points(n)), mix(labels(n, 2))) },
  { weight: 1, arbitrary: fc.tuple(points(n), labels(n + 1, 2)) },
  { weight: 1, arbitrary: fc.tuple(fc.array(fc.float({ noNaN: true }), { minLength: 2 * n + 1, maxLength: 2 * n + 1 }), labels(n, 2)) }));
const xs = fc.integer({ min: 1, max: 24 }).chain((n) => mix(fc.oneof({ weight: 8, arbitrary: points(n) }, { weight: 1, arbitrary: fc.constantFrom([], new Float32Array(3)) })));
const range = field(fc.oneof({ weight: 8, arbitrary: fc.tuple(fc.double({ min: -10, max: 0 }), fc.double({ min: 0.5, max: 10 })) },
  { weight: 1, arbitrary: fc.tuple(wildNumber, wildNumber) }, { weight: 1, arbitrary: fc.array(fc.double(), { maxLength: 3 }) }));
const grid = mix(fc.record({ x: range, y: range, width: smallInt(1, 24), height: smallInt(1, 24) },
  { requiredKeys: ['x', 'y', 'width', 'height'] }).chain((g) => fc.oneof(
  { weight: 6, arbitrary: fc.constant(g) },
  { weight: 1, arbitrary: fc.constant({ ...g, depth: 1 }) },
  { weight: 1, arbitrary: fc.constant({ ...g, width: 5000, height: 5000 }) },
  { weight: 1, arbitrary: fc.constant({ x: g.x, y: g.y }) })));
const fitOptions = mix(fc.record({ epochs: smallInt(1, 3), batchSize: smallInt(1, 40), shuffle: field(fc.boolean()) },
  { requiredKeys: [] }).chain((o) => fc.oneof({ weight: 6, arbitrary: fc.constant(o) },
  { weight: 1, arbitrary: fc.constant({ ...o, batchsize: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom({ epochs: 1e7 }, { batchSize: 0 }, { batchSize: -1 }, { epochs: 2 ** 31 }) })));
/** Activation parameters: none, one (valid for some activations only), or wild. */
const params = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.oneof(fc.record({ alpha: field(fc.double({ min: 0, max: 1 })) }), fc.record({ beta: field(fc.double({ min: 0.1, max: 5 })) }),
    fc.record({ theta: field(fc.double({ min: -2, max: 2 })) }), fc.record({ threshold: field(fc.double({ min: 1, max: 30 })) })) },
  { weight: 1, arbitrary: anything });
const activationName = mix(fc.constantFrom(...ACTIVATIONS, 'softmax', 'nope', ''));
const layerSpec = (output) => mix(fc.record({
  units: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(512, 513, 0, -1, 1e9, 2.5) },
    { weight: 1, arbitrary: anything }),
  activation: output ? field(fc.constantFrom('sigmoid', 'softmax', 'identity', 'tanh', 'step')) : activationName,
  params, learnable: field(fc.constantFrom('none', 'shared', 'unit', true, false)),
}, { requiredKeys: ['units', 'activation'] }));
const spec = mix(fc.record({
  features: field(fc.oneof(fc.subarray(FEATURES, { minLength: 1 }), fc.array(fc.constantFrom(...FEATURES, 'x3'), { maxLength: 8 }))),
  layers: field(fc.array(layerSpec(false), { maxLength: 3 })),
  output: layerSpec(true),
  loss: field(fc.constantFrom('bce', 'cross_entropy', 'mse')),
  optimizer: field(fc.record({ name: field(fc.constantFrom('sgd', 'momentum', 'adam')), learningRate: field(fc.double({ min: 1e-4, max: 1 })),
    momentum: field(fc.double({ min: 0, max: 0.99 })), beta1: field(fc.double({ min: 0, max: 0.99 })) }, { requiredKeys: [] })),
  regularization: field(fc.record({ kind: field(fc.constantFrom('none', 'l1', 'l2')), rate: field(fc.double({ min: 0, max: 0.1 })) },
    { requiredKeys: [] })),
  init: field(fc.constantFrom('xavier', 'he', 'lecun', 'uniform')),
  seed: field(fc.integer({ min: 0, max: 2 ** 40 })),
}, { requiredKeys: [] }));
/** setWeights' argument: the network's own weights, reshaped or corrupted in one place, or anything. */
const weightEdit = fc.record({ kind: fc.constantFrom('same', 'drop', 'extra', 'short', 'nan', 'string', 'key', 'typed', 'wild'),
  layer: fc.nat(), wild: anything });

// ---------- the calls ----------

const net = (op, args) => fc.tuple(fc.nat(), args).map(([k, a]) => ({ op, k, args: a }));
const eng = (op, args) => args.map((a) => ({ op, args: a }));

const CALLS = fc.oneof(
  eng('activation', fc.tuple(activationName, params, fc.constantFrom('forward', 'derivative', 'valueAndDerivative', 'paramDerivative', 'properties'),
    mix(fc.oneof(fc.double(), float32s(5), fc.array(fc.double(), { maxLength: 6 }))), fc.oneof(fc.constant(undefined), mix(float32s(5))),
    mix(fc.constantFrom('alpha', 'beta', 'theta', 'x')))),
  eng('softmax', fc.tuple(mix(float32s(6)), fc.oneof(fc.constant(undefined), mix(float32s(6))))),
  eng('dataset', fc.tuple(mix(fc.constantFrom('xor', 'circle', 'gaussian', 'spiral', 'custom', 'moons')), mix(fc.record({
    n: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 200 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1e7, 2 ** 53, 1.5, NaN) }),
    noise: field(fc.double({ min: 0, max: 1 })), seed: field(fc.integer({ min: 0, max: 1000 })),
    classes: fc.option(field(fc.integer({ min: 2, max: 17 })), { freq: 4 }), x: field(float32s(8)), y: field(labels(4, 3)),
  }, { requiredKeys: [] })), fc.option(mix(fc.double({ min: 0, max: 1 }))))),
  eng('network', spec),
  eng('define', definition),
  eng('checkFormula', preview),
  eng('loadONNX', fc.tuple(fc.nat(), onnxMutation)),
  eng('loadNetwork', fc.tuple(fc.nat(), fc.option(jsonMutation, { freq: 2 }))),
  net('fit', fc.tuple(xy, fitOptions)),
  net('evaluate', xy),
  net('predict', xs),
  net('predictGrid', grid),
  net('layerOutputs', fc.tuple(mix(fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constant('features'))), xs)),
  net('layerOutputsGrid', fc.tuple(mix(fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constant('features'))), grid)),
  net('gradients', xy),
  net('deadUnits', xs),
  net('setWeights', weightEdit),
  net('setLearningRate', mix(fc.double({ min: 1e-4, max: 2 }))),
  net('export', mix(fc.constantFrom('onnx', 'pytorch', 'js', 'tflite'))),
  net('read', fc.constantFrom('getWeights', 'gradientNorms', 'learnableParams', 'linearMap', 'toJSON', 'epoch', 'outputSize')),
  net('dispose', fc.constant(null)),
);

/** One run: 1 to `maxCalls` calls on a fresh pool of networks (one of them already disposed). */
export const runs = (maxCalls = 8) => fc.array(CALLS, { minLength: 1, maxLength: maxCalls });

function editedWeights(target, e) {
  const w = target.getWeights();
  const l = e.layer % w.length;
  switch (e.kind) {
    case 'same': return w;
    case 'drop': return w.slice(1);
    case 'extra': return [...w, w[0]];
    case 'short': w[l].weights = w[l].weights.subarray(1); return w;
    case 'nan': w[l].biases[0] = NaN; return w;
    case 'string': return w.map((x) => ({ ...x, weights: [...x.weights].map(String) }));
    case 'key': w[l].gamma = w[l].biases; return w;
    case 'typed': w[l].weights = Float64Array.from(w[l].weights); return w;
    default: return e.wild;
  }
}

/** What a call is, for messages: "network.fit", and the function prefix its errors must carry. */
const PREFIX = {
  activation: /^(activation|forward|derivative|valueAndDerivative|paramDerivative): /, softmax: /^softmax(Backward)?: /,
  dataset: /^(dataset|splitDataset): /, network: /^network: /, loadNetwork: /^loadNetwork: /, define: /^defineActivation: /,
  checkFormula: /^checkFormula: /, loadONNX: /^loadONNX: /,
};

/**
 * The fuzzing context: the engine, a witness network and its baseline predictions, and the saved
 * networks (./json.mjs) that loadNetwork calls load as they are or mutated. `engineCheck(what)`, if given,
 * runs after every call (properties.mjs: the wasm stack pointer, and the heap in the heap-checking build).
 */
export function apiContext(engine, splitDataset, savedJsons, { engineCheck } = {}) {
  const witness = engine.network({ layers: [{ units: 6, activation: 'tanh' }, { units: 4, activation: 'swish', learnable: 'unit' }],
    optimizer: { name: 'adam' }, seed: 11 });
  const train = engine.dataset('spiral', { n: 120, seed: 5 });
  witness.fit(train.x, train.y, { epochs: 3 });
  const probe = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i * 1.7) * 6);
  const baseline = witness.predict(probe);
  const stats = { calls: 0, threw: 0, byOp: {} };
  // ONNX files to mutate: the saved networks, exported.
  const onnx = savedJsons.map((j) => {
    const n = engine.loadNetwork(j);
    const bytes = n.export('onnx');
    n.dispose();
    return bytes;
  });

  /** Checks the witness; throws an AssertionError-like Error naming the call that changed it. */
  const checkWitness = (after) => {
    const now = witness.predict(probe);
    if (!sameBits(now, baseline)) throw new Error(`the witness network's predictions changed after ${after}`);
  };

  function freshPool() {
    const a = engine.network({ layers: [{ units: 5, activation: 'relu' }], seed: 2 });
    const b = engine.network({ layers: [{ units: 4, activation: 'prelu', learnable: 'unit' }, { units: 3, activation: 'tanh' }],
      output: { units: 3, activation: 'softmax' }, optimizer: { name: 'momentum' }, seed: 3 });
    const c = engine.network({ layers: [{ units: 3, activation: 'identity' }], seed: 4 });
    const gone = engine.network({ seed: 5 });
    gone.dispose();
    return [a, b, c, gone];
  }

  /** Runs one call; returns nothing, throws when the contract is broken. */
  function call(pool, c) {
    // One call in ten goes to a disposed network (if the pool has one), the others to live ones.
    const live = pool.filter((n) => !n.disposed), gone = pool.filter((n) => n.disposed);
    const from = gone.length && (c.k % 10 === 0 || !live.length) ? gone : live;
    const target = c.k === undefined ? null : from[Math.floor(c.k / 10) % from.length];
    const what = target ? `network.${c.op === 'read' ? c.args : c.op}` : c.op;
    const before = target && !target.disposed ? { w: target.getWeights(), epoch: target.epoch } : null;
    stats.calls++;
    (stats.byOp[c.op] ??= { ok: 0, threw: 0 });
    try {
      const made = invoke(pool, target, c);
      if (made) pool.push(made);
      stats.byOp[c.op].ok++;
    } catch (e) {
      stats.threw++;
      stats.byOp[c.op].threw++;
      const prefix = target ? new RegExp(`^network\\.${c.op === 'read' ? c.args : c.op === 'dispose' ? 'dispose' : c.op}: `) : PREFIX[c.op];
      checkThrown(e, prefix, () => `${what}(${describeArgs(c.args)})`, { syntax: c.op === 'define' || c.op === 'checkFormula' });
      if (before && !target.disposed) {
        const w = target.getWeights();
        const same = w.length === before.w.length && w.every((l, i) => sameBits(l.weights, before.w[i].weights) && sameBits(l.biases, before.w[i].biases));
        if (!same || target.epoch !== before.epoch) throw new Error(`${what} failed with "${e.message}" and still changed the network`);
      }
    }
    checkWitness(what);
    engineCheck?.(what);
    while (pool.length > 8) pool.shift().dispose();
  }

  function invoke(pool, target, { op, args }) {
    switch (op) {
      case 'activation': {
        const [name, p, method, x, out, param] = args;
        const act = engine.activation(name, p);
        if (method === 'properties') return void act.properties();
        if (method === 'paramDerivative') return void act.paramDerivative(param, x, out);
        if (method === 'valueAndDerivative') return void act.valueAndDerivative(x, out === undefined ? undefined : { value: out, derivative: out });
        return void act[method](x, out);
      }
      case 'softmax':
        return void (args[1] === undefined ? engine.softmax(args[0]) : engine.softmaxBackward(args[0], args[1]));
      case 'dataset': {
        const d = engine.dataset(args[0], args[1]);
        if (args[2] !== null) splitDataset(d, args[2]);
        return undefined;
      }
      case 'network': return engine.network(args);
      case 'define': {
        const info = engine.defineActivation(args);
        // What was defined evaluates (NaN, ±Infinity and all).
        engine.activation(info.name).valueAndDerivative(Float32Array.of(-Infinity, -3, -0, 0, 0.5, 40, Infinity, NaN));
        return undefined;
      }
      case 'checkFormula': return void (args[1] === null ? engine.checkFormula(args[0]) : engine.checkFormula(args[0], args[1]));
      case 'loadONNX': return engine.loadONNX(mutateOnnx(onnx[args[0] % onnx.length], args[1]));
      case 'loadNetwork': {
        const base = savedJsons[args[0] % savedJsons.length];
        return engine.loadNetwork(args[1] === null ? base : mutateJson(base, args[1]));
      }
      case 'fit': return void target.fit(args[0][0], args[0][1], args[1]);
      case 'evaluate': return void target.evaluate(args[0], args[1]);
      case 'gradients': return void target.gradients(args[0], args[1]);
      case 'predict': return void target.predict(args);
      case 'deadUnits': return void target.deadUnits(args);
      case 'predictGrid': return void target.predictGrid(args);
      case 'layerOutputs': return void target.layerOutputs(args[0], args[1]);
      case 'layerOutputsGrid': return void target.layerOutputsGrid(args[0], args[1]);
      case 'setWeights': return void target.setWeights(target.disposed ? [] : editedWeights(target, args));
      case 'setLearningRate': return void target.setLearningRate(args);
      case 'export': return void target.export(args);
      case 'dispose': return void target.dispose();
      case 'read': {
        const r = target[args];
        return void (typeof r === 'function' ? r.call(target) : r);
      }
    }
    throw new Error(`fuzz: unknown op ${op}`);
  }

  /**
   * loadNetwork on one mutation of a saved network: a TypeError/RangeError naming the field, or a network
   * that saves to JSON which loads again to the same JSON (nothing half-loaded); the witness unchanged.
   */
  function load(k, mutation) {
    const text = mutateJson(savedJsons[k % savedJsons.length], mutation);
    stats.calls++;
    let net;
    try {
      net = engine.loadNetwork(text);
    } catch (e) {
      stats.threw++;
      checkThrown(e, /^loadNetwork: /, () => `loadNetwork(${describeArgs(text)})`);
    }
    if (net) {
      try {
        const saved = JSON.stringify(net);
        const again = engine.loadNetwork(saved);
        const same = JSON.stringify(again) === saved;
        again.dispose();
        if (!same) throw new Error(`a network loaded from ${describeArgs(text)} does not save and load back to itself`);
      } finally {
        net.dispose();
      }
    }
    checkWitness('loadNetwork');
    engineCheck?.('loadNetwork');
  }

  return {
    stats,
    load,
    checkWitness,
    /** The property over one run of calls. */
    run(calls) {
      const pool = freshPool();
      try {
        for (const c of calls) call(pool, c);
      } finally {
        for (const n of pool) n.dispose();
      }
    },
    dispose: () => witness.dispose(),
  };
}

function describeArgs(a) {
  try {
    return fc.stringify(a).slice(0, 300);
  } catch {
    return '…';
  }
}
