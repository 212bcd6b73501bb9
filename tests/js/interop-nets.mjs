// Networks that cover, between them, every catalogue activation (with non-default parameters where it
// has any), learnable prelu α and swish β (shared and per unit), every feature, and both output kinds
// (one sigmoid output, a softmax over 3 classes) plus other outputs and losses. Each is trained a few
// epochs so that weights and learned parameters are not their initial values.
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
  return out;
}

/** A trained network for `spec`, on the dataset its output fits. */
export function trainedNetwork(engine, spec) {
  const net = engine.network(spec);
  const classes = net.outputSize > 2 ? net.outputSize : 2;
  const data = engine.dataset(classes > 2 ? 'spiral' : 'circle', { n: 90, noise: 0.1, seed: 5, ...(classes > 2 ? { classes } : {}) });
  net.fit(data.x, data.y, { epochs: 4, batchSize: 10 });
  return { net, data };
}

/** n random points in [-4, 4]² from a seeded generator (mulberry32). */
export function randomPoints(n, seed = 1) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Float32Array.from({ length: 2 * n }, () => next() * 8 - 4);
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
