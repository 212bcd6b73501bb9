// Types of the raw Embind module (web/src/engine/wasm/engine.mjs, built by CMake). Raw names start
// with `_`; only the wrappers in this folder call them.
export interface RawModule {
  _catalogue(): Array<{ name: string; label: string }>;
  _forward(name: string, params: object, x: Float32Array | number[]): Float32Array;
  _derivative(name: string, params: object, x: Float32Array | number[]): Float32Array;
  _simdEnabled(): boolean;
  HEAPU8: Uint8Array;
  [key: string]: unknown;
}

export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}
