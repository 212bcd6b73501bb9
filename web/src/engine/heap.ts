// Moving arrays across the JS/WASM boundary: once per call, never once per element.
// Inputs are copied into buffers on the wasm heap with one HEAPF32.set; results are copied out
// with one slice, so callers own them (a heap view would die when memory grows).
import { limitsOf } from './limits.js';
import type { RawModule } from './raw.js';

/** A float32 buffer on the wasm heap, freed with free(). */
export interface HeapF32 {
  /** Byte address on the wasm heap. */
  ptr: number;
  /** Length in floats. */
  length: number;
  /** A view of the buffer; only valid until the next call into the engine (memory may grow). */
  view(): Float32Array;
  /** A copy of the buffer's first n floats (default: all), which the caller owns. */
  copy(n?: number): Float32Array;
  free(): void;
}

/** Allocates n floats on the wasm heap (RangeError if the heap cannot grow that far). */
export function allocF32(raw: RawModule, n: number, what = 'array'): HeapF32 {
  // malloc takes a 32-bit size: above the heap's maximum (engine.limits) the byte count would wrap around.
  const max = limitsOf(raw).maxHeapBytes;
  if (n * 4 > max)
    throw new RangeError(`${what} must fit in the WebAssembly heap (at most ${max / 2 ** 20} MiB), got ${n} float32 values`);
  const bytes = Math.max(4, n * 4);
  const ptr = raw._malloc(bytes);
  if (!ptr) throw new RangeError(`${what} must fit in the WebAssembly heap, got ${n} float32 values (${(n * 4 / 2 ** 20).toFixed(0)} MiB) that do not`);
  const buf: HeapF32 = {
    ptr,
    length: n,
    view: () => new Float32Array(raw.HEAPF32.buffer, ptr, n),
    // The copy constructor is a plain memcpy into fresh memory; TypedArray.slice is slower in V8.
    copy: (m = n) => new Float32Array(new Float32Array(raw.HEAPF32.buffer, ptr, m)),
    free: () => raw._free(ptr),
  };
  return buf;
}

/** Copies src into a new heap buffer. */
export function toHeap(raw: RawModule, src: Float32Array, what = 'array'): HeapF32 {
  const buf = allocF32(raw, src.length, what);
  raw.HEAPF32.set(src, buf.ptr >>> 2);
  return buf;
}

/** Runs fn with heap buffers that are freed afterwards, whatever happens. */
export function withHeap<T>(bufs: HeapF32[], fn: () => T): T {
  try {
    return fn();
  } finally {
    for (const b of bufs) b.free();
  }
}

/**
 * A heap buffer that an owner reuses from call to call (a training loop calls fit and evaluate every
 * frame: no malloc and free each time). A buffer above `keep` floats is freed once the call is done,
 * so that one large call does not pin its memory.
 */
export class HeapStage {
  #raw: RawModule;
  #buf: HeapF32 | null = null;

  constructor(raw: RawModule, readonly keep = 1 << 16) {
    this.#raw = raw;
  }

  /** Copies src into the buffer (grown if needed) and returns its byte address. */
  put(src: Float32Array, what: string): number {
    if (!this.#buf || this.#buf.length < src.length) {
      this.free();
      this.#buf = allocF32(this.#raw, src.length, what);
    }
    this.#raw.HEAPF32.set(src, this.#buf.ptr >>> 2);
    return this.#buf.ptr;
  }

  /** After a call: frees the buffer if it is larger than `keep`. */
  trim(): void {
    if (this.#buf && this.#buf.length > this.keep) this.free();
  }

  free(): void {
    this.#buf?.free();
    this.#buf = null;
  }
}
