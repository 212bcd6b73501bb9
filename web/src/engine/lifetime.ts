// Lifetimes of JS objects that own WebAssembly memory (networks, anything holding a C++ object).
//
// WASM memory is not garbage-collected: a C++ object lives until something frees it. Owners free
// it in dispose() (also reachable as [Symbol.dispose], so `using net = engine.network(...)` works).
// A FinalizationRegistry is the backstop for owners that are dropped without dispose(): when the
// owner is collected, its free function runs. The backstop is not a substitute for dispose():
// collection may come late or never (the WASM heap does not put pressure on the JS collector).
import { disposedError } from './errors.js';

// The held value is the free function, which must not reference the owner (or it would never be
// collected). The unregister token is the Lifetime itself, which the owner holds.
const registry = new FinalizationRegistry<() => void>((free) => {
  try {
    free();
  } catch {
    // A finalizer has nobody to report to; the engine may already be gone.
  }
});

/**
 * The WASM-memory lifetime of one owner. Owners create one in their constructor, call {@link check}
 * at the top of every method, and {@link dispose} from their own dispose().
 *
 * ```ts
 * class Network {
 *   #life: Lifetime;
 *   constructor(raw: RawNet) { this.#life = new Lifetime(this, () => raw.delete(), 'network'); }
 *   predict(x) { this.#life.check('predict'); ... }
 *   dispose() { this.#life.dispose(); }
 *   [Symbol.dispose]() { this.dispose(); }
 * }
 * ```
 */
export class Lifetime {
  #free: (() => void) | null;

  /**
   * @param owner - the JS object whose collection triggers the backstop.
   * @param free - releases the WASM memory; must not reference `owner`. Runs at most once.
   * @param what - the owner's name in error messages, e.g. "network".
   */
  constructor(owner: object, free: () => void, readonly what: string) {
    this.#free = free;
    registry.register(owner, free, this);
  }

  /** False once disposed. */
  get alive(): boolean {
    return this.#free !== null;
  }

  /** Throws a TypeError "<what>.<method>: this object was disposed ..." once disposed. */
  check(method: string): void {
    if (this.#free === null) throw disposedError(`${this.what}.${method}`);
  }

  /** Frees the WASM memory now. Calling it again does nothing. */
  dispose(): void {
    const free = this.#free;
    if (free === null) return;
    this.#free = null;
    registry.unregister(this);
    free();
  }
}

/**
 * Gives `cls` a `[Symbol.dispose]` method that calls `cls.prototype[method]` (so `using x = ...` works),
 * where the runtime has Symbol.dispose (Node from 20.4, browsers with `using`); elsewhere it adds nothing. The classes
 * declare the method in an interface of the same name, typed by TypeScript's esnext.disposable lib,
 * which index.ts references for consumers.
 */
export function makeDisposable(cls: { prototype: object }, method: string): void {
  const key = (Symbol as { dispose?: symbol }).dispose;
  if (!key) return;
  Object.defineProperty(cls.prototype, key, {
    value(this: Record<string, () => void>) {
      this[method]();
    },
    writable: true,
    configurable: true,
  });
}
