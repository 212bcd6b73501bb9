// Type-checked (tsc --strict --noEmit) against the installed package's .d.ts files: ordinary use must
// compile, and each @ts-expect-error line must really be an error (tsc fails on an unused one), which
// proves the types are precise rather than `any`.
import { createEngine, type Engine, type EngineOptions, type MemoryStats } from 'activation-playground';

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
