// The C++ core's limits (cpp/include/ap/mlp.h, dataset.h) and the heap's maximum (CMakeLists.txt, through
// the bindings), read once per module: every TS check uses these numbers rather than copies of them (grep
// for a literal 4096, 1000000 or 1073741824 in the checks finds none).
import type { RawModule } from './raw.js';

/** Largest values the engine accepts (engine.limits). */
export interface Limits {
  /** Raw input columns per point (spec.inputs, dataset 'custom' inputs). */
  readonly maxInputs: number;
  /** Units per layer. */
  readonly maxUnits: number;
  /** Hidden layers. */
  readonly maxLayers: number;
  /** Epochs of one fit() call. */
  readonly maxEpochs: number;
  /** Points per mini-batch (fit's batchSize, the worker's batchSize). */
  readonly maxBatchSize: number;
  /** grid.width and grid.height of predictGrid and layerOutputsGrid. */
  readonly maxGridSide: number;
  /** Points of a generated data set (and of holdOut). */
  readonly maxDatasetPoints: number;
  /** Classes of a data set (spiral arms, 'custom' labels, the worker's points). */
  readonly maxClasses: number;
  /** Bytes the WebAssembly heap can grow to (the build's maximum memory): no array or result is larger. */
  readonly maxHeapBytes: number;
}

const cache = new WeakMap<RawModule, Limits>();

export function limitsOf(raw: RawModule): Limits {
  let l = cache.get(raw);
  if (!l) {
    const c = raw._limits();
    l = Object.freeze({
      maxInputs: c.maxInputs, maxUnits: c.maxUnits, maxLayers: c.maxHiddenLayers, maxEpochs: c.maxEpochs,
      maxBatchSize: c.maxBatchSize, maxGridSide: c.maxGridSide, maxDatasetPoints: c.maxDatasetPoints, maxClasses: c.maxClasses,
      maxHeapBytes: c.maxHeapBytes,
    });
    cache.set(raw, l);
  }
  return l;
}
