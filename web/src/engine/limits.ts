// The C++ core's limits on a network spec (cpp/include/ap/mlp.h), read once per module: the TS checks
// use the same numbers rather than copies of them.
import type { RawModule } from './raw.js';

/** Largest values a spec may hold. */
export interface Limits {
  /** Raw input columns per point (spec.inputs, dataset 'custom' inputs). */
  maxInputs: number;
  /** Units per layer. */
  maxUnits: number;
  /** Hidden layers. */
  maxLayers: number;
}

const cache = new WeakMap<RawModule, Limits>();

export function limitsOf(raw: RawModule): Limits {
  let l = cache.get(raw);
  if (!l) {
    const c = raw._limits();
    cache.set(raw, (l = Object.freeze({ maxInputs: c.maxInputs, maxUnits: c.maxUnits, maxLayers: c.maxHiddenLayers })));
  }
  return l;
}
