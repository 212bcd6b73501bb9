// createEngine, the public way to load an engine: the engine with its training half (training.ts).
import { type Engine, loadEngine } from './engine.js';
import type { EngineOptions } from './load.js';
import { useTraining } from './training.js';

/**
 * Loads the WASM engine: in Node it reads engine.wasm from the package, in browsers and workers it fetches it
 * (see {@link EngineOptions} for bundlers and CDNs that move it). Each call makes an independent engine with its
 * own heap. Rejects with a TypeError/RangeError naming the option for bad options, and with an Error naming the
 * URL when the .wasm cannot be fetched or compiled.
 */
export async function createEngine(options?: EngineOptions): Promise<Engine> {
  useTraining();
  return loadEngine(options);
}
