// engine.defineActivation against the real WASM build (dist/): the errors (SyntaxError with the column,
// RangeError, TypeError; nothing defined, the engine keeps working), every method of the activation
// against the catalogue's for re-typed formulas, networks with a formula activation and a learnable
// parameter (circle to >= 99 % test accuracy; toJSON -> loadNetwork in a fresh engine, identical
// predictions), and the Worker helper's protocol (TrainerCore).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { createEngine, splitDataset, TrainerCore } from '../../dist/index.js';

let engine;
before(async () => {
  engine = await createEngine();
});

const throwsNamed = (fn, Kind, pattern) =>
  assert.throws(fn, (e) => (e instanceof Kind && pattern.test(e.message) ? true : assert.fail(`${e?.constructor?.name}: ${e?.message}`)));

const grid = Float32Array.from({ length: 2001 }, (_, i) => (i - 1000) / 100);

describe('defineActivation', () => {
  test('returns the info, with TeX of f and f′, the source and the parsed expression', () => {
    const info = engine.defineActivation({
      name: 'my_swish', formula: 'x * sigmoid(beta * x)', label: 'My Swish',
      params: { beta: { default: 1, min: 0, max: 10, learnable: true } },
    });
    assert.equal(info.name, 'my_swish');
    assert.equal(info.label, 'My Swish');
    assert.equal(info.source, 'x * sigmoid(beta * x)');
    assert.deepEqual(info.expression, ['mul', 'x', ['sigmoid', ['mul', 'beta', 'x']]]);
    assert.deepEqual(info.params.beta, { default: 1, min: 0, max: 10, learnable: true, differentiable: true });
    assert.match(info.formula, /\\sigma/);
    assert.match(info.derivativeFormula, /\\sigma\\left\(-\\beta\\,x\\right\)/);
    assert.ok(Object.isFrozen(info));
    assert.ok(engine.definedActivations.some((e) => e.name === 'my_swish'));
  });

  test('a formula that does not parse is a SyntaxError quoting it, with the column', () => {
    const cases = [
      ['x * (1 + tanh(x)', 17, /expected '\)' to close the '\(' at column 5/],
      ['x +', 4, /expected a number, a name or '\('/],
      ['x < 1', 3, /only allowed as the condition of where/],
      ['2 x', 3, /unexpected 'x'/],
    ];
    for (const [formula, column, why] of cases) {
      assert.throws(() => engine.defineActivation({ name: 'bad', formula }), (e) => {
        assert.ok(e instanceof SyntaxError, e.message);
        assert.equal(e.column, column, e.message);
        assert.ok(e.message.startsWith('defineActivation: formula: '), e.message);
        assert.ok(e.message.endsWith(`at column ${column}: ${formula}`), e.message);
        assert.match(e.message, why);
        return true;
      });
    }
  });

  test('unknown names, arities, catalogue names, limits and bad ranges are RangeErrors naming them', () => {
    throwsNamed(() => engine.defineActivation({ name: 'bad', formula: 'x * gamma' }), RangeError, /unknown name 'gamma'.*column 5/);
    throwsNamed(() => engine.defineActivation({ name: 'bad', formula: 'foo(x)' }), RangeError, /unknown function 'foo'/);
    throwsNamed(() => engine.defineActivation({ name: 'bad', formula: 'exp(x, 2)' }), RangeError, /exp takes 1 argument, got 2/);
    throwsNamed(() => engine.defineActivation({ name: 'relu', formula: 'x' }), RangeError, /"relu" is a catalogue activation/);
    throwsNamed(() => engine.defineActivation({ name: 'bad', formula: 'x' + ' '.repeat(1000) }), RangeError, /at most 1000 characters, got 1001/);
    throwsNamed(() => engine.defineActivation({ name: 'bad', formula: 'x * b', params: { b: { default: 1, min: 2, max: 0 } } }),
                RangeError, /params\.b: the range \[2, 0\] is empty/);
    throwsNamed(() => engine.defineActivation({ name: 'bad', formula: 'x * b', params: { b: { default: 1, min: 0, max: Infinity } } }),
                RangeError, /params\.b\.max must be finite/);
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`p${i}`, { default: 0, min: 0, max: 1 }]));
    throwsNamed(() => engine.defineActivation({ name: 'bad', formula: 'x', params: nine }), RangeError, /at most 8 parameters, got 9/);
  });

  test('wrong types are TypeErrors naming the argument', () => {
    throwsNamed(() => engine.defineActivation({ name: 'bad', formula: 5 }), TypeError, /defineActivation: formula must be a string/);
    throwsNamed(() => engine.defineActivation({ name: 7, formula: 'x' }), TypeError, /defineActivation: name must be a string/);
    throwsNamed(() => engine.defineActivation('x * 2'), TypeError, /defineActivation: definition/);
    throwsNamed(() => engine.defineActivation({ name: 'bad', formula: 'x', params: { b: { default: '1', min: 0, max: 1 } } }),
                TypeError, /params\.b\.default must be a number/);
    throwsNamed(() => engine.defineActivation({ name: 'bad', formula: 'x', params: { b: { default: 1, min: 0, max: 1, learnable: 1 } } }),
                TypeError, /params\.b\.learnable/);
    throwsNamed(() => engine.defineActivation({ name: 'bad', formula: 'x', extra: 1 }), TypeError, /"extra"/);
  });

  test('after every error nothing is defined and the engine keeps working', () => {
    for (const bad of [{ name: 'bad', formula: 'x +' }, { name: 'bad', formula: 'y' }, { name: 'bad', formula: 1 }]) {
      assert.throws(() => engine.defineActivation(bad));
      throwsNamed(() => engine.activation('bad'), RangeError, /activation: name must be one of/);
    }
    const ok = engine.defineActivation({ name: 'after_errors', formula: '2 * x' });
    assert.equal(engine.activation(ok.name).forward(3), 6);
    assert.deepEqual([...engine.activation('relu').forward([-1, 2])], [0, 2]);
  });

  test('checkFormula previews TeX and validates without defining anything', () => {
    const p = engine.checkFormula('x^2 * a', ['a']);
    assert.equal(p.derivativeFormula, '2\\,x\\,a');
    assert.throws(() => engine.checkFormula('x * (1 + tanh(x)'), (e) => e instanceof SyntaxError && e.column === 17);
    throwsNamed(() => engine.checkFormula(3), TypeError, /checkFormula: formula must be a string/);
  });

  test('redefining a name replaces it; an identical definition is the same activation', () => {
    const a = engine.defineActivation({ name: 'changing', formula: 'x + 1' });
    assert.equal(engine.defineActivation({ name: 'changing', formula: 'x + 1' }), a);
    const act1 = engine.activation('changing');
    engine.defineActivation({ name: 'changing', formula: 'x + 2' });
    assert.equal(engine.activation('changing').forward(1), 3);
    assert.equal(act1.forward(1), 2);  // an Activation made before keeps its formula
  });
});

// Catalogue activations typed as formulas, with the catalogue's parameter names.
const retyped = [
  ['swish', 'x * sigmoid(beta * x)', { beta: { default: 1, min: 0, max: 10, learnable: true } }],
  ['mish', 'x * tanh(softplus(x))'],
  ['gelu', '0.5 * x * erfc(-x / sqrt(2))'],
  ['elu', 'where(x > 0, x, alpha * expm1(x))', { alpha: { default: 1, min: 0, max: 10 } }],
  ['tanh', 'tanh(x)'],
  ['sigmoid', 'exp(-softplus(-x))'],
  ['leaky_relu', 'where(x > 0, x, alpha * x)', { alpha: { default: 0.01, min: 0, max: 1 } }],
  ['selu', '1.0507009873554804934 * where(x > 0, x, 1.6732632423543772848 * expm1(x))'],
  ['silu', 'x * sigmoid(x)'],
  ['log_sigmoid', '-softplus(-x)'],
];

// Float32 ULP distance.
const ulps = (a, b) => {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const i = new Int32Array(Float32Array.of(a, b).buffer);
  const o = (v) => (v < 0 ? -2147483648 - v : v);
  return Math.abs(o(i[0]) - o(i[1]));
};

describe('formula activations work like catalogue ones', () => {
  test('forward, derivative, valueAndDerivative and paramDerivative agree with the catalogue (<= 4 ULP, the SIMD kernels budget)', () => {
    for (const [cat, formula, params] of retyped) {
      engine.defineActivation({ name: `f_${cat}`, formula, params });
      const mine = engine.activation(`f_${cat}`), theirs = engine.activation(cat);
      const f = mine.forward(grid), df = mine.derivative(grid), both = mine.valueAndDerivative(grid);
      const F = theirs.forward(grid), DF = theirs.derivative(grid);
      for (let i = 0; i < grid.length; i++) {
        assert.ok(ulps(f[i], F[i]) <= 4, `${formula} at ${grid[i]}: ${f[i]} vs ${F[i]}`);
        const x = grid[i];
        if (Math.abs(x - -1.2784645) > 1 / 32 && Math.abs(x - -1.1924312) > 1 / 32 && Math.abs(x - -0.7517915) > 1 / 32 && x !== 0)
          assert.ok(ulps(df[i], DF[i]) <= 4, `${formula}' at ${grid[i]}: ${df[i]} vs ${DF[i]}`);
        assert.equal(both.value[i], f[i]);
        assert.equal(both.derivative[i], df[i]);
      }
      for (const p of Object.keys(params ?? {})) {
        const a = mine.paramDerivative(p, grid), b = theirs.paramDerivative(p, grid);
        for (let i = 0; i < grid.length; i++) assert.ok(ulps(a[i], b[i]) <= 4, `d/d${p} ${formula} at ${grid[i]}: ${a[i]} vs ${b[i]}`);
      }
    }
  });

  test('parameters: defaults, ranges, paramDerivative names', () => {
    const act = engine.activation('my_swish', { beta: 2 });
    assert.equal(act.params.beta, 2);
    assert.equal(act.forward(1), engine.activation('swish', { beta: 2 }).forward(1));
    throwsNamed(() => engine.activation('my_swish', { beta: 11 }), RangeError, /params\.beta/);
    throwsNamed(() => engine.activation('my_swish', { alpha: 1 }), RangeError, /alpha is not a parameter of my_swish; accepted: beta/);
    throwsNamed(() => act.paramDerivative('gamma', 1), RangeError, /must be "beta"/);
  });

  test('properties() are those of the catalogue function it re-types', () => {
    for (const [cat] of retyped) {
      const a = engine.activation(`f_${cat}`).properties(), b = engine.activation(cat).properties();
      assert.deepEqual(a.range, b.range, cat);
      assert.equal(a.monotonic, b.monotonic, cat);
      assert.deepEqual(a.saturates, b.saturates, cat);
      assert.equal(a.zeroCentered, b.zeroCentered, cat);
      assert.deepEqual(a.deadZone, b.deadZone, cat);
    }
  });

  test('NaN in gives NaN out; at ±∞ the limit', () => {
    const act = engine.activation('f_silu');
    const y = act.forward([NaN, -Infinity, Infinity]);
    assert.ok(Number.isNaN(y[0]));
    assert.ok(y[1] === 0, `at -inf: ${y[1]}`);  // -0, as the catalogue's silu
    assert.equal(y[2], Infinity);
    const d = act.derivative([NaN, -Infinity, Infinity]);
    assert.ok(Number.isNaN(d[0]));
    assert.deepEqual([d[1], d[2]], [0, 1]);
  });
});

describe('networks with a formula activation', () => {
  const spec = (learnable) => ({
    layers: [{ units: 8, activation: 'my_swish', learnable }, { units: 8, activation: 'my_swish', learnable }],
    output: { units: 1, activation: 'sigmoid' }, optimizer: { name: 'sgd', learningRate: 0.03 }, seed: 3,
  });

  test('trains circle to >= 99 % test accuracy with a learnable β per unit, which moves', () => {
    const data = engine.dataset('circle', { n: 500, noise: 0, seed: 1 });
    const { train, test: held } = splitDataset(data, 0.5);
    const net = engine.network(spec('unit'));
    try {
      const before = net.learnableParams();
      assert.equal(before.length, 2);
      assert.equal(before[0].name, 'beta');
      assert.equal(before[0].values.length, 8);
      let acc = 0;
      for (let e = 0; e < 500 && acc < 0.99; e += 10) {
        net.fit(train.x, train.y, { epochs: 10, batchSize: 10 });
        acc = net.evaluate(held.x, held.y).accuracy;
      }
      assert.ok(acc >= 0.99, `test accuracy ${acc}`);
      const after = net.learnableParams();
      assert.ok(after[0].values.some((v, i) => v !== before[0].values[i]), 'β did not move');
    } finally {
      net.dispose();
    }
  });

  test('toJSON carries the formula; loadNetwork in a fresh engine restores identical predictions', async () => {
    const data = engine.dataset('circle', { n: 200, noise: 0.1, seed: 4 });
    const net = engine.network(spec('shared'));
    try {
      net.fit(data.x, data.y, { epochs: 20 });
      const json = JSON.parse(JSON.stringify(net));
      assert.deepEqual(json.activations, [{
        name: 'my_swish', formula: 'x * sigmoid(beta * x)', label: 'My Swish',
        params: { beta: { default: 1, min: 0, max: 10, learnable: true } },
      }]);
      assert.equal(json.layers[0].beta.length, 1);
      const fresh = await createEngine();
      const copy = fresh.loadNetwork(json);
      try {
        assert.deepEqual(copy.predict(data.x), net.predict(data.x));
        assert.equal(fresh.activation('my_swish').forward(0.5), engine.activation('my_swish').forward(0.5));
        // Training resumes identically.
        net.fit(data.x, data.y, { epochs: 3 });
        copy.fit(data.x, data.y, { epochs: 3 });
        assert.deepEqual(copy.predict(data.x), net.predict(data.x));
      } finally {
        copy.dispose();
      }
      // An engine with a different my_swish refuses, naming it, and keeps its own.
      const other = await createEngine();
      other.defineActivation({ name: 'my_swish', formula: 'x * sigmoid(2 * x)' });
      throwsNamed(() => other.loadNetwork(json), RangeError, /activations\[0\]: this engine already defines "my_swish" differently/);
      assert.equal(other.activation('my_swish').forward(1), engine.activation('swish', { beta: 2 }).forward(1));
    } finally {
      net.dispose();
    }
  });

  test('net.export writes formula activations (tests/js/export.test.mjs runs them); what it cannot write is a RangeError', () => {
    const net = engine.network(spec('none'));
    engine.defineActivation({ name: 'attr_formula', formula: 'leaky_relu(x, a / 4)', params: { a: { default: 1, min: 0, max: 1 } } });
    const odd = engine.network({ layers: [{ units: 2, activation: 'attr_formula' }] });
    try {
      for (const format of ['onnx', 'pytorch', 'js']) assert.ok(net.export(format).length > 0);
      throwsNamed(() => odd.export('onnx'), RangeError,
                  /format 'onnx' cannot write hidden layer 0's formula activation "attr_formula": leaky_relu's alpha must be a number or a fixed parameter/);
    } finally {
      net.dispose();
      odd.dispose();
    }
  });

  test('a formula parameter outside its range, or learnable on a formula without one, is a RangeError', () => {
    engine.defineActivation({ name: 'plain_formula', formula: 'x * tanh(x)' });
    throwsNamed(() => engine.network({ layers: [{ units: 2, activation: 'my_swish', params: { beta: 20 } }] }), RangeError,
                /layers\[0\]\.params\.beta/);
    throwsNamed(() => engine.network({ layers: [{ units: 2, activation: 'plain_formula', learnable: 'unit' }] }), RangeError,
                /layers\[0\]\.learnable must be 'none' for plain_formula/);
  });

  test('the Worker helper (TrainerCore) defines the configured activations in its own engine', async () => {
    const own = await createEngine();
    const core = new TrainerCore(own);
    const call = (req) => {
      const [{ message }] = core.handle(req);
      if (message.type === 'error') throw new Error(`${message.name}: ${message.message}`);
      return message.result;
    };
    const reply = call({
      id: 1, type: 'configure', config: {
        network: { layers: [{ units: 4, activation: 'worker_act' }], output: { units: 1, activation: 'sigmoid' } },
        activations: [{ name: 'worker_act', formula: 'x * sigmoid(x) + 0.1 * x' }],
        data: { generate: { dataset: 'circle', n: 100, noise: 0, seed: 1, testRatio: 0.5 } }, batchSize: 10,
      },
    });
    assert.ok(reply.snapshot, 'configure replied with a snapshot');
    assert.equal(own.activation('worker_act').forward(0), 0);
    const exported = call({ id: 2, type: 'exportNetwork' });
    assert.match(exported.json, /"worker_act"/);
    assert.match(exported.json, /x \* sigmoid\(x\) \+ 0\.1 \* x/);
  });
});
