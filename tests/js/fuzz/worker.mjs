// Property-based fuzzing of the worker protocol (TrainerCore, the handler createTrainWorker runs in its
// Worker) with random request sequences: handle() never throws; an error comes back as an `error`
// message whose name is TypeError or RangeError and whose text starts with the request (or the engine
// call it made) and names the argument; after an error the trainer's network is exactly as before
// (its exported JSON is the same); ticks keep working.
import fc from 'fast-check';

import { checkThrown } from './contract.mjs';
import { anything, field, float32s, mix } from './values.mjs';

const smallNet = fc.record({
  layers: field(fc.array(fc.record({ units: field(fc.integer({ min: 1, max: 4 })), activation: field(fc.constantFrom('tanh', 'relu', 'prelu', 'swish')) }),
    { maxLength: 2 })),
  seed: field(fc.integer({ min: 0, max: 99 })),
}, { requiredKeys: [] });
const points = fc.integer({ min: 1, max: 30 }).chain((n) => fc.record({
  x: fc.oneof({ weight: 6, arbitrary: fc.array(fc.float({ min: -6, max: 6, noNaN: true }), { minLength: 2 * n, maxLength: 2 * n }).map((a) => Float32Array.from(a)) },
    { weight: 1, arbitrary: float32s(2 * n) }, { weight: 1, arbitrary: anything }),
  y: field(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a))),
  test: field(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }).map((a) => Uint8Array.from(a))),
  classes: field(fc.constant(2)),
}));
const generate = fc.record({
  dataset: field(fc.constantFrom('xor', 'circle', 'gaussian', 'spiral')), n: field(fc.integer({ min: 4, max: 60 })),
  noise: field(fc.double({ min: 0, max: 0.5 })), seed: field(fc.integer({ min: 0, max: 99 })), testRatio: field(fc.double({ min: 0, max: 0.9 })),
});
const config = fc.record({
  network: field(smallNet), data: field(fc.oneof(fc.record({ generate }), fc.record({ points }))), batchSize: field(fc.integer({ min: 1, max: 20 })),
  epochsPerTick: field(fc.integer({ min: 1, max: 3 })),
  // Small grids keep snapshots cheap; a wild grid now and then.
  grid: field(fc.record({ size: field(fc.integer({ min: 2, max: 12 })), neuronSize: field(fc.integer({ min: 2, max: 6 })) })),
}, { requiredKeys: ['network', 'data', 'batchSize', 'grid'] });

const request = fc.oneof(
  { weight: 3, arbitrary: mix(config).map((c) => ({ type: 'configure', config: c })) },
  mix(points).map((p) => ({ type: 'setPoints', points: p })),
  mix(fc.record({ learningRate: field(fc.double({ min: 1e-4, max: 1 })), batchSize: field(fc.integer({ min: 1, max: 30 })),
    epochsPerTick: field(fc.integer({ min: 1, max: 4 })), regularizationRate: field(fc.double({ min: 0, max: 0.1 })) }, { requiredKeys: [] }))
    .map((s) => ({ type: 'set', settings: s })),
  fc.constantFrom({ type: 'start' }, { type: 'pause' }, { type: 'frame' }, { type: 'reset' }, { type: 'snapshot' }, { type: 'exportNetwork' }),
  mix(fc.integer({ min: 1, max: 4 })).map((epochs) => ({ type: 'step', epochs })),
  fc.tuple(mix(fc.integer({ min: -1, max: 3 })), mix(fc.integer({ min: -1, max: 4 })), mix(fc.integer({ min: -2, max: 8 })), mix(fc.double({ min: -3, max: 3 })))
    .map(([layer, unit, input, value]) => ({ type: 'setWeight', layer, unit, input, value })),
  fc.tuple(fc.boolean(), anything).map(([own, wild]) => ({ type: 'importNetwork', json: own ? '$export' : wild })),
  fc.constantFrom({ type: 'train' }, { type: 7 }, {}),
  anything.map((r) => ({ wild: r })),
);

/** One run: up to 8 requests (each maybe followed by a tick) on a fresh TrainerCore. */
export const workerRuns = fc.array(fc.tuple(request, fc.boolean()), { minLength: 1, maxLength: 8 });

// An error names the request (or the engine function it called: network, dataset, loadNetwork).
const PREFIX = /^(worker|configure|setPoints|set|start|step|reset|snapshot|setWeight|exportNetwork|importNetwork|network|dataset|loadNetwork): /;

/** The property over one run, with the engine's TrainerCore class and a witness check. */
export function checkWorkerRun(engine, TrainerCore, checkWitness, run) {
  const core = new TrainerCore(engine);
  let id = 0;
  const exported = () => {
    const [{ message: m }] = core.handle({ id: -7, type: 'exportNetwork' });
    return m.type === 'reply' ? m.result.json : null;
  };
  try {
    for (const [req, tick] of run) {
      const r = 'wild' in req ? req.wild : req.type === 'importNetwork' && req.json === '$export' ? { ...req, json: exported() ?? 'null' } : req;
      const before = exported();
      const full = r !== null && typeof r === 'object' && !Array.isArray(r) ? { id: ++id, ...r } : r;
      let out;
      try {
        out = core.handle(full);
      } catch (e) {
        throw new Error(`TrainerCore.handle(${fc.stringify(r).slice(0, 200)}) threw ${e?.name}: ${e?.message}`);
      }
      for (const { message: m } of out) {
        if (m.type !== 'error') continue;
        const e = m.name === 'TypeError' ? new TypeError(m.message) : m.name === 'RangeError' ? new RangeError(m.message) : { constructor: { name: m.name }, message: m.message };
        checkThrown(e, PREFIX, () => `worker ${fc.stringify(r).slice(0, 200)}`);
        if (exported() !== before) throw new Error(`worker ${fc.stringify(r).slice(0, 200)} failed with "${m.message}" and still changed the network`);
      }
      if (tick) core.tick();
      checkWitness(`worker ${String(r?.type)}`);
    }
  } finally {
    core.dispose();
  }
}
