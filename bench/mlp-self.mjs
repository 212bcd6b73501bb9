// Quick self-measurement of the WASM MLP (no anchors; bench/mlp.bench.mjs compares with other libraries):
// training examples/s for 2-8-8-1 (batch 10, SGD lr 0.03, circle, 250 training points), the time of a
// 256 x 256 predictGrid, what one call of a playground-style loop costs (fit one epoch, evaluate the 250
// test points, create + dispose), and the time to 99 % test accuracy as mlp.bench.mjs takes it (seeds 1..11,
// best of 3) in a third round, once the engine's code is warm.
// Usage: node bench/mlp-self.mjs [hidden activation, default tanh]
import { createEngine, splitDataset } from '../dist/index.js';

const act = process.argv[2] ?? 'tanh';
const engine = await createEngine();
const { train, test } = splitDataset(engine.dataset('circle', { n: 500, noise: 0, seed: 1 }), 0.5);
const spec = (seed) => ({
  layers: [{ units: 8, activation: act }, { units: 8, activation: act }],
  output: { units: 1, activation: 'sigmoid' },
  optimizer: { name: 'sgd', learningRate: 0.03 },
  seed,
});
const net = engine.network(spec(1));
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
/** Microseconds per call of fn: the best of 21 rounds of `reps` calls. */
function perCall(fn, reps) {
  let best = Infinity;
  for (let r = 0; r < 21; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    best = Math.min(best, ((performance.now() - t0) / reps) * 1000);
  }
  return best;
}
const fitUs = perCall(() => net.fit(train.x, train.y, { epochs: 1, batchSize: 10 }), 50);
const evalUs = perCall(() => net.evaluate(test.x, test.y), 100);
const createUs = perCall(() => engine.network(spec(2)).dispose(), 100);

function timeTo99(seed) {
  const t0 = performance.now();
  const m = engine.network(spec(seed));
  for (let e = 0; e < 300; e++) {
    m.fit(train.x, train.y, { epochs: 1, batchSize: 10 });
    if (m.evaluate(test.x, test.y).accuracy >= 0.99) break;
  }
  m.dispose();
  return performance.now() - t0;
}
let to99 = [];
for (let round = 0; round < 3; round++) {
  to99 = [];
  for (let seed = 1; seed <= 11; seed++) to99.push(Math.min(timeTo99(seed), timeTo99(seed), timeTo99(seed)));
}

console.log(`2-8-8-1 ${act}, batch 10: ${(median(rates) / 1e6).toFixed(2)} M examples/s (median of 7)`);
console.log(`predictGrid 256x256, 2-8-8-1 ${act}: ${median(times).toFixed(2)} ms (median of 51)`);
console.log(`per call: fit 1 epoch ${fitUs.toFixed(1)} us, evaluate 250 points ${evalUs.toFixed(1)} us, ` +
            `create + dispose ${createUs.toFixed(1)} us (best of 21)`);
console.log(`to 99 % test accuracy, third round: ${median(to99).toFixed(2)} ms (median over seeds 1..11 of the best of 3)`);
net.dispose();
