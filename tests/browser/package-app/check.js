// What the packaging test runs in the browser, twice: bundled by Vite (main.js) and served as is
// without a bundler (plain.js). Loads the installed package, uses it, and publishes the outcome on
// <body data-result="..."> for the test to read.
import { trainXor } from './xor.js';

export async function run(createEngine, wasmUrlArg) {
  const out = { ok: false };
  try {
    const wasmUrl = wasmUrlArg ?? new URLSearchParams(location.search).get('wasmUrl');
    out.wasmUrl = wasmUrl;
    const engine = await createEngine(wasmUrl ? { wasmUrl } : undefined);
    out.simd = engine.simd;
    out.activations = engine.activations.length;
    out.relu = Array.from(engine.activation('relu').forward([-1, 0, 2]));
    out.xor = trainXor(engine);
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
