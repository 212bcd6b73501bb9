// The activation API against the real WASM build (dist/, as npm users get it).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { createEngine } from '../../dist/index.js';

let engine;
before(async () => {
  engine = await createEngine();
});

describe('engine', () => {
  test('runs the SIMD128 build', () => {
    assert.equal(engine.simd, true);
  });

  test('lists the catalogue with names and labels', () => {
    const names = engine.activations.map((a) => a.name);
    for (const n of ['identity', 'relu', 'sigmoid']) assert.ok(names.includes(n), n);
  });
});

describe('activation', () => {
  test('relu forward and derivative on an array and on a number', () => {
    const relu = engine.activation('relu');
    assert.deepEqual([...relu.forward([-2, -0.5, 0, 0.5, 2])], [0, 0, 0, 0.5, 2]);
    assert.deepEqual([...relu.derivative(new Float32Array([-1, 0, 3]))], [0, 0, 1]);
    assert.equal(relu.forward(-3), 0);
    assert.equal(relu.derivative(4), 1);
  });

  test('sigmoid derivative stays positive far in the left tail', () => {
    const s = engine.activation('sigmoid');
    const d = s.derivative(-80);
    const exact = Math.exp(-80) / (1 + Math.exp(-80)) ** 2;
    assert.ok(Math.abs(d - exact) <= 1e-6 * exact, `${d} vs ${exact}`);
  });

  test('unknown name is a RangeError naming the argument, and the engine keeps working', () => {
    assert.throws(() => engine.activation('nope'), (e) => e instanceof RangeError && /activation: name/.test(e.message));
    assert.throws(() => engine.activation(42), (e) => e instanceof TypeError && /activation: name/.test(e.message));
    assert.equal(engine.activation('relu').forward(1), 1);
  });

  test('a non-numeric array element is a TypeError naming the index', () => {
    assert.throws(() => engine.activation('relu').forward([1, 'x']), (e) => e instanceof TypeError && /x\[1\]/.test(e.message));
  });
});
