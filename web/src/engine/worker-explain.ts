// What the worker adds to a snapshot so that the page can explain it: the trace of the selected
// example, confusion matrices, and stop conditions. Pure functions of a network and its points; the
// protocol handler (TrainerCore in trainer-core.ts) calls them.
import { checkObject, checkOptions, describe } from './errors.js';
import type { LayerWeights, Network, Trace } from './network.js';

/** Stop training when any of the set limits is reached (each optional). */
export interface StopCondition {
  /** Stop once the epoch count reaches this (an integer ≥ 1). */
  epoch?: number;
  /** Stop once the test accuracy is ≥ this (in [0, 1]; classification only). */
  testAccuracy?: number;
  /** Stop once the test loss is ≤ this (≥ 0). */
  testLoss?: number;
}

/** Which limit stopped training, and the measured value that reached it. */
export interface StopReached {
  reason: 'epoch' | 'testAccuracy' | 'testLoss';
  limit: number;
  value: number;
}

/** The selected example (index into the points) and its trace through the network. */
export interface ExampleSnapshot {
  index: number;
  point: [number, number];
  target: number;
  trace: Trace;
}

/**
 * Confusion matrices: counts[actual * classes + predicted], for the training and the test points
 * (prediction: argmax, or output ≥ 0.5 for one output unit).
 */
export interface Confusion {
  classes: number;
  train: Uint32Array;
  test: Uint32Array;
}

/** A stop condition checked whole (null or {} clears it). */
export function checkStop(stop: unknown, what: string): StopCondition | null {
  if (stop === null || stop === undefined) return null;
  const s = checkOptions(checkObject(stop, what), what, ['epoch', 'testAccuracy', 'testLoss']);
  const out: StopCondition = {};
  const num = (k: string): number | undefined => {
    const v = s[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number') throw new TypeError(`${what}.${k} must be a number, got ${describe(v)}`);
    return v;
  };
  const epoch = num('epoch'), acc = num('testAccuracy'), loss = num('testLoss');
  if (epoch !== undefined) {
    if (!Number.isInteger(epoch) || epoch < 1) throw new RangeError(`${what}.epoch must be an integer ≥ 1, got ${epoch}`);
    out.epoch = epoch;
  }
  if (acc !== undefined) {
    if (!(acc >= 0 && acc <= 1)) throw new RangeError(`${what}.testAccuracy must be in [0, 1], got ${acc}`);
    out.testAccuracy = acc;
  }
  if (loss !== undefined) {
    if (!(loss >= 0 && Number.isFinite(loss))) throw new RangeError(`${what}.testLoss must be a finite number ≥ 0, got ${loss}`);
    out.testLoss = loss;
  }
  return Object.keys(out).length ? out : null;
}

/** The first limit the measurements reach, or null (NaN measurements reach nothing). */
export function stopReached(stop: StopCondition | null, m: { epoch: number; testLoss: number; testAccuracy: number }): StopReached | null {
  if (!stop) return null;
  if (stop.epoch !== undefined && m.epoch >= stop.epoch) return { reason: 'epoch', limit: stop.epoch, value: m.epoch };
  if (stop.testAccuracy !== undefined && m.testAccuracy >= stop.testAccuracy)
    return { reason: 'testAccuracy', limit: stop.testAccuracy, value: m.testAccuracy };
  if (stop.testLoss !== undefined && m.testLoss <= stop.testLoss) return { reason: 'testLoss', limit: stop.testLoss, value: m.testLoss };
  return null;
}

/** counts[actual * classes + predicted] over n points (x: n × 2, y: class indices). */
export function confusionCounts(net: Network, x: Float32Array, y: Float32Array, classes: number): Uint32Array {
  const counts = new Uint32Array(classes * classes);
  if (y.length === 0) return counts;
  const out = net.predict(x);
  const k = net.outputSize;
  for (let i = 0; i < y.length; i++) {
    let predicted = 0;
    if (k === 1) predicted = out[i] >= 0.5 ? 1 : 0;
    else for (let u = 1; u < k; u++) if (out[i * k + u] > out[i * k + predicted]) predicted = u;
    counts[y[i] * classes + predicted]++;
  }
  return counts;
}

/** Every buffer of a trace (for transfer). */
export function traceBuffers(t: Trace): ArrayBuffer[] {
  return [t.features, ...t.layers.flatMap((l) => [l.z, l.a, l.derivative, l.delta, l.weightGrad, l.biasGrad, l.paramGrad,
    l.weightStep, l.biasStep, l.paramStep])].filter((a): a is Float32Array => a !== undefined).map((a) => a.buffer as ArrayBuffer);
}

/** Buffers of weights (for transfer). */
export function weightBuffers(w: LayerWeights[]): ArrayBuffer[] {
  return w.flatMap((l) => [l.weights, l.biases, l.alpha, l.beta]).filter((a): a is Float32Array => a !== undefined)
    .map((a) => a.buffer as ArrayBuffer);
}
