// Loads the WASM module in Node 20+, in bundlers (Vite dev and build) and in plain
// <script type="module"> pages served without a bundler.
//
// Where engine.wasm comes from:
//  - browsers and workers: fetched (streaming compile) from `wasmUrl`, or by default from
//    `new URL('engine.wasm', import.meta.url)` inside wasm/engine.mjs, i.e. next to the glue; Vite
//    recognises that pattern and emits the .wasm as a hashed asset;
//  - Node: Node's fetch cannot read file:// URLs, so the bytes are read with fs (or fetched, for an
//    http(s) `wasmUrl`) and handed to the module as `wasmBinary`;
//  - anywhere: `wasmBinary` skips the lookup.
import createModule from './wasm/engine.mjs';
import { checkOptions, describe } from './errors.js';
import type { ModuleOptions, RawModule } from './raw.js';

/** Options of {@link createEngine}. All optional; unknown keys are a TypeError. */
export interface EngineOptions {
  /**
   * Where engine.wasm lives, for bundlers and CDNs that move it (absolute, or relative to the package's
   * dist/index.js). Default: `wasm/engine.wasm` next to the package's JS, which Vite handles by itself.
   */
  wasmUrl?: string | URL;
  /** The bytes of engine.wasm, if the caller already has them (then nothing is fetched). */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

const OPTIONS = ['wasmUrl', 'wasmBinary'] as const;
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

const isNode = typeof process === 'object' && !!(process as { versions?: { node?: string } }).versions?.node &&
  typeof (globalThis as { window?: unknown }).window === 'undefined';

/** Validates createEngine's options; returns them normalized (wasmUrl as a URL string, wasmBinary as bytes). */
export function checkEngineOptions(options: unknown): { wasmUrl?: string; wasmBinary?: Uint8Array } {
  const o = checkOptions(options, 'createEngine: options', OPTIONS);
  const out: { wasmUrl?: string; wasmBinary?: Uint8Array } = {};
  if (o.wasmUrl !== undefined && o.wasmBinary !== undefined)
    throw new TypeError('createEngine: options must give wasmUrl or wasmBinary, not both');
  if (o.wasmUrl !== undefined) {
    const u = o.wasmUrl;
    if (typeof u !== 'string' && !(u instanceof URL))
      throw new TypeError(`createEngine: options.wasmUrl must be a string or a URL, got ${describe(u)}`);
    if (String(u) === '') throw new RangeError('createEngine: options.wasmUrl must not be empty');
    try {
      out.wasmUrl = new URL(String(u), import.meta.url).href;
    } catch {
      throw new RangeError(`createEngine: options.wasmUrl must be a valid URL, got ${describe(String(u))}`);
    }
  }
  if (o.wasmBinary !== undefined) {
    const b = o.wasmBinary;
    let bytes: Uint8Array;
    if (b instanceof ArrayBuffer) bytes = new Uint8Array(b);
    else if (b instanceof Uint8Array) bytes = b;
    else throw new TypeError(`createEngine: options.wasmBinary must be an ArrayBuffer or a Uint8Array, got ${describe(b)}`);
    if (bytes.length < 8 || WASM_MAGIC.some((m, i) => bytes[i] !== m))
      throw new RangeError('createEngine: options.wasmBinary must be a WebAssembly module (starting with the bytes ' +
                           `00 61 73 6d), got ${bytes.length} bytes that are not`);
    out.wasmBinary = bytes;
  }
  return out;
}

/** Reads a file: or http(s): URL in Node. */
async function readInNode(url: string): Promise<Uint8Array> {
  if (url.startsWith('file:')) {
    // The module name is a variable so that bundlers leave this branch (never run in a browser) alone.
    const fsName = 'node:fs/promises';
    const { readFile } = await import(/* @vite-ignore */ fsName);
    return readFile(new URL(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Instantiates the raw Embind module. Validates `options` first (TypeError/RangeError naming the option);
 * a .wasm that cannot be fetched or compiled is an Error naming the URL.
 */
export async function loadModule(options?: EngineOptions): Promise<RawModule> {
  const { wasmUrl, wasmBinary } = checkEngineOptions(options);
  const opts: ModuleOptions = {};
  const where = wasmUrl ?? new URL('./wasm/engine.wasm', import.meta.url).href;
  if (wasmBinary) {
    opts.wasmBinary = wasmBinary;
  } else if (isNode) {
    try {
      opts.wasmBinary = await readInNode(where);
    } catch (e) {
      throw new Error(`createEngine: cannot read the engine's WebAssembly from ${where}: ${(e as Error).message}`);
    }
  } else if (wasmUrl) {
    opts.locateFile = (path) => (path.endsWith('.wasm') ? wasmUrl : path);
  }
  try {
    return (await createModule(opts)) as RawModule;
  } catch (e) {
    const from = opts.wasmBinary ? 'the given bytes' : wasmUrl ?? 'wasm/engine.wasm next to the package\'s JS';
    throw new Error(`createEngine: cannot load the engine's WebAssembly from ${from}: ${(e as Error)?.message ?? e}`);
  }
}
