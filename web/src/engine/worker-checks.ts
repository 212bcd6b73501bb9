// Checks of the train worker's requests (what TrainerCore accepts), written with the shared helpers of
// errors.ts and the engine's limits: a bad request is a TypeError or RangeError naming the request and
// the field, and nothing changes.
import { checkFinite, checkInt, checkObject, checkOptions, describe } from './errors.js';
import type { Limits } from './limits.js';
import { checkLearningRate, checkRegularizationRate, type Network } from './network.js';
import type { Points, SnapshotGrid, TrainSettings } from './worker-protocol.js';
import { checkStop, type StopCondition } from './worker-explain.js';

export const DEFAULT_GRID: SnapshotGrid = { extent: [-6, 6], size: 100, neuronSize: 32 };
/** Largest step(n) in one request: keeps a single request's work bounded. */
export const MAX_STEP = 10000;
/** Largest epochsPerTick (the speed control): one frame's work stays short. */
const MAX_EPOCHS_PER_TICK = 1000;
/** The snapshot grids' sides: each snapshot samples size² and (layers × units) · neuronSize² outputs. */
const MAX_GRID_SIZE = 400;
const MAX_NEURON_SIZE = 100;

export const CONFIG_KEYS = ['network', 'activations', 'data', 'batchSize', 'epochsPerTick', 'grid', 'stop'] as const;
const SETTINGS_KEYS = ['learningRate', 'batchSize', 'epochsPerTick', 'regularizationRate', 'stop'] as const;

/** The worker trains and draws the 2-D playground: a network over n raw inputs has no plane to draw
 *  (and its points are not (x1, x2) pairs). Disposes it and says so. */
export function planar(net: Network, what: string): Network {
  if (net.spec.inputs === undefined) return net;
  const n = net.spec.inputs;
  net.dispose();
  throw new RangeError(`${what}.inputs: the train worker is the 2-D playground only (points x1, x2, and features of them), ` +
                       `and this network takes ${n} numbers per point (inputs: ${n}); train it with engine.network directly`);
}

export function checkBatchSize(v: unknown, what: string, limits: Limits): number {
  return checkInt(v, what, 1, limits.maxBatchSize);
}

export function checkEpochsPerTick(v: unknown, what: string): number {
  return checkInt(v, what, 1, MAX_EPOCHS_PER_TICK);
}

/** Settings of a `set` request, every one checked before any is applied. */
export interface CheckedSettings {
  learningRate?: number;
  batchSize?: number;
  epochsPerTick?: number;
  regularizationRate?: number;
  stop?: StopCondition | null;
}

export function checkSettings(settings: TrainSettings, limits: Limits): CheckedSettings {
  const s = checkOptions(checkObject(settings, 'set: settings'), 'set: settings', SETTINGS_KEYS);
  const out: CheckedSettings = {};
  if (s.batchSize !== undefined) out.batchSize = checkBatchSize(s.batchSize, 'set: batchSize', limits);
  if (s.epochsPerTick !== undefined) out.epochsPerTick = checkEpochsPerTick(s.epochsPerTick, 'set: epochsPerTick');
  if (s.learningRate !== undefined) out.learningRate = checkLearningRate(s.learningRate, 'set: learningRate');
  if (s.regularizationRate !== undefined) out.regularizationRate = checkRegularizationRate(s.regularizationRate, 'set: regularizationRate');
  if (s.stop !== undefined) out.stop = checkStop(s.stop, 'set: stop');
  return out;
}

/** The snapshot grids of a configure request (defaults filled in). */
export function checkSnapshotGrid(grid: unknown, what: string): SnapshotGrid {
  const g = checkOptions(grid, what, ['extent', 'size', 'neuronSize']);
  const extent = g.extent ?? DEFAULT_GRID.extent;
  if (!Array.isArray(extent) || extent.length !== 2)
    throw new TypeError(`${what}.extent must be [lo, hi], got ${describe(extent)}`);
  const lo = checkFinite(extent[0], `${what}.extent[0]`), hi = checkFinite(extent[1], `${what}.extent[1]`);
  if (!(lo < hi)) throw new RangeError(`${what}.extent must have lo < hi, got [${lo}, ${hi}]`);
  return {
    extent: [lo, hi],
    size: checkInt(g.size ?? DEFAULT_GRID.size, `${what}.size`, 2, MAX_GRID_SIZE),
    neuronSize: checkInt(g.neuronSize ?? DEFAULT_GRID.neuronSize, `${what}.neuronSize`, 2, MAX_NEURON_SIZE),
  };
}

/** Points as the protocol carries them: Float32Array x (2 per point) and y, Uint8Array test, and classes
 *  (0 for regression, else 2..limits.maxClasses with every label a class index). Returned as given. */
export function checkPoints(points: unknown, what: string, limits: Limits): Points {
  const p = checkOptions(checkObject(points, what), what, ['x', 'y', 'test', 'classes']);
  for (const [k, type] of [['x', Float32Array], ['y', Float32Array], ['test', Uint8Array]] as const)
    if (!(p[k] instanceof type)) throw new TypeError(`${what}.${k} must be a ${type.name}, got ${describe(p[k])}`);
  const { x, y, test } = p as unknown as Points;
  if (x.length !== 2 * y.length || test.length !== y.length)
    throw new RangeError(`${what}: x must hold 2 values per point and test 1 (got ${x.length}, ${y.length}, ${test.length})`);
  const classes = p.classes === 0 ? 0 : checkInt(p.classes, `${what}.classes (0 for regression)`, 2, limits.maxClasses);
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i])) throw new RangeError(`${what}.x[${i}] must be finite, got ${x[i]}`);
  for (let i = 0; i < y.length; i++) {
    if (classes === 0 ? !Number.isFinite(y[i]) : !Number.isInteger(y[i]) || y[i] < 0 || y[i] >= classes)
      throw new RangeError(classes === 0 ? `${what}.y[${i}] must be a finite target, got ${y[i]}`
        : `${what}.y[${i}] must be a class in [0, ${classes - 1}], got ${y[i]}`);
  }
  return p as unknown as Points;
}
