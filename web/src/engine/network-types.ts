// The types of engine.network(spec) and loadNetwork(json): the spec and its normalized form, weights,
// grids and the saved JSON. Types only (and the JSON's format string). The types that link to Network's
// methods in their docs (FitOptions, Trace, LayerTrace, NormalizedLayerSpec) are in network.ts.
import type { ActivationParams } from './activations.js';
import type { ActivationDefinition } from './formula.js';
// Declared in network.ts, next to the Network whose doc links they hold ({@link Network.fit}, ...).
import type { NormalizedLayerSpec } from './network.js';

/** The `format` of a network's JSON. */
export const FORMAT = 'activation-playground/network';

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
