// One contract, checked in one place: the core's limits as every public entry point applies them (the
// values read from the C++ headers, not from the engine), learning rates float32 can hold, the engine's
// holdOut as the worker's split, and createTrainWorker's options, checked before any Worker exists.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';

import { createEngine, createTrainWorker, TrainerCore, WorkerUnavailableError } from '../../dist/index.js';

const root = new URL('../../', import.meta.url);
let engine;
before(async () => {
  engine = await createEngine();
});

/** kName = value; from a C++ header, as the compiler sees it. */
function headerConstants(path) {
  const out = {};
  for (const m of readFileSync(new URL(path, root), 'utf8').matchAll(/constexpr [\w:]+ (k\w+) = ([\d.]+)/g)) out[m[1]] = Number(m[2]);
  return out;
}
const H = { ...headerConstants('cpp/include/ap/mlp.h'), ...headerConstants('cpp/include/ap/dataset.h') };
const cmake = readFileSync(new URL('CMakeLists.txt', root), 'utf8');
/** The heap's maximum, written once: `set(AP_MAX_HEAP_BYTES n)` in CMakeLists.txt. */
const maxHeapBytes = Number(/^\s*set\(AP_MAX_HEAP_BYTES (\d+)\)/m.exec(cmake)?.[1]);

/** The maximum of the memory a .wasm file defines, in bytes (the memory section's limits, in 64 KiB pages). */
function wasmMemoryMaximum(bytes) {
  let at = 8;
  const leb = () => {
    let v = 0, shift = 0, b;
    do { b = bytes[at++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return v;
  };
  while (at < bytes.length) {
    const id = bytes[at++], size = leb(), end = at + size;
    if (id === 5) {  // memory section: count, then flags (bit 0: has a maximum), initial, maximum
      assert.equal(leb(), 1, 'one memory');
      const flags = leb();
      leb();
      return flags & 1 ? leb() * 65536 : Infinity;
    }
    at = end;
  }
  return undefined;
}

describe('limits: defined in the core, applied everywhere', () => {
  test('engine.limits are the C++ constants', () => {
    assert.deepEqual({ ...engine.limits }, {
      maxInputs: H.kMaxInputs, maxUnits: H.kMaxUnits, maxLayers: H.kMaxLayers, maxEpochs: H.kMaxEpochs,
      maxBatchSize: H.kMaxBatchSize, maxGridSide: H.kMaxGridSide, maxDatasetPoints: H.kMaxDatasetPoints, maxClasses: H.kMaxClasses,
      maxHeapBytes,
    });
    assert.ok(Object.isFrozen(engine.limits));
  });

  test('the heap maximum is written once (CMakeLists.txt): the link uses it, engine.limits and the built .wasm say it', () => {
    assert.ok(maxHeapBytes >= 2 ** 26 && maxHeapBytes % 65536 === 0, `set(AP_MAX_HEAP_BYTES ...) in CMakeLists.txt: ${maxHeapBytes}`);
    assert.deepEqual(cmake.match(/MAXIMUM_MEMORY=\S*/g), ['MAXIMUM_MEMORY=${AP_MAX_HEAP_BYTES}']);
    assert.equal(engine.limits.maxHeapBytes, maxHeapBytes);
    assert.equal(wasmMemoryMaximum(readFileSync(new URL('dist/wasm/engine.wasm', root))), maxHeapBytes, 'the engine.wasm memory maximum');
  });

  test('fit, predictGrid, dataset and the worker accept each limit and refuse one past it', () => {
    const net = engine.network({ layers: [{ units: 2, activation: 'tanh' }], seed: 1 });
    const x = Float32Array.of(0.5, -0.5), y = Float32Array.of(1);
    try {
      net.fit(x, y, { epochs: 1, batchSize: H.kMaxBatchSize });
      assert.throws(() => net.fit(x, y, { batchSize: H.kMaxBatchSize + 1 }),
        { name: 'RangeError', message: new RegExp(`network\\.fit: options\\.batchSize must be an integer in \\[1, ${H.kMaxBatchSize}\\]`) });
      assert.throws(() => net.fit(x, y, { epochs: H.kMaxEpochs + 1 }), { name: 'RangeError', message: new RegExp(`options\\.epochs .*${H.kMaxEpochs}`) });
      const grid = (width) => ({ x: [-1, 1], y: [-1, 1], width, height: 1 });
      assert.equal(net.predictGrid(grid(H.kMaxGridSide)).length, H.kMaxGridSide);
      assert.throws(() => net.predictGrid(grid(H.kMaxGridSide + 1)), { name: 'RangeError', message: new RegExp(`grid\\.width .*${H.kMaxGridSide}`) });
    } finally {
      net.dispose();
    }
    assert.throws(() => engine.dataset('xor', { n: H.kMaxDatasetPoints + 1 }), { name: 'RangeError', message: new RegExp(`options\\.n .*${H.kMaxDatasetPoints}`) });
    assert.equal(engine.dataset('spiral', { n: 40, classes: H.kMaxClasses }).classes, H.kMaxClasses);
    assert.throws(() => engine.dataset('spiral', { classes: H.kMaxClasses + 1 }), { name: 'RangeError', message: /options\.classes/ });

    const core = new TrainerCore(engine);
    const config = (batchSize) => ({
      network: { layers: [{ units: 2, activation: 'tanh' }], seed: 1 }, batchSize, grid: { size: 2, neuronSize: 2 },
      data: { generate: { dataset: 'xor', n: 20, noise: 0, seed: 1, testRatio: 0.5 } },
    });
    const reply = (req) => core.handle({ id: 1, ...req })[0].message;
    assert.equal(reply({ type: 'configure', config: config(H.kMaxBatchSize) }).type, 'reply');
    const big = reply({ type: 'configure', config: config(H.kMaxBatchSize + 1) });
    assert.equal(big.name, 'RangeError');
    assert.match(big.message, new RegExp(`configure: batchSize must be an integer in \\[1, ${H.kMaxBatchSize}\\]`));
    assert.equal(reply({ type: 'set', settings: { batchSize: H.kMaxBatchSize + 1 } }).name, 'RangeError');
    core.dispose();
  });

  test('no check in web/src/engine writes a core limit as a literal, nor the engine or bindings the heap maximum', () => {
    const code = (url) => readFileSync(url, 'utf8').split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*\*)/.test(l)).join('\n');
    const dir = new URL('web/src/engine/', root);
    const literals = [H.kMaxEpochs, H.kMaxBatchSize, H.kMaxGridSide, H.kMaxDatasetPoints, 100000].map((v) => [String(v), v.toLocaleString('en').replaceAll(',', '_')]);
    // The heap maximum in the forms it was written in before (1024 * 1024 * 1024, 1gb, 2^30 ...).
    const gib = maxHeapBytes / 2 ** 30;
    const heap = [new RegExp(`\\b(${maxHeapBytes}|${maxHeapBytes.toLocaleString('en').replaceAll(',', '_')})\\b`), /1024(\.0)? \* 1024(\.0)? \* 1024/,
                  new RegExp(`\\b${gib}gb\\b`, 'i'), new RegExp(`2 \\*\\* 30|1 << 30|\\b${gib} << 30`)];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const c = code(new URL(f, dir));
      for (const forms of literals) for (const lit of forms) assert.ok(!new RegExp(`\\b${lit}\\b`).test(c), `${f} writes ${lit}`);
      for (const re of heap) assert.ok(!re.test(c), `${f} writes the heap maximum (${re})`);
    }
    const bindings = new URL('cpp/bindings/', root);
    for (const f of readdirSync(bindings)) for (const re of heap) assert.ok(!re.test(code(new URL(f, bindings))), `cpp/bindings/${f} writes the heap maximum (${re})`);
  });
});

describe('learning rates float32 holds', () => {
  test('a rate that rounds to 0 or to a subnormal float32 is a RangeError naming learningRate', () => {
    for (const lr of [5e-324, 1e-45, 1e-39]) {
      assert.throws(() => engine.network({ optimizer: { learningRate: lr } }), { name: 'RangeError', message: /^network: optimizer\.learningRate .*float32/ });
      const net = engine.network({ seed: 1 });
      assert.throws(() => net.setLearningRate(lr), { name: 'RangeError', message: /^network\.setLearningRate: learningRate .*float32/ });
      assert.equal(net.spec.optimizer.learningRate, 0.03);
      net.dispose();
    }
    const net = engine.network({ optimizer: { learningRate: 2 ** -126 } });
    assert.equal(net.spec.optimizer.learningRate, 2 ** -126);
    net.dispose();
  });
});

describe('engine.holdOut', () => {
  test('round(n·ratio) test flags, the same for the same seed, and the split the worker generates', () => {
    const a = engine.holdOut(200, 0.3, 7);
    assert.ok(a instanceof Uint8Array);
    assert.equal(a.length, 200);
    assert.equal(a.reduce((s, v) => s + v, 0), 60);
    assert.ok(a.every((v) => v === 0 || v === 1));
    assert.deepEqual(engine.holdOut(200, 0.3, 7), a);
    assert.notDeepEqual(engine.holdOut(200, 0.3, 8), a);
    assert.equal(engine.holdOut(0, 0.5, 1).length, 0);
    assert.equal(engine.holdOut(7, 1, 1).reduce((s, v) => s + v, 0), 7);
    const core = new TrainerCore(engine);
    const out = core.handle({ id: 1, type: 'configure', config: {
      network: { layers: [{ units: 2, activation: 'tanh' }], seed: 1 }, batchSize: 10, grid: { size: 2, neuronSize: 2 },
      data: { generate: { dataset: 'circle', n: 200, noise: 0, seed: 7, testRatio: 0.3 } },
    } })[0].message;
    assert.deepEqual(out.result.points.test, a);
    const split = core.handle({ id: 2, type: 'holdOut', n: 200, testRatio: 0.3, seed: 7 })[0].message;
    assert.deepEqual(split.result.test, a);
    core.dispose();
  });

  test('bad arguments name holdOut and the argument', () => {
    assert.throws(() => engine.holdOut(-1, 0.5, 1), { name: 'RangeError', message: /^holdOut: n must be an integer/ });
    assert.throws(() => engine.holdOut(2.5, 0.5, 1), { name: 'RangeError', message: /^holdOut: n/ });
    assert.throws(() => engine.holdOut(H.kMaxDatasetPoints + 1, 0.5, 1), { name: 'RangeError', message: /^holdOut: n/ });
    assert.throws(() => engine.holdOut('10', 0.5, 1), { name: 'TypeError', message: /^holdOut: n/ });
    assert.throws(() => engine.holdOut(10, 1.5, 1), { name: 'RangeError', message: /^holdOut: testRatio/ });
    assert.throws(() => engine.holdOut(10, NaN, 1), { name: 'RangeError', message: /^holdOut: testRatio/ });
    assert.throws(() => engine.holdOut(10, 0.5, -1), { name: 'RangeError', message: /^holdOut: seed/ });
  });
});

describe('createTrainWorker options (Node: checked before any Worker would start)', () => {
  const rejects = (options, name, message) => assert.rejects(createTrainWorker(options), (e) => {
    assert.equal(e.name, name);
    assert.match(e.message, message);
    return true;
  });

  test('a misspelt key, a coercible value or a non-boolean shared is a TypeError naming it', async () => {
    // A Worker that counts its constructions: none of these calls may get as far as starting one.
    let started = 0;
    globalThis.Worker = class { constructor() { started++; } };
    try {
      await rejects({ shard: true }, 'TypeError', /^createTrainWorker: options has an unknown key "shard" \(did you mean "shared"\?\)/);
      await rejects({ wasmurl: 'x.wasm' }, 'TypeError', /unknown key "wasmurl" \(did you mean "wasmUrl"\?\)/);
      await rejects({ wasmUrl: 5 }, 'TypeError', /^createTrainWorker: options\.wasmUrl must be a string or a URL, got 5/);
      await rejects({ wasmUrl: { href: 'x' } }, 'TypeError', /options\.wasmUrl/);
      await rejects({ wasmUrl: '' }, 'RangeError', /options\.wasmUrl must not be empty/);
      await rejects({ shared: 'yes' }, 'TypeError', /^createTrainWorker: options\.shared must be true or false, got the string "yes"/);
      await rejects({ shared: 1 }, 'TypeError', /options\.shared/);
      await rejects({ worker: {} }, 'TypeError', /options\.worker must be a Worker/);
      await rejects({ wasmModule: new Uint8Array(8) }, 'TypeError', /options\.wasmModule must be a WebAssembly\.Module, got a Uint8Array/);
      await rejects({ wasmModule: {}, wasmUrl: 'x.wasm' }, 'TypeError', /options\.wasmModule/);
      await rejects({ wasmmodule: 1 }, 'TypeError', /did you mean "wasmModule"/);
      await rejects(null, 'TypeError', /^createTrainWorker: options must be an object, got null/);
      await rejects('shared', 'TypeError', /options must be an object/);
      assert.equal(started, 0);
    } finally {
      delete globalThis.Worker;
    }
  });

  test('in Node, valid options reject with WorkerUnavailableError pointing to TrainerCore', async () => {
    assert.equal(typeof globalThis.Worker, 'undefined');
    for (const options of [undefined, {}, { shared: true }, { wasmUrl: new URL('file:///engine.wasm') }]) {
      await assert.rejects(createTrainWorker(options), (e) => {
        assert.ok(e instanceof WorkerUnavailableError);
        assert.match(e.message, /needs a browser Web Worker.*TrainerCore/);
        return true;
      });
    }
  });
});

describe('engine.featureGrid: the input features as the core computes them', () => {
  test('each feature over the grid, feature-major, top row first, against the formulas', () => {
    // Integer lattice points, so every coordinate and product is exact in float32.
    const grid = { x: [-2, 2], y: [-1, 1], width: 5, height: 3 };
    const names = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];
    const formulas = [(a) => a, (_, b) => b, (a) => a * a, (_, b) => b * b, (a, b) => a * b, (a) => Math.sin(a), (_, b) => Math.sin(b)];
    const all = engine.featureGrid(grid);
    assert.equal(all.length, names.length * 15);
    names.forEach((name, k) => {
      for (let r = 0; r < 3; r++) for (let c = 0; c < 5; c++) {
        const got = all[k * 15 + r * 5 + c], want = formulas[k](-2 + c, 1 - r);
        assert.ok(Math.abs(got - want) <= 1e-6, `${name} at column ${c}, row ${r}: ${got}, expected ${want}`);
      }
    });
    // A subset, in the order asked.
    const two = engine.featureGrid(grid, ['sin(x2)', 'x1']);
    assert.deepEqual([...two], [...all.subarray(6 * 15, 7 * 15), ...all.subarray(0, 15)]);
  });

  test('bad arguments name featureGrid', () => {
    const grid = { x: [-1, 1], y: [-1, 1], width: 2, height: 2 };
    assert.throws(() => engine.featureGrid(grid, ['x3']), { name: 'RangeError', message: /^featureGrid: features\[0\] must be one of x1, x2/ });
    assert.throws(() => engine.featureGrid(grid, []), { name: 'TypeError', message: /^featureGrid: features/ });
    assert.throws(() => engine.featureGrid({ ...grid, width: 0 }), { name: 'RangeError', message: /^featureGrid: grid\.width/ });
    assert.throws(() => engine.featureGrid({ ...grid, widht: 2 }), { name: 'TypeError', message: /^featureGrid: grid has an unknown key "widht" \(did you mean "width"\?\)/ });
    const before = engine.memory().allocatedBytes;
    engine.featureGrid(grid);
    assert.equal(engine.memory().allocatedBytes, before, 'the network featureGrid builds is freed');
  });
});
