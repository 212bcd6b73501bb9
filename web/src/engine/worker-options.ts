// createTrainWorker's options and their one check (errors.ts helpers): it runs before any Worker exists,
// so a misspelt key or a value of the wrong type is a TypeError naming it, in a browser and in Node alike.
import { checkWasmModule } from './compile.js';
import { checkBoolean, checkOptions, describe } from './errors.js';

/** Options of {@link createTrainWorker}. Unknown keys and values of another type are a TypeError. */
export interface TrainWorkerOptions {
  /** Where engine.wasm lives, if a bundler moved it (passed to createEngine inside the worker). */
  wasmUrl?: string | URL;
  /**
   * engine.wasm compiled already (compileEngine; the page's own): posted to the worker, which then
   * fetches nothing. Not with wasmUrl.
   */
  wasmModule?: WebAssembly.Module;
  /** A worker already running worker-entry.js (for bundlers that need to start it themselves). */
  worker?: Worker;
  /**
   * Share one Worker (and its engine) with the page's other shared sessions of the same wasmUrl, each
   * with its own network (default false: a Worker of its own). Shared sessions take turns in one
   * thread, so a long step() of one delays the others' frames; <ap-playground> elements share.
   * Not with `worker` (a worker you started is yours alone).
   */
  shared?: boolean;
}

/** The options checked, wasmUrl as a string. */
export interface CheckedWorkerOptions {
  wasmUrl: string | undefined;
  wasmModule: WebAssembly.Module | undefined;
  worker: Worker | undefined;
  shared: boolean;
}

const KEYS = ['wasmUrl', 'wasmModule', 'worker', 'shared'] as const;

export function checkWorkerOptions(options: unknown): CheckedWorkerOptions {
  const what = 'createTrainWorker: options';
  const o = checkOptions(options, what, KEYS);
  const url = o.wasmUrl;
  let wasmUrl: string | undefined;
  if (url === undefined || typeof url === 'string') wasmUrl = url;
  else if (typeof URL === 'function' && url instanceof URL) wasmUrl = url.href;
  else throw new TypeError(`${what}.wasmUrl must be a string or a URL, got ${describe(url)}`);
  if (wasmUrl === '') throw new RangeError(`${what}.wasmUrl must not be empty (leave it out for the default)`);
  const wasmModule = o.wasmModule === undefined ? undefined : checkWasmModule(o.wasmModule, `${what}.wasmModule`);
  if (wasmModule && wasmUrl !== undefined) throw new TypeError(`${what} must give wasmUrl or wasmModule, not both`);
  const w = o.worker as { postMessage?: unknown; terminate?: unknown } | undefined;
  if (w !== undefined && (w === null || typeof w !== 'object' || typeof w.postMessage !== 'function' || typeof w.terminate !== 'function'))
    throw new TypeError(`${what}.worker must be a Worker running worker-entry.js, got ${describe(w)}`);
  const shared = o.shared === undefined ? false : checkBoolean(o.shared, `${what}.shared`);
  if (shared && w !== undefined)
    throw new TypeError(`${what}: shared and worker cannot be combined (only Workers createTrainWorker starts are shared)`);
  return { wasmUrl, wasmModule, worker: w as Worker | undefined, shared };
}
