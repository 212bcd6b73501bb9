// One engine per page. Components and views ask for it here instead of loading the WASM module
// themselves, so any number of elements on a page share a single instance.
import { createEngine, type Engine } from '../engine/index.js';

let shared: Promise<Engine> | null = null;

/** The page's engine, created on the first call; later calls return the same promise. */
export function getEngine(): Promise<Engine> {
  shared ??= createEngine();
  return shared;
}

/** Uses an engine the page already has (e.g. created with a custom wasmUrl) for every component. */
export function provideEngine(engine: Engine | Promise<Engine>): void {
  shared = Promise.resolve(engine);
}
