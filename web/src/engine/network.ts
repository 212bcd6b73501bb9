// engine.network(spec) and engine.loadNetwork(json): the JS face of the C++ MLP (cpp/include/ap/mlp.h).
// Training, prediction and every diagnostic run in WASM in one call each; arrays cross the boundary
// once per call. A Network owns WASM memory: dispose() it (or `using net = engine.network(...)`).
// The types are in network-types.ts, the checks of specs and options in network-spec.ts, the reading of
// saved JSON in network-json.ts; this module re-exports what they export for the rest of the engine.
import type { ActivationInfo, ActivationParams } from './activations.js';
import { type ActivationDefinition, type ActivationRegistry, formulaSlots } from './formula.js';
import { checkInt, describe, toFloat32, type Batch } from './errors.js';
import { HeapStage, toHeap, withHeap } from './heap.js';
import { type ExportFormat, exportNetwork } from './interop/index.js';
import { inspectAs } from './inspect.js';
import { Lifetime, makeDisposable } from './lifetime.js';
import { limitsOf } from './limits.js';
import { readNetworkJSON } from './network-json.js';
import {
  checkFitOptions, checkGrid, checkLayerWeights, checkLearningRate, learnableParam, lookup, normalizeSpec, specSummary,
} from './network-spec.js';
import { FORMAT, type GridSpec, type Learnable, type LayerWeights, type NetworkJSON, type NormalizedSpec } from './network-types.js';
import type { RawLayerArgs, RawLayout, RawMlp, RawModule } from './raw.js';

export type {
  Feature, GridSpec, InitName, LayerSpec, LayerWeights, Learnable, LossName, NetworkJSON, NetworkSpec, NormalizedSpec, OptimizerName,
  OptimizerSpec,
} from './network-types.js';
export { checkGrid, checkLearningRate, checkRegularizationRate, FEATURES, normalizeSpec, specSummary } from './network-spec.js';

/** A {@link LayerSpec} with every field filled in, as {@link Network.spec} and toJSON() hold it. */
export interface NormalizedLayerSpec {
  units: number;
  activation: string;
  params: ActivationParams;
  learnable: Learnable;
}
/** Options of {@link Network.fit}. */
export interface FitOptions {
  /** [1] */
  epochs?: number;
  /** [10] The last batch of an epoch may be smaller. */
  batchSize?: number;
  /** [true] Reshuffle (with the network's seeded RNG) before each epoch. */
  shuffle?: boolean;
}

/**
 * One layer of {@link Network.trace} (hidden layers, then the output): Float32Arrays, one value per
 * unit unless noted. weightGrad and weightStep are units × inputs, row-major, as in getWeights().
 */
export interface LayerTrace {
  /** Pre-activations z = W·a_in + b. */
  z: Float32Array;
  /** Activations a = f(z). */
  a: Float32Array;
  /** f′(z), the derivative training uses; absent for a softmax output (its derivative is a Jacobian). */
  derivative?: Float32Array;
  /** δ = ∂L/∂z: f′(z)·Σₖ wₖ·δₖ for a hidden unit, straight from the loss at the output. */
  delta: Float32Array;
  /** ∂L/∂W = δ·a_inᵀ. */
  weightGrad: Float32Array;
  /** ∂L/∂b (equal to δ for one example). */
  biasGrad: Float32Array;
  /** The learnable activation parameter's name and ∂L/∂α or ∂L/∂β (1 value if shared, else one per unit). */
  param?: 'alpha' | 'beta';
  paramGrad?: Float32Array;
  /** What {@link Network.step} on this example would add to W, b (and α or β): new − old in float32, the
   *  optimizer's actual update (with momentum or Adam, and the regularizer). */
  weightStep: Float32Array;
  biasStep: Float32Array;
  paramStep?: Float32Array;
}

/** {@link Network.trace}: one example's loss, input features, and every layer. */
export interface Trace {
  /** The example's data loss (no regularization term). */
  loss: number;
  /** The input features the network computed from the point, in spec.features order. */
  features: Float32Array;
  layers: LayerTrace[];
}

/** A trainable MLP living in WASM memory. Create with engine.network(spec); free with dispose(). */
export class Network {
  /** The spec with defaults filled in (learning rate kept current). */
  readonly spec: NormalizedSpec;
  #raw: RawModule;
  #net: RawMlp;
  #life: Lifetime;
  #layout: RawLayout[];
  #learn: Array<string | undefined>;
  #catalogue: readonly ActivationInfo[];
  #definitions: ActivationDefinition[];
  #pointSize: number;
  // x and y of the last call, kept on the heap for the next (see HeapStage).
  #stageX: HeapStage;
  #stageY: HeapStage;

  /** @internal */
  constructor(raw: RawModule, registry: ActivationRegistry, spec: NormalizedSpec) {
    this.#raw = raw;
    const catalogue = registry.all;
    this.#catalogue = catalogue;
    this.#learn = [...spec.layers, spec.output].map((l) => (l.learnable === 'none' ? undefined : learnableParam(catalogue, l.activation)));
    const infos = [...spec.layers, spec.output].map((l) => lookup(catalogue).get(l.activation));
    this.#definitions = [...new Set(infos)].flatMap((i) => (i && registry.definition(i) ? [structuredClone(registry.definition(i)!)] : []));
    const layer = (l: NormalizedLayerSpec): RawLayerArgs => {
      const info = lookup(catalogue).get(l.activation);
      const formula = info?.source !== undefined;
      return {
        units: l.units, activation: l.activation, learnable: l.learnable,
        alpha: formula ? NaN : l.params.alpha ?? NaN, beta: formula ? NaN : l.params.beta ?? NaN,
        theta: formula ? NaN : l.params.theta ?? NaN, threshold: formula ? NaN : l.params.threshold ?? NaN,
        formula: formula ? formulaSlots(info!, l.params) : Array(8).fill(NaN),
      };
    };
    const o = spec.optimizer;
    const net = raw._mlpCreate({
      features: spec.features.join(','), inputs: spec.inputs ?? 0, loss: spec.loss, optimizer: o.name, regularization: spec.regularization.kind,
      init: spec.init, learningRate: o.learningRate, momentum: o.momentum, beta1: o.beta1, beta2: o.beta2,
      epsilon: o.epsilon, regularizationRate: spec.regularization.rate, seed: spec.seed,
    }, layer(spec.output), spec.layers.map(layer));
    this.#net = net;
    const stageX = (this.#stageX = new HeapStage(raw));
    const stageY = (this.#stageY = new HeapStage(raw));
    this.#life = new Lifetime(this, () => {
      net.delete();
      stageX.free();
      stageY.free();
    }, 'network');
    const flat = net.layout();
    this.#layout = Array.from({ length: flat.length / 6 }, (_, l) => {
      const [inputs, units, w, b, p, np] = flat.subarray(6 * l, 6 * l + 6);
      return { inputs, units, w, b, p, np };
    });
    this.spec = spec;
    this.#pointSize = spec.inputs ?? 2;
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return !this.#life.alive;
  }

  /** Epochs trained so far. */
  get epoch(): number {
    return this.#handle('epoch').epoch();
  }

  /** Floats per point in every x argument: spec.inputs, or 2 (x1, x2) in the features form. */
  get pointSize(): number {
    return this.#pointSize;
  }

  /** Number of outputs per point (1, or the number of classes with softmax). */
  get outputSize(): number {
    return this.spec.output.units;
  }

  /** Trains for options.epochs passes over (x, y) in mini-batches, all inside WASM. Returns the mean
   *  loss over the last epoch's points (each taken before its own step) and the total epoch count. */
  fit(x: Batch, y: Batch, options: FitOptions = {}): { loss: number; epoch: number } {
    const net = this.#handle('fit');
    const { epochs, batchSize: batch, shuffle } = checkFitOptions(options, limitsOf(this.#raw));
    return this.#withXY('network.fit', x, y, (px, py, n) => net.fit(px, py, n, epochs, batch, shuffle));
  }

  /**
   * Mean loss and accuracy (argmax, or output ≥ 0.5 against label ≥ 0.5 for one output) on (x, y). A network
   * with a NaN or infinite output (training diverged) has accuracy NaN and loss NaN (or Infinity).
   */
  evaluate(x: Batch, y: Batch): { loss: number; accuracy: number } {
    const net = this.#handle('evaluate');
    return this.#withXY('network.evaluate', x, y, (px, py, n) => net.evaluate(px, py, n));
  }

  /** Outputs for n points: n values, or n × classes probabilities (point-major) with softmax. */
  predict(x: Batch): Float32Array {
    const net = this.#handle('predict');
    return this.#withX('network.predict', x, (px, n) => net.predict(px, n).slice());
  }

  /** Outputs over a grid: width × height values (row-major, top row first), times classes with softmax.
   *  The 2-D form only: a RangeError for a network with `inputs`. */
  predictGrid(grid: GridSpec): Float32Array {
    const net = this.#handle('predictGrid');
    const g = checkGrid(grid, 'network.predictGrid', limitsOf(this.#raw).maxGridSide);
    return net.predictGrid(g.x[0], g.x[1], g.y[0], g.y[1], g.width, g.height).slice();
  }

  /** Outputs of one layer for n points, point-major (n × units). layer: 0 = first hidden layer, the
   *  last index = the output layer, 'features' = the input features (the raw columns with `inputs`). */
  layerOutputs(layer: number | 'features', x: Batch): Float32Array {
    const net = this.#handle('layerOutputs');
    const l = this.#layerIndex(layer, 'network.layerOutputs');
    return this.#withX('network.layerOutputs', x, (px, n) => net.layerOutputs(l, px, n).slice());
  }

  /** Outputs of one layer over a grid, unit-major: `units` images of width × height (top row first),
   *  one heat map per unit, back to back. The 2-D form only, like {@link predictGrid}. */
  layerOutputsGrid(layer: number | 'features', grid: GridSpec): Float32Array {
    const net = this.#handle('layerOutputsGrid');
    const l = this.#layerIndex(layer, 'network.layerOutputsGrid');
    const g = checkGrid(grid, 'network.layerOutputsGrid', limitsOf(this.#raw).maxGridSide);
    return net.layerOutputsGrid(l, g.x[0], g.x[1], g.y[0], g.y[1], g.width, g.height).slice();
  }

  /** Weights and biases per layer, hidden layers then output (copies). */
  getWeights(): LayerWeights[] {
    return this.#split(this.#handle('getWeights').parameters());
  }

  /** Replaces every layer's weights and biases (and learnable α/β if given); same shapes as
   *  getWeights(). Nothing changes unless every layer is valid. */
  setWeights(layers: ReadonlyArray<Partial<LayerWeights> | { weights: Batch; biases: Batch; alpha?: Batch; beta?: Batch }>): void {
    const net = this.#handle('setWeights');
    const flat = net.parameters().slice();
    this.#fill(flat, layers, 'network.setWeights: layers');
    const buf = toHeap(this.#raw, flat, 'network.setWeights');
    withHeap([buf], () => net.setParameters(buf.ptr, flat.length));
  }

  /** dLoss/dW, dLoss/db (and dLoss/dα, dβ) averaged over the points, shaped like getWeights(); no update. */
  gradients(x: Batch, y: Batch): LayerWeights[] {
    const net = this.#handle('gradients');
    return this.#withXY('network.gradients', x, y, (px, py, n) => this.#split(net.gradients(px, py, n)));
  }

  /** One example through the network and back, computed by the engine in one call, changing nothing:
   *  z, a, f′(z), δ and the gradients of every layer (equal to gradients() on a one-point batch), and the
   *  update step(point, target) would apply. point: [x1, x2]; target: a label as in fit(). */
  trace(point: Batch, target: number): Trace {
    const net = this.#handle('trace');
    return this.#withExample('network.trace', point, target, (px, py) => {
      const raw = net.trace(px, py);
      return {
        loss: raw.loss,
        features: raw.features,
        layers: raw.layers.map((l, i) => {
          const { paramGrad, paramStep, derivative, ...rest } = l;
          const name = this.#learn[i];
          const out: LayerTrace = rest;
          if (this.#specs()[i].activation !== 'softmax') out.derivative = derivative;
          if (name && paramGrad.length > 0) Object.assign(out, { param: name, paramGrad, paramStep });
          return out;
        }),
      };
    });
  }

  /** Exactly one optimizer step on one example (one batch of fit() with batchSize 1); the epoch count
   *  stays. Returns the example's loss before the step. */
  step(point: Batch, target: number): { loss: number } {
    const net = this.#handle('step');
    return { loss: this.#withExample('network.step', point, target, (px, py) => net.step(px, py)) };
  }

  /** Per layer (hidden then output): the Euclidean norm of the last training step's gradient. */
  gradientNorms(): Float32Array {
    return this.#handle('gradientNorms').gradientNorms();
  }

  /** Hidden units whose output is exactly 0 on every one of the given points (dead ReLUs). */
  deadUnits(x: Batch): { perLayer: number[]; total: number } {
    const net = this.#handle('deadUnits');
    const perLayer = this.#withX('network.deadUnits', x, (px, n) => net.deadUnits(px, n));
    return { perLayer, total: perLayer.reduce((a, b) => a + b, 0) };
  }

  /** Current values of the learnable activation parameters, one entry per layer that has one. */
  learnableParams(): Array<{ layer: number; activation: string; name: string; values: Float32Array }> {
    const w = this.#split(this.#handle('learnableParams').parameters());
    const out: Array<{ layer: number; activation: string; name: string; values: Float32Array }> = [];
    this.#specs().forEach((s, layer) => {
      const name = this.#learn[layer];
      const values = name ? w[layer][name] : undefined;
      if (name && values) out.push({ layer, activation: s.activation, name, values });
    });
    return out;
  }

  /** With identity hidden activations, the whole network is output(A·f + c) for the features f:
   *  returns A (outputs × features, row-major) and c. RangeError if a hidden activation is not identity. */
  linearMap(): { weights: Float32Array; biases: Float32Array } {
    return this.#handle('linearMap').linearMap();
  }

  /** Changes the learning rate; weights and optimizer state are kept. */
  setLearningRate(learningRate: number): void {
    const net = this.#handle('setLearningRate');
    const lr = checkLearningRate(learningRate, 'network.setLearningRate: learningRate');
    net.setLearningRate(lr);
    this.spec.optimizer.learningRate = lr;
  }

  /** Everything needed to resume: spec, weights, optimizer moments, epoch and RNG state. */
  toJSON(): NetworkJSON {
    const net = this.#handle('toJSON');
    const opt = net.optimizerState();
    return {
      format: FORMAT,
      version: 1,
      spec: structuredClone(this.spec),
      layers: this.getWeights().map((l) => {
        const e: NetworkJSON['layers'][number] = { weights: [...l.weights], biases: [...l.biases] };
        for (const [k, v] of Object.entries(l)) if (k !== 'weights' && k !== 'biases' && v) e[k] = [...v];
        return e;
      }),
      optimizer: { steps: opt.steps, m: [...opt.m], v: [...opt.v] },
      epoch: opt.epoch,
      rng: net.rngState(),
      ...(this.#definitions.length ? { activations: structuredClone(this.#definitions) } : {}),
    };
  }

  /**
   * The network in another runtime's format (the network itself is not changed): 'onnx' → Uint8Array, an
   * ONNX model (opset 18) from raw points to what predict() returns; 'pytorch' → string, a Python file
   * defining Net, model (these weights, eval mode) and loss_fn; 'js' → string, a dependency-free ES module
   * exporting predict(points). RangeError for an unknown format or a network the format cannot hold.
   */
  export(format: 'onnx'): Uint8Array;
  export(format: 'pytorch' | 'js'): string;
  export(format: ExportFormat): Uint8Array | string;
  export(format: ExportFormat): Uint8Array | string {
    this.#handle('export');
    // The Python file checks itself against these predictions: a ring of 8 points and the origin (in n
    // dimensions, coordinate j of point k is cos or sin of kπ/4 + ⌊j/2⌋, times 2.5).
    const n = this.#pointSize;
    const points = Float32Array.from({ length: 9 * n }, (_, i) => {
      const k = Math.floor(i / n), j = i % n;
      return k === 8 ? 0 : (j % 2 ? Math.sin : Math.cos)((k * Math.PI) / 4 + Math.floor(j / 2)) * 2.5;
    });
    return exportNetwork(this.toJSON(), format, this.#catalogue, () => ({ points, outputs: this.predict(points) }));
  }

  /** Frees the WASM memory (also as [Symbol.dispose]). Idempotent; any later call throws a TypeError. */
  dispose(): void {
    this.#life.dispose();
  }

  /** @internal Restores weights, optimizer state and RNG from validated JSON. */
  restore(json: NetworkJSON): void {
    const net = this.#handle('loadNetwork');
    const flat = net.parameters().slice();
    this.#fill(flat, json.layers, 'loadNetwork: layers');
    const m = toFloat32(json.optimizer.m, 'loadNetwork: optimizer.m');
    const v = toFloat32(json.optimizer.v, 'loadNetwork: optimizer.v');
    for (const [arr, what] of [[m, 'm'], [v, 'v']] as const)
      if (arr.length !== flat.length)
        throw new RangeError(`loadNetwork: optimizer.${what} must have ${flat.length} values, got ${arr.length}`);
    const bufs = [toHeap(this.#raw, flat), toHeap(this.#raw, m), toHeap(this.#raw, v)];
    withHeap(bufs, () => {
      net.setParameters(bufs[0].ptr, flat.length);
      net.setOptimizerState(bufs[1].ptr, bufs[2].ptr, flat.length, json.optimizer.steps, json.epoch);
      const [sh, sl, ih, il] = json.rng;
      net.setRng(sh, sl, ih, il);
    });
  }

  #handle(fn: string): RawMlp {
    this.#life.check(fn);
    return this.#net;
  }

  #specs(): NormalizedLayerSpec[] {
    return [...this.spec.layers, this.spec.output];
  }

  #layerIndex(layer: unknown, fn: string): number {
    if (layer === 'features') return -1;
    return checkInt(layer, `${fn}: layer`, 0, this.#layout.length - 1);
  }

  #split(flat: Float32Array): LayerWeights[] {
    return this.#layout.map((l, i) => {
      const e: LayerWeights = {
        weights: flat.slice(l.w, l.b),
        biases: flat.slice(l.b, l.p),
      };
      const name = this.#learn[i];
      if (l.np > 0 && name) e[name] = flat.slice(l.p, l.p + l.np);
      return e;
    });
  }

  // Writes layers into the flat parameter vector, checking every shape first.
  #fill(flat: Float32Array, layers: unknown, what: string): void {
    for (const [offset, a] of checkLayerWeights(layers, this.#layout, this.#learn, what)) flat.set(a, offset);
  }

  // One point [x1, x2] and its target; the engine's messages name them point[i] and target.
  #withExample<T>(fn: string, point: Batch, target: unknown, body: (px: number, py: number) => T): T {
    const p = toFloat32(point, `${fn}: point`, { length: 2, lengthWhy: '[x1, x2]' });
    if (typeof target !== 'number') throw new TypeError(`${fn}: target must be a number, got ${describe(target)}`);
    try {
      return this.#withXY(fn, p, [target], (px, py) => body(px, py));
    } catch (e) {
      if (e instanceof Error) e.message = e.message.replace(`${fn}: x[`, `${fn}: point[`).replace(`${fn}: y[0]`, `${fn}: target`);
      throw e;
    }
  }

  #withX<T>(fn: string, x: Batch, body: (px: number, n: number) => T): T {
    const xs = toFloat32(x, `${fn}: x`);
    const k = this.#pointSize;
    if (xs.length === 0 || xs.length % k !== 0)
      throw new RangeError(`${fn}: x must hold n*${k} numbers (${this.spec.inputs === undefined ? 'x1, x2' : `${k} inputs`} per point, ` +
                           `row-major, n >= 1), got ${xs.length} numbers`);
    const px = this.#stageX.put(xs, `${fn}: x`);
    try {
      return body(px, xs.length / k);
    } finally {
      this.#stageX.trim();
    }
  }

  #withXY<T>(fn: string, x: Batch, y: Batch, body: (px: number, py: number, n: number) => T): T {
    const ys = toFloat32(y, `${fn}: y`);
    return this.#withX(fn, x, (px, n) => {
      if (ys.length !== n) throw new RangeError(`${fn}: y must hold ${n} targets (one per point), got ${ys.length}`);
      const py = this.#stageY.put(ys, `${fn}: y`);
      try {
        return body(px, py, n);
      } finally {
        this.#stageY.trim();
      }
    });
  }
}

/** Network is Disposable: `using net = engine.network(...)` disposes it at the end of the block. */
export interface Network {
  /** Calls {@link Network.dispose}. */
  [Symbol.dispose](): void;
}
makeDisposable(Network, 'dispose');
inspectAs(Network, (net) => ({ spec: specSummary(net.spec), epoch: net.disposed ? undefined : net.epoch, disposed: net.disposed || undefined }));

/** engine.network(spec). */
export function makeNetwork(raw: RawModule, registry: ActivationRegistry, spec: unknown): Network {
  return new Network(raw, registry, normalizeSpec(spec, registry.all, 'network: ', limitsOf(raw)));
}

/** engine.loadNetwork(json): validates every field, then rebuilds the network exactly. */
export function loadNetwork(raw: RawModule, registry: ActivationRegistry, json: unknown): Network {
  const { json: j, spec } = readNetworkJSON(registry, json, limitsOf(raw));
  let net: Network;
  try {
    net = new Network(raw, registry, spec);
  } catch (e) {
    if (e instanceof Error) e.message = e.message.replace(/^network: /, 'loadNetwork: spec.');
    throw e;
  }
  try {
    net.restore(j);
  } catch (e) {
    net.dispose();
    throw e;
  }
  return net;
}
