// What the packaging test runs in the browser, twice: bundled by Vite (main.js) and served as is
// without a bundler (plain.js). Loads the installed package, uses it, and publishes the outcome on
// <body data-result="..."> for the test to read.
import { trainXor } from './xor.js';

export async function run({ createEngine, createTrainWorker }, wasmUrlArg) {
  const out = { ok: false };
  try {
    const wasmUrl = wasmUrlArg ?? new URLSearchParams(location.search).get('wasmUrl');
    out.wasmUrl = wasmUrl;
    const options = wasmUrl ? { wasmUrl } : undefined;
    const engine = await createEngine(options);
    out.simd = engine.simd;
    out.activations = engine.activations.length;
    out.relu = Array.from(engine.activation('relu').forward([-1, 0, 2]));
    out.xor = trainXor(engine);
    // The worker helper: worker-entry.js must be found next to the package's JS (or by the bundler).
    const worker = await createTrainWorker(options);
    try {
      await worker.configure({
        network: { layers: [{ units: 8, activation: 'relu' }], optimizer: { name: 'adam', learningRate: 0.03 } },
        data: { generate: { dataset: 'xor', n: 200, noise: 0, seed: 1, testRatio: 0.5 } },
        batchSize: 10,
      });
      const { snapshot } = await worker.step(100);
      out.worker = { epoch: snapshot.epoch, testAccuracy: snapshot.testAccuracy };
    } finally {
      worker.terminate();
    }
    try {
      engine.activation('no_such_activation');
    } catch (e) {
      out.error = `${e.constructor.name}: ${e.message}`;
    }
    out.ok = true;
  } catch (e) {
    out.failure = String(e && e.stack || e);
  }
  document.body.dataset.result = JSON.stringify(out);
}
