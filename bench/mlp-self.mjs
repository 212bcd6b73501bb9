// Quick self-measurement of the WASM MLP (no anchors; bench/mlp.bench.mjs compares with other libraries):
// training examples/s for 2-8-8-1 (batch 10, SGD lr 0.03, circle, 250 training points) and the time of a
// 256 x 256 predictGrid. Usage: node bench/mlp-self.mjs [hidden activation, default tanh]
import { createEngine, splitDataset } from '../dist/index.js';

const act = process.argv[2] ?? 'tanh';
const engine = await createEngine();
const { train } = splitDataset(engine.dataset('circle', { n: 500, seed: 1 }), 0.5);
const net = engine.network({
  layers: [{ units: 8, activation: act }, { units: 8, activation: act }],
  output: { units: 1, activation: 'sigmoid' },
  optimizer: { name: 'sgd', learningRate: 0.03 },
  seed: 1,
});
const median = (a) => a.slice().sort((p, q) => p - q)[a.length >> 1];

net.fit(train.x, train.y, { epochs: 200, batchSize: 10 });  // warm-up
const rates = [];
for (let r = 0; r < 7; r++) {
  const epochs = 400;
  const t0 = performance.now();
  net.fit(train.x, train.y, { epochs, batchSize: 10 });
  const s = (performance.now() - t0) / 1000;
  rates.push((epochs * train.n) / s);
}
const grid = { x: [-6, 6], y: [-6, 6], width: 256, height: 256 };
for (let i = 0; i < 20; i++) net.predictGrid(grid);
const times = [];
for (let r = 0; r < 51; r++) {
  const t0 = performance.now();
  net.predictGrid(grid);
  times.push(performance.now() - t0);
}
console.log(`2-8-8-1 ${act}, batch 10: ${(median(rates) / 1e6).toFixed(2)} M examples/s (median of 7)`);
console.log(`predictGrid 256x256, 2-8-8-1 ${act}: ${median(times).toFixed(2)} ms (median of 51)`);
net.dispose();
