// The activation API against the real WASM build (dist/, as npm users get it): catalogue shape, every
// activation's f and f′ against a double-precision JS reference (within 4 float32 ULP: the WASM build
// runs SIMD kernels where they exist), parameter derivatives, properties, softmax, and bad arguments.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { createEngine } from '../../dist/index.js';

let engine;
before(async () => {
  engine = await createEngine();
});

// ---- double-precision reference -------------------------------------------------------------------

// erfc to ~1e-14 relative: Taylor series of erf below 2.5, Lentz's continued fraction above.
function erfc(x) {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) {
    let sum = 0, term = x;
    for (let n = 0; n < 200; n++) {
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
      term *= -x * x / (n + 1);
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
  let f = x, c = x, d = 0;
  for (let n = 1; n < 300; n++) {
    const a = n / 2;
    d = x + a * d;
    d = 1 / d;
    c = x + a / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

const sig = (t) => (t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t)));
const dsig = (t) => sig(t) * sig(-t);
const sp = (t) => Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
const LAMBDA = 1.0507009873554805, SELU_A = 1.6732632423543772;
const C = Math.sqrt(2 / Math.PI);

// [f, f'] at x for params p.
const REF = {
  identity: (x) => [x, 1],
  step: (x) => [x > 0 ? 1 : 0, 0],
  sigmoid: (x) => [sig(x), dsig(x)],
  hard_sigmoid: (x) => [Math.min(Math.max((x + 3) / 6, 0), 1), x > -3 && x < 3 ? 1 / 6 : 0],
  log_sigmoid: (x) => [-sp(-x), sig(-x)],
  tanh: (x) => [Math.tanh(x), 1 / Math.cosh(x) ** 2],
  hard_tanh: (x) => [Math.min(Math.max(x, -1), 1), x > -1 && x < 1 ? 1 : 0],
  softsign: (x) => [x / (1 + Math.abs(x)), 1 / (1 + Math.abs(x)) ** 2],
  relu: (x) => [Math.max(x, 0), x > 0 ? 1 : 0],
  relu6: (x) => [Math.min(Math.max(x, 0), 6), x > 0 && x < 6 ? 1 : 0],
  leaky_relu: (x, p) => [x > 0 ? x : p.alpha * x, x > 0 ? 1 : p.alpha],
  prelu: (x, p) => [x > 0 ? x : p.alpha * x, x > 0 ? 1 : p.alpha],
  thresholded_relu: (x, p) => [x > p.theta ? x : 0, x > p.theta ? 1 : 0],
  elu: (x, p) => [x > 0 ? x : p.alpha * Math.expm1(x), x > 0 ? 1 : p.alpha * Math.exp(x)],
  selu: (x) => [LAMBDA * (x > 0 ? x : SELU_A * Math.expm1(x)), LAMBDA * (x > 0 ? 1 : SELU_A * Math.exp(x))],
  celu: (x, p) => [x > 0 ? x : p.alpha * Math.expm1(x / p.alpha), x > 0 ? 1 : Math.exp(x / p.alpha)],
  gelu: (x) => [0.5 * x * erfc(-x / Math.SQRT2),
                0.5 * erfc(-x / Math.SQRT2) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI)],
  gelu_tanh: (x) => {
    const u = C * (x + 0.044715 * x ** 3);
    return [x * sig(2 * u), sig(2 * u) + 2 * x * dsig(2 * u) * C * (1 + 3 * 0.044715 * x * x)];
  },
  swish: (x, p) => [x * sig(p.beta * x), sig(p.beta * x) + p.beta * x * dsig(p.beta * x)],
  silu: (x) => [x * sig(x), sig(x) + x * dsig(x)],
  hard_swish: (x) => [x * Math.min(Math.max(x + 3, 0), 6) / 6, x < -3 ? 0 : x <= 3 ? (2 * x + 3) / 6 : 1],
  mish: (x) => {
    const s = sp(x);
    return [x * Math.tanh(s), Math.tanh(s) + x * sig(x) / Math.cosh(s) ** 2];
  },
  softplus: (x, p) => (p.beta * x > p.threshold ? [x, 1] : [sp(p.beta * x) / p.beta, sig(p.beta * x)]),
};

// [f(−∞), f′(−∞), f(+∞), f′(+∞)] for params p, worked out by hand from each formula (not from REF, whose
// float expressions give NaN at ±∞, e.g. 0·∞ for leaky_relu with alpha 0, or ∞/∞ in the sigmoids).
const slope = (a) => (a > 0 ? -Infinity : a < 0 ? Infinity : 0);  // lim a·x as x → −∞
const ZERO_LEFT_IDENTITY_RIGHT = () => [0, 0, Infinity, 1];
const LIMITS = {
  identity: () => [-Infinity, 1, Infinity, 1],
  step: () => [0, 0, 1, 0],
  sigmoid: () => [0, 0, 1, 0],
  hard_sigmoid: () => [0, 0, 1, 0],
  log_sigmoid: () => [-Infinity, 1, 0, 0],  // −softplus(−x): −x on the left, −e^{−x} → 0 on the right
  tanh: () => [-1, 0, 1, 0],
  hard_tanh: () => [-1, 0, 1, 0],
  softsign: () => [-1, 0, 1, 0],
  relu: ZERO_LEFT_IDENTITY_RIGHT,
  relu6: () => [0, 0, 6, 0],
  leaky_relu: (p) => [slope(p.alpha), p.alpha, Infinity, 1],
  prelu: (p) => [slope(p.alpha), p.alpha, Infinity, 1],
  thresholded_relu: ZERO_LEFT_IDENTITY_RIGHT,
  elu: (p) => [-p.alpha, 0, Infinity, 1],          // α(e^x − 1) → −α, αe^x → 0
  selu: () => [-LAMBDA * SELU_A, 0, Infinity, LAMBDA],
  celu: (p) => [-p.alpha, 0, Infinity, 1],
  gelu: ZERO_LEFT_IDENTITY_RIGHT,                  // xΦ(x): Φ decays faster than x grows
  gelu_tanh: ZERO_LEFT_IDENTITY_RIGHT,
  swish: (p) => (p.beta > 0 ? [0, 0, Infinity, 1] : [-Infinity, 0.5, Infinity, 0.5]),  // beta 0 is x/2
  silu: ZERO_LEFT_IDENTITY_RIGHT,
  hard_swish: ZERO_LEFT_IDENTITY_RIGHT,
  mish: ZERO_LEFT_IDENTITY_RIGHT,
  softplus: ZERO_LEFT_IDENTITY_RIGHT,              // log(1 + e^{βx})/β for every beta and threshold
};
// Parameter values inside the range whose limits change form: alpha 0 turns prelu's left tail flat.
const EXTRA_LIMIT_PARAMS = { prelu: [{ alpha: 0 }] };

/** |got - exact| in float32 ULPs of exact (in units of 2^-127 where exact is subnormal). */
function ulps(got, exact) {
  if (Number.isNaN(exact) || Number.isNaN(got)) return Number.isNaN(exact) && Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(exact)) return got === exact ? 0 : Infinity;
  const e = Math.abs(exact);
  if (e > 3.4028234663852886e38) return !Number.isFinite(got) && Math.sign(got) === Math.sign(exact) ? 0 : Infinity;
  const unit = e < 2 ** -126 ? 2 ** -127 : 2 ** (Math.floor(Math.log2(e)) - 23);
  return Math.abs(got - exact) / unit;
}

const POINTS = [-30, -10, -5.5, -3, -2, -1.25, -0.75, -0.5, -1e-3, -1e-7, 0, 1e-7, 1e-3, 0.5, 1, 2, 3, 5.5, 10, 30]
  .map(Math.fround);

// ---- tests ----------------------------------------------------------------------------------------

describe('engine.activations', () => {
  test('lists all 23 element-wise activations with labels, parameter ranges and TeX', () => {
    const names = engine.activations.map((a) => a.name);
    assert.deepEqual(names.sort(), Object.keys(REF).sort());
    for (const a of engine.activations) {
      assert.equal(typeof a.label, 'string');
      assert.ok(a.formula.length > 0 && a.derivativeFormula.length > 0, a.name);
      for (const [k, m] of Object.entries(a.params)) {
        assert.ok(['alpha', 'beta', 'theta', 'threshold'].includes(k), k);
        assert.ok(m.min <= m.default && m.default <= m.max, `${a.name}.${k}`);
        assert.equal(typeof m.learnable, 'boolean');
      }
    }
    const byName = Object.fromEntries(engine.activations.map((a) => [a.name, a]));
    assert.equal(byName.leaky_relu.params.alpha.default, 0.01);  // the shortest decimal of the float default
    assert.equal(byName.celu.params.alpha.min, 0.01);
    assert.equal(byName.prelu.params.alpha.learnable, true);
    assert.equal(byName.swish.params.beta.learnable, true);
    assert.deepEqual(Object.keys(byName.softplus.params), ['beta', 'threshold']);
    assert.deepEqual(byName.relu.params, {});
    assert.equal(engine.softmaxInfo.name, 'softmax');
    assert.ok(engine.softmaxInfo.formula.includes('e^{x_i}'));
  });

  test('the catalogue is frozen', () => {
    assert.throws(() => { engine.activations[0].params.x = 1; }, TypeError);
  });
});

describe('activation forward and derivative', () => {
  for (const name of Object.keys(REF)) {
    test(`${name}: f and f′ within 4 ULP of a double reference, NaN passes through`, () => {
      const act = engine.activation(name);
      const p = act.params;
      const y = act.forward(POINTS), d = act.derivative(POINTS);
      POINTS.forEach((x, i) => {
        const [f, df] = REF[name](x, p);
        assert.ok(ulps(y[i], f) <= 4, `${name}(${x}) = ${y[i]}, exact ${f}`);
        assert.ok(ulps(d[i], df) <= 4, `${name}'(${x}) = ${d[i]}, exact ${df}`);
      });
      assert.ok(Number.isNaN(act.forward(NaN)) && Number.isNaN(act.derivative(NaN)), name);
    });

    test(`${name}: f and f′ at ±∞ are the mathematical limits, at the default and at each parameter's edges`, () => {
      const info = engine.activations.find((a) => a.name === name);
      const variants = [{}, ...Object.entries(info.params).flatMap(([k, m]) => [{ [k]: m.min }, { [k]: m.max }]),
                        ...(EXTRA_LIMIT_PARAMS[name] ?? [])];
      for (const params of variants) {
        const act = engine.activation(name, params);
        const want = LIMITS[name](act.params);
        const got = [act.forward(-Infinity), act.derivative(-Infinity), act.forward(Infinity), act.derivative(Infinity)];
        const what = ['f(−∞)', 'f′(−∞)', 'f(+∞)', 'f′(+∞)'];
        got.forEach((g, i) => assert.ok(ulps(g, want[i]) <= 4, `${name} ${JSON.stringify(params)} ${what[i]} = ${g}, limit ${want[i]}`));
      }
    });
  }

  test('every activation within 4 ULP on ~4000 points spread over the whole float32 range', () => {
    // ±2^(k/8) from 2^-20 to 2^127, and a uniform grid of step 1/64 on [-20, 20].
    const xs = [];
    for (let k = -160; k <= 1016; k++) xs.push(Math.fround(2 ** (k / 8)), Math.fround(-(2 ** (k / 8))));
    for (let i = -1280; i <= 1280; i++) xs.push(i / 64);
    const x = Float32Array.from(xs);
    for (const name of Object.keys(REF)) {
      const act = engine.activation(name);
      const y = act.forward(x), d = act.derivative(x);
      let worst = 0, at = 0;
      x.forEach((xi, i) => {
        const [f, df] = REF[name](xi, act.params);
        const e = Math.max(ulps(y[i], f), ulps(d[i], df));
        if (!(e <= worst)) [worst, at] = [e, xi];
      });
      assert.ok(worst <= 4, `${name}: ${worst.toFixed(2)} ULP at x = ${at}`);
    }
  });

  test('parameters change the function (elu alpha 0.5, softplus beta 2, thresholded_relu theta 2)', () => {
    for (const [name, params] of [['elu', { alpha: 0.5 }], ['softplus', { beta: 2 }], ['thresholded_relu', { theta: 2 }],
                                  ['swish', { beta: 3 }], ['celu', { alpha: 2 }], ['leaky_relu', { alpha: 0.2 }]]) {
      const act = engine.activation(name, params);
      const p = act.params;
      for (const [k, v] of Object.entries(params)) assert.equal(p[k], v);
      const y = act.forward(POINTS), d = act.derivative(POINTS);
      POINTS.forEach((x, i) => {
        const [f, df] = REF[name](x, p);
        assert.ok(ulps(y[i], f) <= 4 && ulps(d[i], df) <= 4, `${name} ${JSON.stringify(params)} at ${x}: ${y[i]} ${d[i]} vs ${f} ${df}`);
      });
    }
  });

  test('"linear" is identity; tails stay exact where textbook float formulas fail', () => {
    assert.equal(engine.activation('linear').forward(-2.5), -2.5);
    assert.deepEqual([engine.activation('linear').name, engine.activation('leaky_relu').label], ['identity', 'Leaky ReLU']);
    const s = engine.activation('sigmoid').derivative(-80);
    assert.ok(ulps(s, Math.exp(-80) / (1 + Math.exp(-80)) ** 2) <= 4);
    const g = engine.activation('gelu').forward(-10);
    assert.ok(ulps(g, 0.5 * -10 * erfc(10 / Math.SQRT2)) <= 4, `gelu(-10) = ${g}`);
    assert.ok(engine.activation('tanh').derivative(20) > 0);
    assert.equal(engine.activation('softplus').forward(1e30), Math.fround(1e30));
  });
});

describe('out arrays and valueAndDerivative', () => {
  // Random values, the float32 extremes, ±0, ±∞ and NaN, at every tail length of the SIMD loops.
  const sample = (n, seed) => {
    const x = new Float32Array(n);
    let s = seed;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      x[i] = (s / 2 ** 32 - 0.5) * 60;
    }
    [0, -0, Infinity, -Infinity, NaN, 3.4e38, -3.4e38, 1e-40, -88.7, 20].forEach((v, i) => { if (i < n) x[(i * 5) % n] = v; });
    return x;
  };
  const sameBits = (a, b, what) => {
    assert.equal(a.length, b.length, what);
    assert.deepEqual(new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length), what);
  };

  test('valueAndDerivative is bit for bit forward and derivative, for every activation, length and parameter set', () => {
    for (const info of engine.activations) {
      const variants = [{}, ...Object.entries(info.params).map(([k, m]) => ({ [k]: m.default === m.max ? m.min : (m.default + m.max) / 2 }))];
      for (const params of variants) {
        const act = engine.activation(info.name, params);
        for (const n of [0, 1, 3, 4, 7, 8, 13, 67, 1000]) {
          const x = sample(n, n + 1);
          const { value, derivative } = act.valueAndDerivative(x);
          const what = `${info.name} ${JSON.stringify(params)} n=${n}`;
          sameBits(value, act.forward(x), `${what} value`);
          sameBits(derivative, act.derivative(x), `${what} derivative`);
        }
        const one = act.valueAndDerivative(0.75);
        assert.deepEqual(one, { value: act.forward(0.75), derivative: act.derivative(0.75) }, info.name);
      }
    }
  });

  test('out arrays are filled and returned, may be x itself, and give the same bits as fresh results', () => {
    const act = engine.activation('elu', { alpha: 0.7 });
    const x = sample(37, 9);
    const y = new Float32Array(37), d = new Float32Array(37), p = new Float32Array(37);
    assert.equal(act.forward(x, y), y);
    sameBits(y, act.forward(x), 'forward out');
    assert.equal(act.derivative(x, d), d);
    sameBits(d, act.derivative(x), 'derivative out');
    assert.equal(act.paramDerivative('alpha', x, p), p);
    sameBits(p, act.paramDerivative('alpha', x), 'paramDerivative out');
    const inPlace = x.slice();
    assert.equal(act.forward(inPlace, inPlace), inPlace);
    sameBits(inPlace, y, 'forward in place');
    const v = new Float32Array(37), g = x.slice();
    const r = act.valueAndDerivative(g, { value: v, derivative: g });
    assert.ok(r.value === v && r.derivative === g);
    sameBits(v, y, 'valueAndDerivative out.value');
    sameBits(g, d, 'valueAndDerivative out.derivative = x');
    const list = act.forward([1, -1, 2], new Float32Array(3));  // a number[] x with an out array
    sameBits(list, act.forward(Float32Array.of(1, -1, 2)), 'number[] with out');
  });

  test('arrays longer than one pass (65,536 values) come out whole, also in place', () => {
    const n = 3 * 65536 + 5;
    const x = sample(n, 3);
    for (const name of ['sigmoid', 'relu', 'gelu']) {
      const act = engine.activation(name);
      const y = act.forward(x), { value, derivative } = act.valueAndDerivative(x);
      sameBits(value, y, `${name} value`);
      for (const i of [0, 65535, 65536, 65537, 131071, 131072, 196607, 196608, n - 1]) {
        assert.ok(Object.is(y[i], act.forward(x[i])), `${name} f at ${i}`);
        assert.ok(Object.is(derivative[i], act.derivative(x[i])), `${name} f′ at ${i}`);
      }
      const inPlace = x.slice();
      act.derivative(inPlace, inPlace);
      sameBits(inPlace, derivative, `${name} derivative in place`);
    }
  });

  test('bad out arguments are TypeError / RangeError naming them, and nothing is written', () => {
    const act = engine.activation('tanh');
    const x = Float32Array.of(1, 2, 3);
    const short = new Float32Array(2).fill(7);
    const rows = [
      [() => act.forward(x, [0, 0, 0]), TypeError, /forward: out must be a Float32Array/],
      [() => act.forward(x, new Float64Array(3)), TypeError, /forward: out must be a Float32Array/],
      [() => act.derivative(x, short), RangeError, /derivative: out must have the length of x \(3\), got length 2/],
      [() => act.forward(1, new Float32Array(1)), TypeError, /forward: out is for arrays/],
      [() => engine.activation('elu').paramDerivative('alpha', x, short), RangeError, /paramDerivative: out must have the length/],
      [() => act.valueAndDerivative(x, { value: new Float32Array(3) }), TypeError, /valueAndDerivative: out.derivative must be a Float32Array/],
      [() => act.valueAndDerivative(x, { value: short, derivative: new Float32Array(3) }), RangeError, /out.value must have the length of x/],
      [() => act.valueAndDerivative(x, { value: x, derivative: x }), RangeError, /out.value and out.derivative must be two different arrays/],
      [() => act.valueAndDerivative(x, { values: x, derivative: x }), TypeError, /valueAndDerivative: out has an unknown key "values"/],
      [() => act.valueAndDerivative(x, 5), TypeError, /valueAndDerivative: out must be an object/],
      [() => act.valueAndDerivative('x'), TypeError, /valueAndDerivative: x must be/],
    ];
    for (const [call, cls, pattern] of rows) assert.throws(call, (e) => e instanceof cls && pattern.test(e.message), String(pattern));
    assert.deepEqual([...short], [7, 7], 'a rejected out array is untouched');
    assert.deepEqual([...x], [1, 2, 3]);
    assert.ok(Math.abs(act.forward(0.5) - Math.tanh(0.5)) < 1e-7, 'the activation still works');
  });
});

describe('paramDerivative', () => {
  const cases = [['leaky_relu', 'alpha'], ['prelu', 'alpha'], ['elu', 'alpha'], ['celu', 'alpha'],
                 ['swish', 'beta'], ['softplus', 'beta']];
  for (const [name, param] of cases) {
    test(`${name}: d/d${param} matches central differences of the double reference`, () => {
      const act = engine.activation(name);
      const g = act.paramDerivative(param, POINTS);
      POINTS.forEach((x, i) => {
        const h = 1e-6 * Math.max(1, Math.abs(act.params[param]));
        const hi = { ...act.params, [param]: act.params[param] + h }, lo = { ...act.params, [param]: act.params[param] - h };
        const fd = (REF[name](x, hi)[0] - REF[name](x, lo)[0]) / (2 * h);
        assert.ok(Math.abs(g[i] - fd) <= 1e-5 * (1 + Math.abs(fd)), `${name} d/d${param} at ${x}: ${g[i]} vs ${fd}`);
      });
      assert.equal(typeof act.paramDerivative(param, -1), 'number');
    });
  }

  test('a parameter without a derivative is a RangeError naming it', () => {
    assert.throws(() => engine.activation('relu').paramDerivative('alpha', 1),
                  (e) => e instanceof RangeError && /paramDerivative: param/.test(e.message) && /relu/.test(e.message));
    assert.throws(() => engine.activation('thresholded_relu').paramDerivative('theta', 1),
                  (e) => e instanceof RangeError && /theta/.test(e.message));
    assert.throws(() => engine.activation('elu').paramDerivative('beta', 1),
                  (e) => e instanceof RangeError && /"alpha"/.test(e.message));
    assert.throws(() => engine.activation('elu').paramDerivative(1, 1), TypeError);
    assert.equal(engine.activation('elu').paramDerivative('alpha', -1), Math.fround(Math.expm1(-1)));
  });
});

describe('properties', () => {
  test('relu, tanh, gelu and sigmoid match the known answers', () => {
    assert.deepEqual(engine.activation('relu').properties(), {
      range: [0, Infinity], saturates: { left: true, right: false }, derivativeLimits: { left: 0, right: 1 },
      monotonic: true, zeroCentered: false, bounded: { below: true, above: false }, smoothness: 'C0',
      deadZone: [-Infinity, 0], deadZones: [[-Infinity, 0]],
    });
    const t = engine.activation('tanh').properties();
    assert.deepEqual([t.range, t.zeroCentered, t.smoothness, t.deadZone], [[-1, 1], true, 'smooth', null]);
    const g = engine.activation('gelu').properties();
    assert.ok(Math.abs(g.range[0] + 0.1699712) < 1e-6 && g.range[1] === Infinity);
    assert.equal(g.monotonic, false);
    assert.deepEqual(engine.activation('hard_tanh').properties().deadZones, [[-Infinity, -1], [1, Infinity]]);
  });

  test('follow the parameters: leaky_relu alpha 0 is relu, elu alpha 2, thresholded_relu theta 2, swish beta 0', () => {
    const leaky0 = engine.activation('leaky_relu', { alpha: 0 }).properties();
    assert.deepEqual([leaky0.deadZone, leaky0.zeroCentered, leaky0.saturates.left], [[-Infinity, 0], false, true]);
    assert.equal(engine.activation('leaky_relu').properties().deadZone, null);
    assert.deepEqual(engine.activation('elu', { alpha: 2 }).properties().range, [-2, Infinity]);
    assert.equal(engine.activation('elu', { alpha: 2 }).properties().smoothness, 'C0');
    assert.equal(engine.activation('elu').properties().smoothness, 'C1');
    const th = engine.activation('thresholded_relu', { theta: 2 }).properties();
    assert.deepEqual([th.smoothness, th.deadZone], ['discontinuous', [-Infinity, 2]]);
    const sw = engine.activation('swish', { beta: 0 }).properties();
    assert.deepEqual([sw.monotonic, sw.derivativeLimits, sw.range], [true, { left: 0.5, right: 0.5 }, [-Infinity, Infinity]]);
    assert.equal(engine.activation('softplus', { threshold: 1 }).properties().smoothness, 'discontinuous');
  });

  test('are computed once per definition and parameters, and a redefined formula gets its own', () => {
    assert.equal(engine.activation('elu', { alpha: 0.5 }).properties(), engine.activation('elu', { alpha: 0.5 }).properties());
    assert.notEqual(engine.activation('elu', { alpha: 0.5 }).properties(), engine.activation('elu', { alpha: 0.6 }).properties());
    engine.defineActivation({ name: 'props_once', formula: 'x' });
    const before = engine.activation('props_once').properties();
    assert.deepEqual(before.range, [-Infinity, Infinity]);
    engine.defineActivation({ name: 'props_once', formula: 'max(x, 0)' });
    assert.deepEqual(engine.activation('props_once').properties().range, [0, Infinity], 'the old definition\'s properties were reused');
  });

  test('the cache keeps the most recently used parameter sets, not every value a slider passed through', async () => {
    const { PROPERTIES_KEPT } = await import('../../dist/activations.js');
    const props = (alpha) => engine.activation('elu', { alpha }).properties();
    const first = props(1.25), kept = props(1.5);
    for (let i = 0; i < PROPERTIES_KEPT - 2; i++) props(2 + (i + 1) / 1024);
    assert.equal(props(1.25), first, 'evicted while the cache was not yet full');
    // One more new set evicts the least recently used: 1.5 (1.25 was just used again).
    props(2.5);
    assert.equal(props(1.25), first, 'a recently used set was evicted');
    const again = props(1.5);
    assert.notEqual(again, kept, 'the least recently used set was kept: the cache grows without bound');
    assert.deepEqual(again, kept, 'recomputed properties differ from the first computation');
  });
});

describe('softmax', () => {
  test('sums to 1, matches the double formula, and is stable with huge entries', () => {
    for (const v of [[1, 2, 3], [1000, 1001, 1002], [-1e30, 0, 1e30], [3e38, 3e38, 0], [0.5]]) {
      const y = engine.softmax(v);
      const m = Math.max(...v.map(Math.fround));
      const e = v.map((x) => Math.exp(Math.fround(x) - m));
      const s = e.reduce((a, b) => a + b, 0);
      y.forEach((yi, i) => assert.ok(ulps(yi, e[i] / s) <= 4, `${v}: ${yi} vs ${e[i] / s}`));
    }
    assert.deepEqual([...engine.softmax(new Float32Array([Infinity, 0, Infinity]))], [0.5, 0, 0.5]);
    assert.equal(engine.softmax([]).length, 0);
  });

  test('softmaxBackward is the Jacobian product, checked by central differences', () => {
    const v = [0.3, -1.2, 2.5, 0.0], dy = [1, -0.5, 0.25, 2];
    const g = engine.softmaxBackward(v, dy);
    const sm = (x) => {
      const m = Math.max(...x), e = x.map((t) => Math.exp(t - m)), s = e.reduce((a, b) => a + b, 0);
      return e.map((t) => t / s);
    };
    const h = 1e-6;
    for (let j = 0; j < v.length; j++) {
      // (J^T dy)_j = sum_i dy_i dy_i/dx_j
      const up = sm(v.map((t, k) => (k === j ? t + h : t))), dn = sm(v.map((t, k) => (k === j ? t - h : t)));
      const fd = dy.reduce((acc, d, i) => acc + d * (up[i] - dn[i]) / (2 * h), 0);
      assert.ok(Math.abs(g[j] - fd) < 1e-5, `${j}: ${g[j]} vs ${fd}`);
    }
  });

  test('bad arguments are TypeError/RangeError naming them', () => {
    assert.throws(() => engine.softmax('abc'), (e) => e instanceof TypeError && /softmax: v/.test(e.message));
    assert.throws(() => engine.softmaxBackward([1, 2], [1]), (e) => e instanceof RangeError && /softmaxBackward: dy/.test(e.message));
    assert.throws(() => engine.activation('softmax'), (e) => e instanceof RangeError && /engine\.softmax/.test(e.message));
  });
});

describe('engine.activation argument checks', () => {
  test('unknown name is a RangeError naming the argument, and the engine keeps working', () => {
    assert.throws(() => engine.activation('nope'), (e) => e instanceof RangeError && /activation: name/.test(e.message));
    assert.throws(() => engine.activation(42), (e) => e instanceof TypeError && /activation: name/.test(e.message));
    assert.equal(engine.activation('relu').forward(1), 1);
  });

  test('bad parameters: unknown name and out-of-range or NaN values are RangeErrors, wrong types TypeErrors', () => {
    assert.throws(() => engine.activation('elu', { gamma: 1 }),
                  (e) => e instanceof RangeError && /params\.gamma/.test(e.message) && /alpha/.test(e.message));
    assert.throws(() => engine.activation('relu', { alpha: 1 }),
                  (e) => e instanceof RangeError && /params\.alpha/.test(e.message) && /no parameters/.test(e.message));
    assert.throws(() => engine.activation('elu', { alpha: 50 }),
                  (e) => e instanceof RangeError && /params\.alpha/.test(e.message) && /\[0, 10\]/.test(e.message));
    assert.throws(() => engine.activation('elu', { alpha: NaN }), (e) => e instanceof RangeError && /params\.alpha/.test(e.message));
    assert.throws(() => engine.activation('swish', { beta: '2' }), (e) => e instanceof TypeError && /params\.beta/.test(e.message));
    assert.throws(() => engine.activation('elu', 3), (e) => e instanceof TypeError && /activation: params/.test(e.message));
    assert.throws(() => engine.activation('relu').forward([1, 'x']), (e) => e instanceof TypeError && /x\[1\]/.test(e.message));
    assert.throws(() => engine.activation('relu').forward('x'), TypeError);
    assert.equal(engine.activation('elu', { alpha: 2 }).forward(-Infinity), -2);
  });
});
