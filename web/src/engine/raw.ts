// Types of the raw Embind module (web/src/engine/wasm/engine.mjs, built by CMake). Raw names start
// with `_`; only the wrappers in this folder call them.
export interface RawModule {
  _catalogue(): Array<{ name: string; label: string }>;
  _simdEnabled(): boolean;
  _forwardPtr(act: number, alpha: number, beta: number, theta: number, threshold: number, x: number, y: number, n: number): void;
  _derivativePtr(act: number, alpha: number, beta: number, theta: number, threshold: number, x: number, d: number, n: number): void;
  _memoryStats(): { allocatedBytes: number; mallocArenaBytes: number };
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
  [key: string]: unknown;
}

export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}
