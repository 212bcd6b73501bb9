// The worker helper's frame budget: what one training frame costs inside the Worker (TrainerCore.tick:
// `speed` epochs of fit, evaluation of train and test loss, and the snapshot: 100² boundary grid, every
// neuron's grid, weights), for TF Playground's default network and for the largest the Train view allows
// (8 hidden layers of 16 units, all 7 features). At 60 frames/s a frame has 16.7 ms.
// Usage: node bench/train-frame.mjs
import { createEngine, TrainerCore } from '../dist/index.js';

const engine = await createEngine();
const median = (a) => a.slice().sort((p, q) => p - q)[a.length >> 1];

const cases = [
  { name: 'default 4,2 tanh, x1 x2', layers: [4, 2], act: 'tanh', features: ['x1', 'x2'], neuronSize: 32 },
  { name: 'largest 8x16 relu, 7 features', layers: Array(8).fill(16), act: 'relu',
    features: ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'], neuronSize: 20 },
];
let id = 1;
for (const c of cases) {
  const core = new TrainerCore(engine);
  const send = (body) => {
    const [out] = core.handle({ id: id++, ...body });
    if (out.message.type === 'error') throw new Error(out.message.message);
    return out.message.result;
  };
  send({ type: 'configure', config: {
    network: { features: c.features, layers: c.layers.map((units) => ({ units, activation: c.act })),
               output: { units: 1, activation: 'sigmoid' }, loss: 'bce', optimizer: { name: 'sgd', learningRate: 0.03 }, seed: 1 },
    data: { generate: { dataset: 'circle', n: 500, noise: 0, seed: 1, testRatio: 0.5 } },
    batchSize: 10, epochsPerTick: 1, grid: { size: 100, neuronSize: c.neuronSize },
  } });
  send({ type: 'start' });
  const frame = [];
  const snap = [];
  let bytes = 0;
  for (let i = 0; i < 230; i++) {
    send({ type: 'frame' });
    const t0 = performance.now();
    const [out] = core.tick();
    const t1 = performance.now();
    if (i >= 30) frame.push(t1 - t0);
    bytes = out.transfer.reduce((n, b) => n + b.byteLength, 0);
  }
  send({ type: 'pause' });
  for (let i = 0; i < 230; i++) {
    const t0 = performance.now();
    send({ type: 'snapshot' });
    if (i >= 30) snap.push(performance.now() - t0);
  }
  console.log(`${c.name}: frame (1 epoch + snapshot) ${median(frame).toFixed(2)} ms, snapshot alone ` +
    `${median(snap).toFixed(2)} ms, ${(bytes / 1024).toFixed(0)} KiB transferred per frame`);
  core.dispose();
}
