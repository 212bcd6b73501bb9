// Where engine.wasm's bytes come from, and its compilation ahead of the engine: compileEngine() starts
// one fetch and a streaming compile, so a page can overlap them with loading its other JS and then hand
// the compiled module to every createEngine({ wasmModule }) (the page's, its workers'). This module
// imports no Emscripten glue, so a page's first script can import it cheaply.
import { describe } from './errors.js';

/** The default engine.wasm: next to the package's JS (Vite recognises the pattern and emits the asset). */
export function defaultWasmUrl(): string {
  return new URL('./wasm/engine.wasm', import.meta.url).href;
}

/** Validates a wasmUrl option (`what` names it); returns it as an absolute URL string. */
export function checkWasmUrl(u: unknown, what: string): string {
  if (typeof u !== 'string' && !(u instanceof URL)) throw new TypeError(`${what} must be a string or a URL, got ${describe(u)}`);
  if (String(u) === '') throw new RangeError(`${what} must not be empty`);
  try {
    return new URL(String(u), import.meta.url).href;
  } catch {
    throw new RangeError(`${what} must be a valid URL, got ${describe(String(u))}`);
  }
}

/** Validates a wasmModule option (`what` names it): a compiled WebAssembly.Module, or a TypeError. */
export function checkWasmModule(m: unknown, what: string): WebAssembly.Module {
  if (!(m instanceof WebAssembly.Module)) throw new TypeError(`${what} must be a WebAssembly.Module, got ${describe(m)}`);
  return m;
}

export const isNode = typeof process === 'object' && !!(process as { versions?: { node?: string } }).versions?.node &&
  typeof (globalThis as { window?: unknown }).window === 'undefined';

/** Reads a file: or http(s): URL in Node (whose fetch cannot read file: URLs). */
export async function readInNode(url: string): Promise<Uint8Array> {
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
 * Fetches engine.wasm once (from `url`, default: next to the package's JS) and compiles it: streaming
 * (WebAssembly.compileStreaming) where the server sends `application/wasm`, from the whole body otherwise.
 * The module goes to `createEngine({ wasmModule })` and `createTrainWorker({ wasmModule })`, any number of
 * times. TypeError/RangeError for a bad `url`; rejects with an Error naming the URL when the file cannot be
 * fetched or compiled.
 */
export async function compileEngine(url?: string | URL): Promise<WebAssembly.Module> {
  const where = url === undefined ? defaultWasmUrl() : checkWasmUrl(url, 'compileEngine: url');
  const fail = (what: string, e: unknown): Error =>
    new Error(`compileEngine: cannot ${what} the engine's WebAssembly at ${where}: ${(e as Error)?.message ?? e}`);
  if (isNode) {
    let bytes: Uint8Array;
    try {
      bytes = await readInNode(where);
    } catch (e) {
      throw fail('read', e);
    }
    return WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>).catch((e) => { throw fail('compile', e); });
  }
  let response: Response;
  try {
    response = await fetch(where, { credentials: 'same-origin' });
  } catch (e) {
    throw fail('fetch', e);
  }
  if (!response.ok) throw fail('fetch', new Error(`HTTP ${response.status}`));
  const streaming = typeof WebAssembly.compileStreaming === 'function' &&
    /^application\/wasm\b/i.test(response.headers.get('content-type') ?? '');
  try {
    return streaming ? await WebAssembly.compileStreaming(response) : await WebAssembly.compile(await response.arrayBuffer());
  } catch (e) {
    throw fail('compile', e);
  }
}
