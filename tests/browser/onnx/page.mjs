// Browser side of onnx.test.mjs: exports every interop network as ONNX, runs it in onnxruntime-web
// (its WASM backend, single-threaded) and hands the largest differences from net.predict to the test.
import { createEngine } from '/dist/index.js';
import * as ort from '/ort/ort.wasm.min.mjs';
import { interopSpecs, maxDiff, randomPoints, trainedNetwork } from '/interop/interop-nets.mjs';

ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = '/ort/';

async function run() {
  const engine = await createEngine();
  const out = [];
  for (const { name, spec } of interopSpecs(engine)) {
    const { net } = trainedNetwork(engine, spec);
    const points = randomPoints(1000, 13, net.pointSize);
    const session = await ort.InferenceSession.create(net.export('onnx'));
    const r = await session.run({ points: new ort.Tensor('float32', points, [1000, net.pointSize]) });
    out.push({ name, diff: maxDiff(r.output.data, net.predict(points)), dims: r.output.dims });
    await session.release();
    net.dispose();
  }
  return out;
}
run().then((r) => { window.result = r; }, (e) => { window.result = { error: String(e?.stack ?? e) }; });
