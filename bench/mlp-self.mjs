// Quick self-measurement of the WASM MLP (no anchors; bench/mlp.bench.mjs compares with other libraries):
// training examples/s for 2-8-8-1 (batch 10, SGD lr 0.03, circle, 250 training points), the time of a
// 256 x 256 predictGrid, what one call of a playground-style loop costs (fit one epoch, evaluate the 250
// test points, create + dispose), and the time to 99 % test accuracy as mlp.bench.mjs takes it (seeds 1..11,
// best of 3) in a third round, once the engine's code is warm.
// Usage: node bench/mlp-self.mjs [hidden activation, default tanh] [--against DIST]
// --against DIST: also loads another build's package (a dist/ folder, e.g. an older commit's) and runs
// every measurement on both in the same process, rounds alternating, then prints both and their ratio.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const at = args.indexOf('--against');
const against = at >= 0 ? args.splice(at, 2)[1] : null;
if (at >= 0 && !against) throw new Error('--against needs a dist folder');
const act = args[0] ?? 'tanh';

async function sideAt(dist) {
  const { createEngine, splitDataset } = await import(pathToFileURL(resolve(dist, 'index.js')).href);
  const engine = await createEngine();
  const { train, test } = splitDataset(engine.dataset('circle', { n: 500, noise: 0, seed: 1 }), 0.5);
  return { engine, train, test };
}
const sides = [await sideAt(new URL('../dist', import.meta.url).pathname)];
if (against) sides.push(await sideAt(against));

const spec = (seed) => ({
  layers: [{ units: 8, activation: act }, { units: 8, activation: act }],
  output: { units: 1, activation: 'sigmoid' },
  optimizer: { name: 'sgd', learningRate: 0.03 },
  seed,
});
const median = (a) => a.slice().sort((p, q) => p - q)[a.length >> 1];
/** rounds x (fn on each side in turn); the samples of each side. */
function alternate(rounds, fn) {
  const out = sides.map(() => []);
  for (let r = 0; r < rounds; r++) sides.forEach((s, i) => out[i].push(fn(s)));
  return out;
}

for (const s of sides) {
  s.net = s.engine.network(spec(1));
  s.net.fit(s.train.x, s.train.y, { epochs: 200, batchSize: 10 });  // warm-up
}
const rates = alternate(7, ({ net, train }) => {
  const epochs = 400;
  const t0 = performance.now();
  net.fit(train.x, train.y, { epochs, batchSize: 10 });
  return (epochs * train.n) / ((performance.now() - t0) / 1000);
}).map(median);
const grid = { x: [-6, 6], y: [-6, 6], width: 256, height: 256 };
for (const s of sides) for (let i = 0; i < 20; i++) s.net.predictGrid(grid);
const gridMs = alternate(51, ({ net }) => {
  const t0 = performance.now();
  net.predictGrid(grid);
  return performance.now() - t0;
}).map(median);
/** Microseconds per call of fn(side): the best of 21 rounds of `reps` calls. */
function perCall(fn, reps) {
  return alternate(21, (s) => {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn(s);
    return ((performance.now() - t0) / reps) * 1000;
  }).map((t) => Math.min(...t));
}
const fitUs = perCall(({ net, train }) => net.fit(train.x, train.y, { epochs: 1, batchSize: 10 }), 50);
const evalUs = perCall(({ net, test }) => net.evaluate(test.x, test.y), 100);
const createUs = perCall(({ engine }) => engine.network(spec(2)).dispose(), 100);

function timeTo99({ engine, train, test }, seed) {
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
  to99 = sides.map(() => []);
  for (let seed = 1; seed <= 11; seed++)
    alternate(3, (s) => timeTo99(s, seed)).forEach((t, i) => to99[i].push(Math.min(...t)));
}
to99 = to99.map(median);

/** One figure per side, and with --against this build / the other. */
const show = (v, digits) => v.map((x) => x.toFixed(digits)).join(' | ') + (against ? ` (ratio ${(v[0] / v[1]).toFixed(3)})` : '');
if (against) console.log(`Side by side: this build | ${against}`);
console.log(`2-8-8-1 ${act}, batch 10: ${show(rates.map((r) => r / 1e6), 2)} M examples/s (median of 7)`);
console.log(`predictGrid 256x256, 2-8-8-1 ${act}: ${show(gridMs, 2)} ms (median of 51)`);
console.log(`per call (us, best of 21): fit 1 epoch ${show(fitUs, 1)}; evaluate 250 points ${show(evalUs, 1)}; ` +
            `create + dispose ${show(createUs, 1)}`);
console.log(`to 99 % test accuracy, third round: ${show(to99, 2)} ms (median over seeds 1..11 of the best of 3)`);
for (const s of sides) s.net.dispose();
