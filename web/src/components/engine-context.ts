// One engine per page. Components and views ask for it here instead of loading the WASM module
// themselves, so any number of elements on a page share a single instance, and engine.wasm is fetched
// and compiled once: the page's engine and its training workers instantiate the same compiled module.
// This module imports the engine's JS only when the engine is first asked for, so the embed script can
// start the .wasm download (prefetchEngine) before any element's code has arrived; and the engine's
// training half (engine/training.ts: networks, data sets, ONNX) only for those who ask for it
// (getEngine({ training: true })), so that a page of activation plots never loads it.
import { compileEngine } from '../engine/compile.js';
import type { Engine } from '../engine/index.js';

let shared: Promise<Engine> | null = null;
/** The page's compiled engine.wasm, when this module fetched it (not after provideEngine). */
let compiled: Promise<WebAssembly.Module> | null = null;

/**
 * Starts the one fetch and streaming compile of the default engine.wasm now, for the engine getEngine()
 * makes later. Does nothing once the page has an engine (its own, through provideEngine, or a started one).
 */
export function prefetchEngine(): void {
  if (!shared) compiled ??= compileEngine();
}

let training: Promise<void> | null = null;

/**
 * Starts the page's engine with `load` (engine.ts's loadEngine, which the caller has already loaded) once
 * engine.wasm is compiled, unless the page has an engine already (its own, or a started one): the embed's
 * shared chunk calls it when it arrives, so the engine is instantiated while the first element renders.
 */
export function startEngine(load: (options: { wasmModule: WebAssembly.Module }) => Promise<Engine>): void {
  if (!shared) shared = (compiled ??= compileEngine()).then((wasmModule) => load({ wasmModule }));
}

/**
 * The page's engine, created on the first call; later calls return the same engine. With `training`, it
 * resolves once the engine's training methods (network, dataset, holdOut, featureGrid, loadNetwork,
 * loadONNX) work: a component that calls them asks so.
 */
export function getEngine({ training: withTraining = false }: { training?: boolean } = {}): Promise<Engine> {
  if (!shared) {
    const module = compiled ??= compileEngine();
    shared = Promise.all([module, import('../engine/engine.js')])
      .then(([wasmModule, { loadEngine }]) => loadEngine({ wasmModule }));
  }
  if (!withTraining) return shared;
  if (!training) {
    training = import('../engine/training.js').then((m) => m.useTraining());
    training.catch(() => { training = null; });  // a chunk that failed to load is tried again next time
  }
  return Promise.all([shared, training]).then(([engine]) => engine);
}

/** Uses an engine the page already has (e.g. created with a custom wasmUrl) for every component. */
export function provideEngine(engine: Engine | Promise<Engine>): void {
  shared = Promise.resolve(engine);
  compiled = null;
}

/**
 * What a training worker of the page passes to createTrainWorker so that it instantiates the page's
 * compiled engine.wasm instead of fetching it again: `{ wasmModule }`, or `{}` when the page's engine
 * came from provideEngine or its .wasm failed to compile (the worker then loads its own, and reports
 * its own error).
 */
export async function workerEngineOptions(): Promise<{ wasmModule?: WebAssembly.Module }> {
  const module = compiled;
  if (!module) return {};
  try {
    return { wasmModule: await module };
  } catch {
    return {};
  }
}
