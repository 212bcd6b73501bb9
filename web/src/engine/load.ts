// Loads the WASM module in Node 20+, in bundlers (Vite dev and build) and in plain
// <script type="module"> pages served without a bundler.
//
// Where engine.wasm comes from:
//  - browsers and workers: fetched (streaming compile) from `wasmUrl`, or by default from
//    `new URL('engine.wasm', import.meta.url)` inside wasm/engine.mjs, i.e. next to the glue; Vite
//    recognises that pattern and emits the .wasm as a hashed asset;
//  - Node: Node's fetch cannot read file:// URLs, so the bytes are read with fs (or fetched, for an
//    http(s) `wasmUrl`) and handed to the module as `wasmBinary`;
//  - anywhere: `wasmBinary` skips the lookup, and `wasmModule` (from compileEngine, see compile.ts) skips
//    the fetch and the compile too.
import { checkWasmModule, checkWasmUrl, defaultWasmUrl, isNode, readInNode } from './compile.js';
import createModule from './wasm/engine.mjs';
import { checkOptions, describe } from './errors.js';
import type { ModuleOptions, RawModule } from './raw.js';
import { restoreStackOnThrow } from './stack.js';

/** Options of {@link createEngine}. All optional; unknown keys are a TypeError. */
export interface EngineOptions {
  /**
   * Where engine.wasm lives, for bundlers and CDNs that move it (absolute, or relative to the package's
   * dist/index.js). Default: `wasm/engine.wasm` next to the package's JS, which Vite handles by itself.
   */
  wasmUrl?: string | URL;
  /** The bytes of engine.wasm, if the caller already has them (then nothing is fetched). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /**
   * engine.wasm already compiled (e.g. by compileEngine, once for a page): only instantiated, nothing
   * fetched. A module of another build of the engine is rejected when it is instantiated.
   */
  wasmModule?: WebAssembly.Module;
}

const OPTIONS = ['wasmUrl', 'wasmBinary', 'wasmModule'] as const;
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Validates createEngine's options; returns them normalized (wasmUrl as a URL string, wasmBinary as bytes). */
export function checkEngineOptions(options: unknown): { wasmUrl?: string; wasmBinary?: Uint8Array; wasmModule?: WebAssembly.Module } {
  const o = checkOptions(options, 'createEngine: options', OPTIONS);
  const out: { wasmUrl?: string; wasmBinary?: Uint8Array; wasmModule?: WebAssembly.Module } = {};
  const given = OPTIONS.filter((k) => o[k] !== undefined);
  if (given.length > 1) throw new TypeError(`createEngine: options must give one of wasmUrl, wasmBinary, wasmModule, not ${given.join(' and ')}`);
  if (o.wasmUrl !== undefined) out.wasmUrl = checkWasmUrl(o.wasmUrl, 'createEngine: options.wasmUrl');
  if (o.wasmModule !== undefined) out.wasmModule = checkWasmModule(o.wasmModule, 'createEngine: options.wasmModule');
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

/** Why a compiled module cannot be this glue's engine.wasm (another build, or not the engine), or ''. */
function notThisEngine(module: WebAssembly.Module, imports: WebAssembly.Imports): string {
  const missing = WebAssembly.Module.imports(module).filter((i) => imports[i.module]?.[i.name] === undefined);
  if (missing.length) return `it imports ${missing.map((i) => `${i.module}.${i.name}`).slice(0, 3).join(', ')}, which this build does not provide`;
  if (!WebAssembly.Module.exports(module).some((e) => e.kind === 'memory')) return 'it exports no memory (it is not the engine)';
  return '';
}

/**
 * Instantiates the raw Embind module. Validates `options` first (TypeError/RangeError naming the option);
 * a .wasm that cannot be fetched or compiled is an Error naming the URL.
 */
export async function loadModule(options?: EngineOptions): Promise<RawModule> {
  const { wasmUrl, wasmBinary, wasmModule } = checkEngineOptions(options);
  const opts: ModuleOptions = {};
  const where = wasmUrl ?? defaultWasmUrl();
  // The glue has no way to report a failed instantiateWasm, so its failure races the module's promise.
  let instantiated: Promise<never> | null = null;
  if (wasmModule) {
    instantiated = new Promise<never>((_, fail) => {
      opts.instantiateWasm = (imports, receive) => {
        const wrong = notThisEngine(wasmModule, imports);
        if (wrong) fail(new Error(wrong));
        else WebAssembly.instantiate(wasmModule, imports).then((instance) => receive(instance, wasmModule)).catch(fail);
        return {};
      };
    });
  } else if (wasmBinary) {
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
    const module = createModule(opts) as Promise<RawModule>;
    const raw = await (instantiated ? Promise.race([module, instantiated]) : module);
    restoreStackOnThrow(raw);
    return raw;
  } catch (e) {
    const from = wasmModule ? 'the given module' : opts.wasmBinary ? 'the given bytes' : wasmUrl ?? 'wasm/engine.wasm next to the package\'s JS';
    throw new Error(`createEngine: cannot load the engine's WebAssembly from ${from}: ${(e as Error)?.message ?? e}`);
  }
}
