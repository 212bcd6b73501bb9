// WASM memory: what owns it is freed by dispose() (or [Symbol.dispose]), a FinalizationRegistry frees
// what was dropped without dispose(), and a disposed object refuses every call with a TypeError.
// engine.memory().allocatedBytes (malloc's bytes in use) must come back to its starting value.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { before, describe, test } from 'node:test';

import { createEngine } from '../../dist/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

let engine;
before(async () => {
  engine = await createEngine();
});

const spec = (seed) => ({
  layers: [{ units: 8, activation: 'relu' }, { units: 8, activation: 'sigmoid' }],
  output: { units: 1, activation: 'sigmoid' },
  optimizer: { name: 'adam', learningRate: 0.01 },
  seed,
});
const xor = { x: new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]), y: new Float32Array([0, 1, 1, 0]) };

/** Collects garbage and lets FinalizationRegistry callbacks run (they are queued as tasks after a GC). */
async function collect(rounds = 5) {
  for (let i = 0; i < rounds; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('memory', () => {
  test('creating, training and disposing 10,000 networks leaves the heap where it started', () => {
    const use = (net) => {
      net.fit(xor.x, xor.y, { epochs: 1, batchSize: 4 });
      net.predictGrid({ x: [-1, 1], y: [-1, 1], width: 16, height: 16 });
    };
    // One network first, so that one-time allocations (scratch buffers, caches) are not counted as leaks.
    const first = engine.network(spec(0));
    use(first);
    first.dispose();
    const start = engine.memory();
    for (let i = 0; i < 10_000; i++) {
      const net = engine.network(spec(i));
      if (i % 100 === 0) use(net);
      net.dispose();
    }
    const end = engine.memory();
    assert.equal(end.allocatedBytes, start.allocatedBytes);
    assert.equal(end.heapBytes, start.heapBytes, 'the WASM memory grew');
  });

  test('networks dropped without dispose() are freed by the FinalizationRegistry backstop', async () => {
    await collect();
    const start = engine.memory().allocatedBytes;
    for (let i = 0; i < 2000; i++) engine.network(spec(i));
    const held = engine.memory().allocatedBytes - start;
    assert.ok(held > 2000 * 8 * 8 * 4, `2000 networks hold only ${held} bytes`);
    await collect();
    const left = engine.memory().allocatedBytes - start;
    // The collector decides when to run; everything it found unreachable must be back.
    assert.ok(left <= held * 0.05, `${left} of ${held} bytes still allocated after collection`);
  });

  test('dispose() is idempotent, [Symbol.dispose] disposes, and a disposed network refuses every call', () => {
    const warm = engine.network(spec(1));  // the engine's result buffer for predict grows once, and stays
    warm.predict(xor.x);
    warm.dispose();
    const start = engine.memory().allocatedBytes;
    const net = engine.network(spec(1));
    assert.equal(net.disposed, false);
    net.dispose();
    net.dispose();
    assert.equal(net.disposed, true);
    const calls = {
      fit: () => net.fit(xor.x, xor.y),
      evaluate: () => net.evaluate(xor.x, xor.y),
      predict: () => net.predict(xor.x),
      predictGrid: () => net.predictGrid({ x: [0, 1], y: [0, 1], width: 2, height: 2 }),
      getWeights: () => net.getWeights(),
      gradients: () => net.gradients(xor.x, xor.y),
      toJSON: () => net.toJSON(),
      epoch: () => net.epoch,
    };
    for (const [name, call] of Object.entries(calls))
      assert.throws(call, (e) => e instanceof TypeError && e.message.startsWith(`network.${name}:`) && /disposed/.test(e.message),
                    name);

    assert.equal(typeof Symbol.dispose, 'symbol', 'Node 20 defines Symbol.dispose');
    const other = engine.network(spec(2));
    other[Symbol.dispose]();
    assert.equal(other.disposed, true);
    const third = engine.network(spec(3));
    assert.equal(third.predict(xor.x).length, 4, 'the engine keeps working');
    third.dispose();
    assert.equal(engine.memory().allocatedBytes, start, 'a network of this test was not freed');
  });

  test('a failed call frees its scratch buffers', () => {
    // The engine keeps the text of its last error message: let it reach its size first.
    const first = engine.network(spec(4));
    assert.throws(() => first.fit(new Float32Array(2000), new Float32Array(1000).fill(2)), RangeError);
    first.dispose();
    const before = engine.memory().allocatedBytes;
    const net = engine.network(spec(4));
    // A network keeps the heap copy of its last x and y for the next call: measure from there.
    assert.throws(() => net.fit(new Float32Array(2000), new Float32Array(1000).fill(2)), RangeError);
    const start = engine.memory().allocatedBytes;
    for (let i = 0; i < 100; i++) {
      assert.throws(() => net.fit(new Float32Array(2000), new Float32Array(999)), RangeError);
      assert.throws(() => net.fit(new Float32Array(2000), new Float32Array(1000).fill(2)), RangeError);
      assert.throws(() => net.predictGrid({ x: [0, 1], y: [0, 1], width: 1e9, height: 1 }), RangeError);
    }
    assert.equal(engine.memory().allocatedBytes, start);
    net.dispose();
    assert.equal(engine.memory().allocatedBytes, before);
  });

  // The engine is built without C++ exceptions, where libc++'s operator new aborts the module when
  // malloc fails; the bindings replace it (cpp/bindings/memory.cc). 4096 x 4096 points x 16 units is
  // exactly engine.limits.maxHeapBytes of floats: within the checks of the arguments, beyond the heap.
  test('a result the heap cannot hold is a RangeError naming the call, and the engine keeps working', async () => {
    const fresh = await createEngine();
    const net = fresh.network({ layers: [{ units: 16, activation: 'relu' }], seed: 3 });
    const grid = { x: [0, 1], y: [0, 1], width: fresh.limits.maxGridSide, height: fresh.limits.maxGridSide };
    assert.equal(grid.width * grid.height * 16 * 4, fresh.limits.maxHeapBytes);
    assert.throws(() => net.layerOutputsGrid(0, grid), (e) => e instanceof RangeError &&
      e.message === 'network.layerOutputsGrid: out of memory: the request is too large for the WebAssembly heap (at most engine.limits.maxHeapBytes)');
    const twin = engine.network({ layers: [{ units: 16, activation: 'relu' }], seed: 3 });
    assert.deepEqual(net.predict(Float32Array.of(0.5, -1)), twin.predict(Float32Array.of(0.5, -1)));
    assert.equal(fresh.dataset('circle', { n: 10 }).n, 10);
    twin.dispose();
    net.dispose();
  });

  test('a large batch does not keep its heap copy after the call', () => {
    const net = engine.network(spec(5));
    const n = 200_000;
    const small = () => net.evaluate(new Float32Array(20), new Float32Array(10));
    net.predict(new Float32Array(2 * n));  // grows the engine's result buffer, which it keeps
    small();
    const start = engine.memory().allocatedBytes;
    net.evaluate(new Float32Array(2 * n).map((_, i) => (i % 7) - 3), new Float32Array(n).fill(1));
    net.predict(new Float32Array(2 * n));
    small();  // reuses the small copies if the large ones were kept
    assert.equal(engine.memory().allocatedBytes, start);
    net.dispose();
  });

  test('creating and using 20,000 activations (every catalogue entry, each parameter edge, a formula) leaves the heap where it started', () => {
    engine.defineActivation({ name: 'memory_probe', formula: 'x * sigmoid(a * x)', params: { a: { default: 1, min: 0, max: 4 } } });
    const variants = [{ name: 'memory_probe', params: { a: 3 } }];
    for (const info of engine.activations)
      variants.push({ name: info.name, params: {} },
                    ...Object.entries(info.params).map(([k, m]) => ({ name: info.name, params: { [k]: m.max } })));
    const x = Float32Array.of(-2, -0.5, 0, 0.5, 2);
    const use = ({ name, params }) => {
      const act = engine.activation(name, params);
      act.forward(x);
      act.valueAndDerivative(x);
      act.forward(0.25);
    };
    variants.forEach(use);  // one-time allocations (a formula's first evaluation, result buffers) first
    const start = engine.memory().allocatedBytes;
    for (let i = 0; i < 20_000; i++) use(variants[i % variants.length]);
    assert.equal(engine.memory().allocatedBytes, start);
  });

  test('activations leave nothing behind after large batches', () => {
    const start = engine.memory().allocatedBytes;
    const x = new Float32Array(1 << 20).map((_, i) => (i % 200) / 10 - 10);
    for (const name of ['relu', 'sigmoid']) {
      const act = engine.activation(name);
      for (let i = 0; i < 20; i++) {
        act.forward(x);
        act.derivative(x);
      }
    }
    assert.equal(engine.memory().allocatedBytes, start);
  });

  // Found by bench/fuzz.mjs: a C++ error reaches JS as an exception thrown inside the wasm call, and the
  // wasm frames it unwound kept their part of the 5 MiB shadow stack (80-160 bytes a call), until the stack
  // ran into the static data below it and a deep call corrupted malloc's globals (see web/src/engine/stack.ts).
  describe('the wasm stack after failed calls', () => {
    const grid = { x: [0, 1], y: [0, 1], width: 3, height: 3 };
    const failing = (net, relu) => [() => net.predictGrid(grid), () => net.layerOutputsGrid(0, grid), () => relu.linearMap(),
      () => relu.layerOutputs(0, Float32Array.of(1, 2, 3))];

    test('a call that the C++ core refuses leaves the stack pointer where it was', () => {
      const net = engine.network({ inputs: 3, layers: [{ units: 3, activation: 'relu' }] });
      const relu = engine.network({ layers: [{ units: 3, activation: 'relu' }] });
      const sp = engine.raw.stackSave();  // internal: the module's shadow stack pointer
      for (const call of failing(net, relu)) {
        for (let i = 0; i < 100; i++) assert.throws(call, RangeError);
        assert.equal(engine.raw.stackSave(), sp, String(call));
      }
      net.dispose();
      relu.dispose();
    });

    test('after 40,000 refused calls a formula nested 300 levels deep still parses and the heap is intact', async () => {
      const fresh = await createEngine();
      const net = fresh.network({ inputs: 3, layers: [{ units: 3, activation: 'relu' }] });
      assert.throws(() => net.predictGrid(grid), RangeError);  // the engine keeps the last error's text
      net.predict(Float32Array.of(0.5, -1, 2));  // and one buffer for results, which the refused calls never reach
      const start = fresh.memory().allocatedBytes;
      for (let i = 0; i < 40_000; i++) assert.throws(() => net.predictGrid(grid), RangeError);
      const deep = `${'-('.repeat(300)}x${')'.repeat(300)}`;
      assert.deepEqual(fresh.checkFormula(deep), engine.checkFormula(deep));
      assert.equal(fresh.memory().allocatedBytes, start);
      const relu = fresh.network({ layers: [{ units: 3, activation: 'relu' }], seed: 1 });
      const twin = engine.network({ layers: [{ units: 3, activation: 'relu' }], seed: 1 });
      assert.deepEqual(relu.predict(Float32Array.of(0.5, -1)), twin.predict(Float32Array.of(0.5, -1)));
      relu.dispose();
      twin.dispose();
      assert.equal(fresh.memory().allocatedBytes, start);
      net.dispose();
    });
  });
});
