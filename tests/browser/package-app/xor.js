// XOR from its truth table, the packaging test's proof that the installed package trains: a 2-8-1
// network (ReLU, sigmoid output, binary cross-entropy, Adam) must classify all four points.
export function trainXor(engine) {
  const x = [0, 0, 0, 1, 1, 0, 1, 1];
  const y = [0, 1, 1, 0];
  const net = engine.network({
    layers: [{ units: 8, activation: 'relu' }],
    output: { units: 1, activation: 'sigmoid' },
    loss: 'bce',
    optimizer: { name: 'adam', learningRate: 0.05 },
    seed: 1,
  });
  try {
    net.fit(x, y, { epochs: 300, batchSize: 4 });
    return { accuracy: net.evaluate(x, y).accuracy, predictions: Array.from(net.predict(x), (p) => Math.round(p)) };
  } finally {
    net.dispose();
  }
}
