// `using` against the installed package: type-checked with a lib that lacks esnext.disposable (the
// package's declarations bring it), compiled to ES2022 (tsc lowers `using`) and run on Node. Prints what
// the blocks freed: the heap must be back where it started and the network disposed.
import { createEngine, type Network, TrainerCore } from 'activation-playground';

const engine = await createEngine();
const config = {
  network: { layers: [{ units: 4, activation: 'relu' }] }, batchSize: 10,
  data: { generate: { dataset: 'xor' as const, n: 40, noise: 0, seed: 1, testRatio: 0.5 } },
};
// Results leave the engine through one buffer it keeps (the bindings' scratch): size it before measuring.
const warm = new TrainerCore(engine);
warm.handle({ type: 'configure', id: 0, config });
warm.dispose();
const before = engine.memory().allocatedBytes;
let kept: Network;
{
  using net = engine.network({ layers: [{ units: 8, activation: 'tanh' }], seed: 1 });
  using core = new TrainerCore(engine);
  core.handle({ type: 'configure', id: 1, config });
  net.fit([0, 0, 1, 1], [0, 1], { epochs: 1, batchSize: 2 });
  kept = net;
  console.error(JSON.stringify({ inside: engine.memory().allocatedBytes - before }));
}
console.log(JSON.stringify({ disposed: kept.disposed, leaked: engine.memory().allocatedBytes - before }));
