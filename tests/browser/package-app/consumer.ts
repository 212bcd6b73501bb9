// Type-checked (tsc --strict --noEmit) against the installed package's .d.ts files: ordinary use must
// compile, and each @ts-expect-error line must really be an error (tsc fails on an unused one), which
// proves the types are precise rather than `any`.
import { type Batch, createEngine, type Engine, type EngineOptions, type MemoryStats } from 'activation-playground';

const options: EngineOptions = { wasmUrl: new URL('https://cdn.example/engine.wasm') };
const engine: Engine = await createEngine(options);
const y: number = engine.activation('elu', { alpha: 0.5 }).forward(1);
const ys: Float32Array = engine.activation('relu').forward(new Float32Array([1, -1]));
const names: string[] = engine.activations.map((a) => a.name);
const mem: MemoryStats = engine.memory();
console.log(y, ys, names, mem.heapBytes + mem.allocatedBytes);

// @ts-expect-error: the result of a batch is a Float32Array, not a number
const wrong: number = engine.activation('relu').forward([1, 2]);
// @ts-expect-error: wasmUrl is a string or a URL
await createEngine({ wasmUrl: 42 });
// @ts-expect-error: no such option
await createEngine({ wasmURL: 'x' });
console.log(wrong);

// Out arrays and the fused f, f′ pair.
const tanh = engine.activation('tanh');
const buf = new Float32Array(2);
const same: Float32Array = tanh.forward(ys, buf);
const vd: { value: Float32Array; derivative: Float32Array } = tanh.valueAndDerivative(ys, { value: buf, derivative: new Float32Array(2) });
const one: { value: number; derivative: number } = tanh.valueAndDerivative(0.5);
console.log(same, vd.derivative, one.value + one.derivative);
// @ts-expect-error: for a number the pair holds numbers
const notArray: Float32Array = tanh.valueAndDerivative(0.5).value;
// @ts-expect-error: out is a Float32Array
tanh.derivative(ys, [0, 0]);
console.log(notArray);
// Every numeric typed array is a batch (one type, Batch, for every array argument); BigInt arrays are not.
const fromF64: Float32Array = tanh.forward(new Float64Array([1, -1]));
const fromI32: Float32Array = engine.softmax(Int32Array.of(1, 2));
const fixed: readonly number[] = [0.5, 1];
const batch: Batch = fixed;
console.log(fromF64, fromI32, tanh.derivative(batch));
// @ts-expect-error: a BigInt64Array holds bigints
tanh.forward(new BigInt64Array(2));

// Networks: the spec, results and weights are typed.
const net = engine.network({ layers: [{ units: 8, activation: 'relu' }], output: { units: 1, activation: 'sigmoid' }, seed: 1 });
const fit: { loss: number; epoch: number } = net.fit([0, 0, 1, 1], [0, 1], { epochs: 2, batchSize: 2 });
const grid: Float32Array = net.predictGrid({ x: [-1, 1], y: [-1, 1], width: 8, height: 8 });
const weights: Float32Array = net.getWeights()[0].weights;
const copy = engine.loadNetwork(JSON.stringify(net.toJSON()));
copy.dispose();
net.dispose();
console.log(fit.loss, grid.length, weights.length);
// @ts-expect-error: the loss is one of 'bce' | 'cross_entropy' | 'mse'
engine.network({ loss: 'hinge' });
// @ts-expect-error: fit's options have no batchsize (lower-case s)
net.fit([0, 0], [1], { batchsize: 2 });

// The worker helper's client is typed too.
import { createTrainWorker, type Snapshot } from 'activation-playground';
const worker = await createTrainWorker({ wasmUrl: '/engine.wasm' });
const snap: Snapshot | undefined = (await worker.step(10)).snapshot;
console.log(snap?.testAccuracy);
worker.terminate();
// @ts-expect-error: step takes a number of epochs
await worker.step('10');
// @ts-expect-error: no such dataset
engine.dataset('moons');

// N-dimensional inputs and CSV import.
import { CsvError, parseCsv, type CsvData, type CsvProblem, type NormalizedSpec } from 'activation-playground';
const csv: CsvData = parseCsv('a,b,c,d,label\n1,2,3,4,0\n', { inputs: 4, maxClasses: 3, range: [-10, 10] });
const cols: number = csv.inputs;
const at: Uint32Array = csv.lines;
const custom = engine.dataset('custom', { x: csv.x, y: csv.y, inputs: cols });
const wide = engine.network({ inputs: 4, layers: [{ units: 16, activation: 'relu' }], output: { units: 3, activation: 'softmax' } });
const per: number = wide.pointSize;
const saved: NormalizedSpec = wide.toJSON().spec;
const columns: number | undefined = saved.inputs;
const probs: Float32Array = wide.predict(custom.x);
wide.dispose();
try {
  parseCsv('1,x,0');
} catch (e) {
  if (e instanceof CsvError) {
    const first: CsvProblem = e.problems[0];
    const line: number = e.line + e.column + first.line;
    console.log(line, first.reason);
  }
}
console.log(at.length, per, columns, probs.length);
// @ts-expect-error: inputs is a number of columns
engine.network({ inputs: '4' });
// @ts-expect-error: parseCsv's options have no "columns"
parseCsv('1,2,0', { columns: 2 });
// @ts-expect-error: a problem's reason is one of the listed ones
const reason: CsvProblem['reason'] = 'syntax';
console.log(reason);
