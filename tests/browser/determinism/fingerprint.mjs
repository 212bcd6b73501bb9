// The same seeded work in any JS host: datasets, initialisation, shuffling and training with Adam, softmax
// and sin features. Returns the float32 bit patterns of everything produced, so that hosts running the
// same WASM build can be compared bit for bit (the Node side of the test imports this module too).
export function fingerprint(engine) {
  const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer), (v) => v.toString(16));
  const data = engine.dataset('spiral', { n: 150, noise: 0.3, classes: 3, seed: 11 });
  const net = engine.network({
    features: ['x1', 'x2', 'sin(x1)', 'x1*x2'],
    layers: [{ units: 8, activation: 'tanh' }, { units: 6, activation: 'relu' }],
    output: { units: 3, activation: 'softmax' },
    optimizer: { name: 'adam', learningRate: 0.02 },
    init: 'he',
    seed: 5,
  });
  try {
    const fit = net.fit(data.x, data.y, { epochs: 20, batchSize: 7 });
    return {
      data: bits(data.x),
      weights: net.getWeights().map((l) => [bits(l.weights), bits(l.biases)]),
      grid: bits(net.predictGrid({ x: [-6, 6], y: [-6, 6], width: 16, height: 16 })),
      loss: fit.loss,
    };
  } finally {
    net.dispose();
  }
}
