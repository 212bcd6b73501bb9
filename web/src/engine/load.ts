// Loads the WASM module in Node, in bundlers (Vite) and in plain <script type="module"> pages.
import createModule from './wasm/engine.mjs';
import type { ModuleOptions, RawModule } from './raw.js';

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Where engine.wasm lives, for bundlers and CDNs that move it. Defaults to next to the JS module. */
  wasmUrl?: string | URL;
  /** The bytes of engine.wasm, if the caller already has them. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

const isNode = typeof process === 'object' && !!(process as { versions?: { node?: string } }).versions?.node &&
  typeof (globalThis as { window?: unknown }).window === 'undefined';

/** Instantiates the raw Embind module. */
export async function loadModule(options: EngineOptions = {}): Promise<RawModule> {
  const opts: ModuleOptions = {};
  if (options.wasmBinary !== undefined) opts.wasmBinary = options.wasmBinary;
  if (options.wasmUrl !== undefined) {
    const url = String(options.wasmUrl);
    opts.locateFile = (path) => (path.endsWith('.wasm') ? url : path);
  }
  if (isNode && !opts.wasmBinary) {
    // Node's fetch cannot read file:// URLs, so hand the bytes over. The module name is a variable
    // so that bundlers leave this branch (which never runs in a browser) alone.
    const fsName = 'node:fs/promises';
    const { readFile } = await import(/* @vite-ignore */ fsName);
    const where = options.wasmUrl !== undefined ? new URL(String(options.wasmUrl), import.meta.url)
                                                 : new URL('./wasm/engine.wasm', import.meta.url);
    opts.wasmBinary = await readFile(where);
    delete opts.locateFile;
  }
  return (await createModule(opts)) as RawModule;
}
