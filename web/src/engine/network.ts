// engine.network(spec) and engine.loadNetwork(json): the JS face of the C++ MLP (cpp/include/ap/mlp.h).
// Training, prediction and every diagnostic run in WASM in one call each; arrays cross the boundary
// once per call. A Network owns WASM memory: dispose() it (or `using net = engine.network(...)`).
import type { ActivationInfo, ActivationParams } from './activations.js';
import { type ActivationDefinition, type ActivationRegistry, formulaSlots, normalizeDefinition } from './formula.js';
import { checkBoolean, checkFinite, checkInt, checkNumber, checkObject, checkOneOf, checkOptions, describe, toFloat32, type Batch } from './errors.js';
import { HeapStage, toHeap, withHeap } from './heap.js';
import { type ExportFormat, exportNetwork } from './interop/index.js';
import { inspectAs } from './inspect.js';
import { Lifetime, makeDisposable } from './lifetime.js';
import { type Limits, limitsOf } from './limits.js';
import type { RawLayerArgs, RawLayout, RawMlp, RawModule } from './raw.js';

/** Input features computed inside the network from a raw point (x1, x2). */
export type Feature = 'x1' | 'x2' | 'x1^2' | 'x2^2' | 'x1*x2' | 'sin(x1)' | 'sin(x2)';
/**
 * Loss over a batch of n points (p: output, y: target), averaged over the points:
 * bce = −[y log p + (1 − y) log(1 − p)] (from the logit, stably, with a sigmoid output);
 * cross_entropy = −log p_y over a softmax (from the logits); mse = (p − y)² averaged over points and outputs.
 */
export type LossName = 'bce' | 'cross_entropy' | 'mse';
/** sgd: w −= lr·g; momentum: v = μv + g, w −= lr·v; adam: Kingma & Ba with bias correction. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam';
/** Weight initialisers (biases start at 0): see {@link NetworkSpec.init}. */
export type InitName = 'xavier' | 'he' | 'lecun' | 'uniform';
/** How a learnable activation parameter (prelu's alpha, swish's beta) is held: one per layer or per unit. */
export type Learnable = 'none' | 'shared' | 'unit';

/** One dense layer. */
export interface LayerSpec {
  /** Number of units, an integer in [1, 512]. */
  units: number;
  /** A catalogue name; for the output also 'softmax'. */
  activation: string;
  /** Activation parameters (catalogue defaults for those left out). */
  params?: ActivationParams;
  /** prelu: default 'shared' (α trained); swish: default 'none'; true means 'shared'. */
  learnable?: Learnable | boolean;
}

/** The optimizer and its hyper-parameters; defaults for those left out. */
export interface OptimizerSpec {
  name?: OptimizerName;
  /** Default 0.03. */
  learningRate?: number;
  /** momentum: v = momentum·v + g, w -= lr·v (default 0.9). */
  momentum?: number;
  /** Adam's β1, β2, ε (defaults 0.9, 0.999, 1e-8). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** engine.network(spec). Every field is optional; defaults in brackets. */
export interface NetworkSpec {
  /** [['x1', 'x2']] The 2-D playground form: each point is (x1, x2) and these features are computed
   *  from it inside the network. Exclusive with `inputs`. */
  features?: Feature[];
  /** n raw input columns (an integer in [1, 1024]) instead of `features`: each point is n floats that
   *  feed the first layer as they are; every method taking points then takes n floats per point,
   *  row-major. Grids (predictGrid, layerOutputsGrid) are for the 2-D form only. */
  inputs?: number;
  /** Hidden layers, input to output [none]. */
  layers?: LayerSpec[];
  /** [{ units: 1, activation: 'sigmoid' }] */
  output?: LayerSpec;
  /** ['bce', or 'cross_entropy' with a softmax output]. mse = mean over points and outputs of (p − y)². */
  loss?: LossName;
  optimizer?: OptimizerSpec;
  /** L1 adds rate·sign(w), L2 adds rate·w to each weight's gradient (biases are not regularised). */
  regularization?: { kind?: 'none' | 'l1' | 'l2'; rate?: number };
  /** ['xavier'] Glorot uniform; he: N(0, 2/fan_in); lecun: N(0, 1/fan_in); uniform: U(−0.5, 0.5). */
  init?: InitName;
  /** [1] Seeds initialisation and shuffling: the same seed gives bitwise identical training. */
  seed?: number;
}

/** A {@link LayerSpec} with every field filled in, as {@link Network.spec} and toJSON() hold it. */
export interface NormalizedLayerSpec {
  units: number;
  activation: string;
  params: ActivationParams;
  learnable: Learnable;
}
/** A {@link NetworkSpec} with every field filled in. */
export interface NormalizedSpec {
  /** The 2-D form's features; [] with `inputs`. */
  features: Feature[];
  /** Present only in the raw-input form: columns per point. */
  inputs?: number;
  layers: NormalizedLayerSpec[];
  output: NormalizedLayerSpec;
  loss: LossName;
  optimizer: Required<OptimizerSpec>;
  regularization: { kind: 'none' | 'l1' | 'l2'; rate: number };
  init: InitName;
  seed: number;
}

/** One layer's parameters (or their gradients): weights is units × inputs, row-major. */
export interface LayerWeights {
  /** units × inputs, row-major: weights[u * inputs + i] connects input i to unit u. */
  weights: Float32Array;
  /** One per unit. */
  biases: Float32Array;
  /** prelu's learnable α (1 value if shared, else one per unit). */
  alpha?: Float32Array;
  /** swish's learnable β. */
  beta?: Float32Array;
  /** A formula activation's learnable parameter, by its declared name. */
  [param: string]: Float32Array | undefined;
}

/** A rectangle sampled on a width × height lattice, ends included; row 0 is the top (y = y[1]). */
export interface GridSpec {
  /** [left, right], finite, left < right. */
  x: [number, number];
  /** [bottom, top], finite, bottom < top. */
  y: [number, number];
  /** Columns, an integer in [1, 4096]. */
  width: number;
  /** Rows, an integer in [1, 4096]. */
  height: number;
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

/** Saved form of a network (toJSON / loadNetwork). Numbers are exact float32 values. */
export interface NetworkJSON {
  format: typeof FORMAT;
  version: 1;
  spec: NormalizedSpec;
  layers: Array<{ weights: number[]; biases: number[]; [param: string]: number[] }>;
  /** The formula activations the spec uses (engine.defineActivation's definitions), if any. */
  activations?: ActivationDefinition[];
  /** Optimizer moments over the flat parameter vector (layer by layer: weights, biases, α/β), step count. */
  optimizer: { steps: number; m: number[]; v: number[] };
  epoch: number;
  /** PCG32 state and increment as four unsigned 32-bit halves (high, low, high, low). */
  rng: number[];
}

const FORMAT = 'activation-playground/network';
/** Every input feature of the 2-D form, in the engine's order. */
export const FEATURES: readonly Feature[] = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];
const LOSSES: readonly LossName[] = ['bce', 'cross_entropy', 'mse'];
const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];
const INITS: readonly InitName[] = ['xavier', 'he', 'lecun', 'uniform'];
const REGS = ['none', 'l1', 'l2'] as const;
/** The catalogue by name (alias 'linear' included), built once per catalogue: networks are created
 *  once per training run, and a playground resets often. */
const byName = new WeakMap<readonly ActivationInfo[], Map<string, ActivationInfo>>();
function lookup(catalogue: readonly ActivationInfo[]): Map<string, ActivationInfo> {
  let map = byName.get(catalogue);
  if (!map) {
    map = new Map(catalogue.map((e) => [e.name, e]));
    const identity = map.get('identity');
    if (identity) map.set('linear', identity);
    byName.set(catalogue, map);
  }
  return map;
}

/** The parameter of an activation that a network may train (prelu's alpha, swish's beta), from the catalogue. */
function learnableParam(catalogue: readonly ActivationInfo[], activation: string): string | undefined {
  const info = lookup(catalogue).get(activation);
  if (!info) return undefined;
  return Object.keys(info.params).find((k) => info.params[k].learnable && info.params[k].differentiable);
}

const oneOf = <T extends string>(value: unknown, accepted: readonly T[], what: string): T => checkOneOf(value, what, accepted);

// A required object with only the listed keys.
const plainObject = (value: unknown, what: string, known: readonly string[]): Record<string, unknown> =>
  checkOptions(checkObject(value, what), what, known);

const numberIn = (value: unknown, what: string, lo: number, hi: number, minExclusive = false, maxExclusive = false): number =>
  checkNumber(value, what, lo, hi, { minExclusive, maxExclusive });

/** The smallest normal float32, 2^-126: the core keeps the learning rate in float32, where a smaller
 *  rate loses precision and 5e-324 becomes 0 (a network that never learns). */
const MIN_FLOAT32_NORMAL = 2 ** -126;

/**
 * A learning rate in (0, 1000] that float32 holds as a normal number: the one check of spec.optimizer.learningRate,
 * network.setLearningRate and the train worker's set({ learningRate }).
 */
export function checkLearningRate(value: unknown, what: string): number {
  const lr = checkNumber(value, what, 0, 1000, { minExclusive: true });
  if (lr < MIN_FLOAT32_NORMAL)
    throw new RangeError(`${what} must be at least 2^-126 (about 1.18e-38, the smallest normal float32: the engine ` +
                         `trains in float32, where ${describe(lr)} ${Math.fround(lr) === 0 ? 'is 0' : 'loses its precision'}), got ${describe(lr)}`);
  return lr;
}

/** A regularization rate in [0, 1000] (spec.regularization.rate and the train worker's set()). */
export function checkRegularizationRate(value: unknown, what: string): number {
  return checkNumber(value, what, 0, 1000);
}

/** Fills in defaults and checks every field; `at` prefixes messages ("network: ", "loadNetwork: spec.").
 *  `limits` are the core's (see limits.ts). */
export function normalizeSpec(spec: unknown, catalogue: readonly ActivationInfo[], at: string, limits: Limits): NormalizedSpec {
  const s = plainObject(spec ?? {}, at.endsWith('spec.') ? at.slice(0, -1) : `${at}spec`, [
    'features', 'inputs', 'layers', 'output', 'loss', 'optimizer', 'regularization', 'init', 'seed']);
  const names = lookup(catalogue);

  // The raw-input form: `inputs` columns, no features (an empty list is what toJSON writes for it).
  const inputs = s.inputs === undefined ? undefined : checkInt(s.inputs, `${at}inputs`, 1, limits.maxInputs);
  if (inputs !== undefined && s.features !== undefined && !(Array.isArray(s.features) && s.features.length === 0))
    throw new TypeError(`${at}inputs and features are exclusive: give inputs (n raw columns) or features (the 2-D form), ` +
                        `got both (features: ${describe(s.features)})`);
  const features = inputs !== undefined ? [] : s.features ?? ['x1', 'x2'];
  if (!Array.isArray(features)) throw new TypeError(`${at}features must be an array, got ${describe(features)}`);
  if (inputs === undefined && (features.length < 1 || features.length > 7))
    throw new RangeError(`${at}features must list 1 to 7 features, got ${features.length}`);
  const feats = features.map((f, i) => oneOf(f, FEATURES, `${at}features[${i}]`));
  feats.forEach((f, i) => {
    if (feats.indexOf(f) !== i) throw new RangeError(`${at}features[${i}] repeats "${f}"`);
  });

  const layer = (v: unknown, what: string, output: boolean): NormalizedLayerSpec => {
    const l = plainObject(v, what, ['units', 'activation', 'params', 'learnable']);
    const units = checkInt(l.units, `${what}.units`, 1, limits.maxUnits);
    if (typeof l.activation !== 'string') throw new TypeError(`${what}.activation must be a string, got ${describe(l.activation)}`);
    const act = l.activation;
    if (!names.has(act) && !(output && act === 'softmax'))
      throw new RangeError(`${what}.activation must be one of ${[...names.keys()].join(', ')}${output ? ', softmax' : ''}; got "${act}"`);
    // The same rules as engine.activation(): only the activation's own parameters, within their ranges.
    const known = names.get(act)?.params ?? {};
    const p = checkObject(l.params ?? {}, `${what}.params`);
    const params: ActivationParams = {};
    for (const k of Object.keys(p)) {
      if (p[k] === undefined) continue;
      const m = known[k];
      if (!m) {
        checkFinite(p[k], `${what}.params.${k}`);
        const has = Object.keys(known);
        throw new RangeError(`${what}.params.${k} is not a parameter of ${act}; accepted: ${has.length ? has.join(', ') : 'none'}`);
      }
      params[k] = checkNumber(p[k], `${what}.params.${k}`, m.min, m.max);
    }
    const field = learnableParam(catalogue, act);
    let learnable: Learnable;
    if (l.learnable === undefined) learnable = act === 'prelu' ? 'shared' : 'none';
    else if (l.learnable === true) learnable = 'shared';
    else if (l.learnable === false) learnable = 'none';
    else learnable = oneOf(l.learnable, ['none', 'shared', 'unit'] as const, `${what}.learnable`);
    if (learnable !== 'none' && !field)
      throw new RangeError(`${what}.learnable must be 'none' for ${act} (only prelu's alpha, swish's beta and formula parameters declared learnable are), ` +
                           `got ${describe(l.learnable)}`);
    if (field && params[field] === undefined) params[field] = names.get(act)!.params[field].default;
    return { units, activation: act, params, learnable };
  };

  const hidden = s.layers ?? [];
  if (!Array.isArray(hidden)) throw new TypeError(`${at}layers must be an array, got ${describe(hidden)}`);
  if (hidden.length > limits.maxLayers)
    throw new RangeError(`${at}layers must have at most ${limits.maxLayers} hidden layers, got ${hidden.length}`);
  const layers = hidden.map((l, i) => layer(l, `${at}layers[${i}]`, false));
  const output = layer(s.output ?? { units: 1, activation: 'sigmoid' }, `${at}output`, true);
  if (output.activation === 'softmax' && output.units < 2)
    throw new RangeError(`${at}output.units must be at least 2 with softmax, got ${output.units}`);
  const loss = oneOf(s.loss ?? (output.activation === 'softmax' ? 'cross_entropy' : 'bce'), LOSSES, `${at}loss`);
  if (loss === 'bce' && output.units !== 1)
    throw new RangeError(`${at}loss 'bce' needs output.units = 1 (use 'cross_entropy' with softmax), got ${output.units}`);
  if (loss === 'cross_entropy' && output.activation !== 'softmax')
    throw new RangeError(`${at}loss 'cross_entropy' needs output.activation 'softmax', got "${output.activation}"`);

  const o = plainObject(s.optimizer ?? {}, `${at}optimizer`, ['name', 'learningRate', 'momentum', 'beta1', 'beta2', 'epsilon']);
  const optimizer: Required<OptimizerSpec> = {
    name: oneOf(o.name ?? 'sgd', OPTIMIZERS, `${at}optimizer.name`),
    learningRate: checkLearningRate(o.learningRate ?? 0.03, `${at}optimizer.learningRate`),
    momentum: numberIn(o.momentum ?? 0.9, `${at}optimizer.momentum`, 0, 1, false, true),
    beta1: numberIn(o.beta1 ?? 0.9, `${at}optimizer.beta1`, 0, 1, false, true),
    beta2: numberIn(o.beta2 ?? 0.999, `${at}optimizer.beta2`, 0, 1, false, true),
    epsilon: numberIn(o.epsilon ?? 1e-8, `${at}optimizer.epsilon`, 0, 1, true),
  };
  const r = plainObject(s.regularization ?? {}, `${at}regularization`, ['kind', 'rate']);
  const regularization = {
    kind: oneOf(r.kind ?? 'none', REGS, `${at}regularization.kind`),
    rate: checkRegularizationRate(r.rate ?? 0, `${at}regularization.rate`),
  };
  const init = oneOf(s.init ?? 'xavier', INITS, `${at}init`);
  const seed = checkInt(s.seed ?? 1, `${at}seed`, 0, Number.MAX_SAFE_INTEGER);
  return { features: feats, ...(inputs === undefined ? {} : { inputs }), layers, output, loss, optimizer, regularization, init, seed };
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
    const o = checkOptions(options, 'network.fit: options', ['epochs', 'batchSize', 'shuffle']);
    const limits = limitsOf(this.#raw);
    const epochs = checkInt(o.epochs ?? 1, 'network.fit: options.epochs', 1, limits.maxEpochs);
    const batch = checkInt(o.batchSize ?? 10, 'network.fit: options.batchSize', 1, limits.maxBatchSize);
    const shuffle = checkBoolean(o.shuffle ?? true, 'network.fit: options.shuffle');
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
    if (!Array.isArray(layers)) throw new TypeError(`${what} must be an array, got ${describe(layers)}`);
    if (layers.length !== this.#layout.length)
      throw new RangeError(`${what} must have ${this.#layout.length} layers (hidden then output), got ${layers.length}`);
    const parts: Array<[number, Float32Array]> = [];
    layers.forEach((layer, i) => {
      const l = this.#layout[i];
      const name = this.#learn[i];
      const allowed = ['weights', 'biases', ...(l.np > 0 && name ? [name] : [])];
      const e = plainObject(layer, `${what}[${i}]`, allowed);
      const take = (key: string, offset: number, count: number, required: boolean) => {
        if (e[key] === undefined && !required) return;
        const a = toFloat32(e[key], `${what}[${i}].${key}`);
        if (a.length !== count)
          throw new RangeError(`${what}[${i}].${key} must have ${count} values (${key === 'weights' ? `${l.units} units × ${l.inputs} inputs` : key === 'biases' ? 'one per unit' : l.np === 1 ? 'shared' : 'one per unit'}), got ${a.length}`);
        for (let j = 0; j < a.length; j++)
          if (!Number.isFinite(a[j])) throw new RangeError(`${what}[${i}].${key}[${j}] must be finite, got ${a[j]}`);
        parts.push([offset, a]);
      };
      take('weights', l.w, l.units * l.inputs, true);
      take('biases', l.b, l.units, true);
      if (name && l.np > 0) take(name, l.p, l.np, false);
    });
    for (const [offset, a] of parts) flat.set(a, offset);
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

/** A spec in one line for inspect(): the layer sizes, then the hidden activations and the output's, "2-8-8-1 tanh → sigmoid". */
export function specSummary(spec: NormalizedSpec): string {
  const sizes = [spec.inputs ?? spec.features.length, ...spec.layers.map((l) => l.units), spec.output.units].join('-');
  const hidden = [...new Set(spec.layers.map((l) => l.activation))].join('/');
  return `${sizes} ${hidden ? `${hidden} → ` : ''}${spec.output.activation}`;
}

/** A grid spec checked whole; errors start with `fn`. */
export function checkGrid(grid: unknown, fn: string, maxSide: number): GridSpec {
  const g = plainObject(grid, `${fn}: grid`, ['x', 'y', 'width', 'height']);
  const range = (r: unknown, what: string): [number, number] => {
    if (!Array.isArray(r) || r.length !== 2) throw new TypeError(`${what} must be [min, max], got ${describe(r)}`);
    const lo = checkFinite(r[0], `${what}[0]`), hi = checkFinite(r[1], `${what}[1]`);
    if (!(lo < hi)) throw new RangeError(`${what} must have min < max, got [${lo}, ${hi}]`);
    return [lo, hi];
  };
  return {
    x: range(g.x, `${fn}: grid.x`),
    y: range(g.y, `${fn}: grid.y`),
    width: checkInt(g.width, `${fn}: grid.width`, 1, maxSide),
    height: checkInt(g.height, `${fn}: grid.height`, 1, maxSide),
  };
}

/** engine.network(spec). */
export function makeNetwork(raw: RawModule, registry: ActivationRegistry, spec: unknown): Network {
  return new Network(raw, registry, normalizeSpec(spec, registry.all, 'network: ', limitsOf(raw)));
}

/** Defines the formula activations a network's JSON carries; RangeError where this engine has a different one. */
function defineCarried(registry: ActivationRegistry, defs: unknown): void {
  if (defs === undefined) return;
  if (!Array.isArray(defs)) throw new TypeError(`loadNetwork: activations must be an array of definitions, got ${describe(defs)}`);
  const fn = (i: number) => `loadNetwork: activations[${i}]`;
  const wanted = defs.map((d, i) => normalizeDefinition(d, fn(i)));
  wanted.forEach((d, i) => {
    const have = registry.defined.find((e) => e.name === d.name);
    if (have && JSON.stringify(registry.definition(have)) !== JSON.stringify(d))
      throw new RangeError(`${fn(i)}: this engine already defines "${d.name}" differently (formula "${have.source}"); ` +
                           'define the saved one under another name or load into a fresh engine');
  });
  wanted.forEach((d, i) => registry.define(d, fn(i)));
}

/** engine.loadNetwork(json): validates every field, then rebuilds the network exactly. */
export function loadNetwork(raw: RawModule, registry: ActivationRegistry, json: unknown): Network {
  let data = json;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch (e) {
      throw new TypeError(`loadNetwork: json is not valid JSON (${(e as Error).message})`);
    }
  }
  const j = plainObject(data, 'loadNetwork: json', ['format', 'version', 'spec', 'layers', 'optimizer', 'epoch', 'rng', 'activations']);
  if (j.format !== FORMAT) throw new TypeError(`loadNetwork: format must be "${FORMAT}", got ${describe(j.format)}`);
  if (j.version !== 1) throw new RangeError(`loadNetwork: version must be 1, got ${describe(j.version)}`);
  defineCarried(registry, j.activations);
  const spec = normalizeSpec(j.spec, registry.all, 'loadNetwork: spec.', limitsOf(raw));
  const o = plainObject(j.optimizer, 'loadNetwork: optimizer', ['steps', 'm', 'v']);
  checkInt(o.steps, 'loadNetwork: optimizer.steps', 0, Number.MAX_SAFE_INTEGER);
  checkInt(j.epoch, 'loadNetwork: epoch', 0, Number.MAX_SAFE_INTEGER);
  if (!Array.isArray(j.rng) || j.rng.length !== 4)
    throw new TypeError(`loadNetwork: rng must be an array of 4 unsigned 32-bit integers, got ${describe(j.rng)}`);
  j.rng.forEach((v, i) => checkInt(v, `loadNetwork: rng[${i}]`, 0, 0xffffffff));
  if ((j.rng[3] as number) % 2 !== 1) throw new RangeError('loadNetwork: rng[3] must be odd (a PCG increment is odd)');
  let net: Network;
  try {
    net = new Network(raw, registry, spec);
  } catch (e) {
    if (e instanceof Error) e.message = e.message.replace(/^network: /, 'loadNetwork: spec.');
    throw e;
  }
  try {
    net.restore(j as unknown as NetworkJSON);
  } catch (e) {
    net.dispose();
    throw e;
  }
  return net;
}
