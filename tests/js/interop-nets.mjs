// Networks that cover, between them, every catalogue activation (with non-default parameters where it
// has any), learnable prelu α and swish β (shared and per unit), every feature, both output kinds
// (one sigmoid output, a softmax over 3 classes) plus other outputs and losses, and networks over
// n = 1, 3, 4 and 7 raw input columns (spec.inputs). Each is trained a few epochs so that weights and
// learned parameters are not their initial values.
export const ALL_FEATURES = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];

const PARAMS = {
  leaky_relu: { alpha: 0.2 }, prelu: { alpha: 0.1 }, thresholded_relu: { theta: 0.4 }, elu: { alpha: 0.7 },
  celu: { alpha: 1.5 }, swish: { beta: 1.5 }, softplus: { beta: 2, threshold: 5 },
};
const LEARNABLE = { prelu: 'unit', swish: 'unit' };

/** [{ name, spec }] for the catalogue of `engine`. */
export function interopSpecs(engine) {
  const out = engine.activations.map((a, i) => ({
    name: `hidden ${a.name}`,
    spec: {
      features: i % 3 === 0 ? ALL_FEATURES : i % 3 === 1 ? ['x1', 'x2'] : ['sin(x2)', 'x1*x2', 'x1'],
      layers: [{ units: 6, activation: a.name, ...(PARAMS[a.name] ? { params: PARAMS[a.name] } : {}),
                 ...(LEARNABLE[a.name] ? { learnable: LEARNABLE[a.name] } : {}) },
               { units: 4, activation: 'tanh' }],
      output: i % 2 === 0 ? { units: 1, activation: 'sigmoid' } : { units: 3, activation: 'softmax' },
      seed: 3 + i,
    },
  }));
  out.push(
    { name: 'softplus with its defaults (the Softplus operator)', spec: { layers: [{ units: 5, activation: 'softplus' }] } },
    { name: 'shared learnable prelu and swish, adam, l2', spec: {
      features: ALL_FEATURES,
      layers: [{ units: 5, activation: 'prelu', learnable: 'shared' }, { units: 5, activation: 'swish', learnable: 'shared' }],
      output: { units: 3, activation: 'softmax' }, optimizer: { name: 'adam', learningRate: 0.01 },
      regularization: { kind: 'l2', rate: 0.001 } } },
    { name: 'fixed prelu α and swish β', spec: {
      layers: [{ units: 5, activation: 'prelu', params: { alpha: -0.3 }, learnable: 'none' }, { units: 5, activation: 'swish', params: { beta: 0.5 } }] } },
    { name: 'hard_sigmoid output with bce', spec: { layers: [{ units: 6, activation: 'relu' }], output: { units: 1, activation: 'hard_sigmoid' }, loss: 'bce' } },
    { name: 'softmax output with mse', spec: { features: ALL_FEATURES, layers: [{ units: 6, activation: 'gelu' }], output: { units: 3, activation: 'softmax' }, loss: 'mse' } },
    { name: 'two tanh outputs with mse, momentum', spec: { layers: [{ units: 6, activation: 'elu' }], output: { units: 2, activation: 'tanh' }, loss: 'mse',
                                                     optimizer: { name: 'momentum' } } },
    { name: 'no hidden layer, identity output with mse', spec: { features: ['x1^2', 'x2^2'], layers: [], output: { units: 1, activation: 'identity' }, loss: 'mse',
                                                            optimizer: { learningRate: 0.002 } } },
  );
  // Raw input columns, each width with a sigmoid and a softmax output.
  const hidden = ['tanh', 'prelu', 'swish', 'elu'];
  INPUT_WIDTHS.forEach((n, i) => {
    for (const output of [{ units: 1, activation: 'sigmoid' }, { units: 3, activation: 'softmax' }]) {
      const activation = hidden[i];
      out.push({ name: `inputs: ${n}, ${activation}, ${output.activation}`, spec: {
        inputs: n, layers: [{ units: 5, activation, ...(LEARNABLE[activation] ? { learnable: LEARNABLE[activation] } : {}) }],
        output, seed: 40 + n } });
    }
  });
  return out;
}

/** The raw input widths the interop networks cover. */
export const INPUT_WIDTHS = [1, 3, 4, 7];

/** A trained network for `spec`, on the dataset its output fits. */
export function trainedNetwork(engine, spec) {
  const net = engine.network(spec);
  const classes = net.outputSize > 2 ? net.outputSize : 2;
  const data = spec.inputs === undefined
    ? engine.dataset(classes > 2 ? 'spiral' : 'circle', { n: 90, noise: 0.1, seed: 5, ...(classes > 2 ? { classes } : {}) })
    : ndimDataset(engine, 90, spec.inputs, classes);
  net.fit(data.x, data.y, { epochs: 4, batchSize: 10 });
  return { net, data };
}

/** n points of `inputs` columns in [-4, 4] labelled by the sum of their coordinates (in `classes` bands). */
function ndimDataset(engine, n, inputs, classes) {
  const x = randomPoints(n, 17 + inputs, inputs);
  const y = Array.from({ length: n }, (_, k) => {
    let s = 0;
    for (let j = 0; j < inputs; j++) s += x[k * inputs + j] * (j % 2 ? -1 : 1);
    const t = s / Math.sqrt(inputs);
    return classes > 2 ? (t < -1 ? 0 : t < 1 ? 1 : 2) : Number(t > 0);
  });
  return engine.dataset('custom', { x, y, inputs });
}

/** n random points of `width` coordinates in [-4, 4] from a seeded generator (mulberry32). */
export function randomPoints(n, seed = 1, width = 2) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Float32Array.from({ length: width * n }, () => next() * 8 - 4);
}

/** Largest |a[i] - b[i]| (NaN if the lengths differ or any value is not finite). */
export function maxDiff(a, b) {
  if (a.length !== b.length) return NaN;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!Number.isFinite(d)) return NaN;
    m = Math.max(m, d);
  }
  return m;
}
