// The engine's C++ errors reach JS as JS exceptions thrown from inside the WebAssembly call
// (cpp/bindings/js_error.cc). The wasm frames such an exception unwinds without a landing pad (the
// Embind invoker, the bound function) do not put the shadow stack pointer back, so before this every
// failed call kept 80 to 160 bytes of the 5 MiB wasm stack: after some 40,000 failed calls the stack
// reached the static data below it, and a deep call (a formula nested 300 levels) overwrote malloc's
// and the bindings' globals, which corrupted the heap (bench/fuzz.mjs found it after 145,000 cases).
// Every entry point of the raw module therefore puts back, when it throws, the stack pointer it found.
import type { RawModule } from './raw.js';

/** The module's own helpers, which never throw (and _malloc/_free are called inside Embind's conversions). */
const UNGUARDED = new Set(['_malloc', '_free', '_emmalloc_validate_memory_regions', '_emscripten_stack_get_current']);

/** Wraps the Embind functions (`_name`) and the methods of the Mlp class of `raw` in place. */
export function restoreStackOnThrow(raw: RawModule): void {
  const { stackSave, stackRestore } = raw;
  const guard = (f: (...a: unknown[]) => unknown) => function (this: unknown, ...a: unknown[]): unknown {
    const sp = stackSave();
    try {
      return f.apply(this, a);
    } catch (e) {
      stackRestore(sp);
      throw e;
    }
  };
  const record = raw as unknown as Record<string, unknown>;
  for (const k of Object.keys(record))
    if (k.startsWith('_') && !UNGUARDED.has(k) && typeof record[k] === 'function') record[k] = guard(record[k] as () => unknown);
  const proto = raw.Mlp.prototype as Record<string, unknown>;
  for (const k of Object.getOwnPropertyNames(proto))
    if (k !== 'constructor' && typeof proto[k] === 'function') proto[k] = guard(proto[k] as () => unknown);
}
