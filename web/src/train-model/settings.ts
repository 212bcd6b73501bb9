// The Train settings shared by the <ap-playground> and <ap-train-controls> elements and the app's Train
// view: one table (TF Playground's PROPS idea) drives defaults, parsing from attribute/URL strings,
// serialising back, and the network spec and data set the worker gets.
import type { Feature, GenerateSpec, InitName, LossName, OptimizerName } from '../engine/index.js';

/** A network spec with every field the Train view sets (assignable to the engine's NetworkSpec). */
export interface TrainSpec {
  features: Feature[];
  layers: { units: number; activation: string }[];
  output: { units: number; activation: string };
  loss: LossName;
  optimizer: { name: OptimizerName; learningRate: number };
  regularization: { kind: 'none' | 'l1' | 'l2'; rate: number };
  init: InitName;
  seed: number;
}

/** Classification data sets, then TF Playground's two regression sets. */
export const CLASSIFICATION_DATASETS = ['circle', 'xor', 'gaussian', 'spiral', 'spiral3'] as const;
export const REGRESSION_DATASETS = ['plane', 'multi_gaussian'] as const;
export const DATASETS = [...CLASSIFICATION_DATASETS, ...REGRESSION_DATASETS] as const;
export const PROBLEMS = ['classification', 'regression'] as const;
export const FEATURES = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'] as const;
/** The name under which Explore's Custom formula is defined (ap-playground offers it when given its definition). */
export const FORMULA_ACTIVATION = 'custom';
export const HIDDEN_ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'identity', 'leaky_relu', 'elu', 'selu', 'gelu', 'swish',
  'mish', 'softplus', 'softsign', 'hard_tanh', 'relu6', 'hard_sigmoid', 'hard_swish', 'celu', 'step'] as const;
export const OUTPUT_ACTIVATIONS = ['sigmoid', 'tanh', 'identity', 'softmax'] as const;
export const LOSSES = ['bce', 'mse', 'cross_entropy'] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export const REGULARIZATIONS = ['none', 'l1', 'l2'] as const;
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const SPEEDS = [1, 2, 5, 10, 20, 50];
export const MAX_LAYERS = 8;
export const MAX_UNITS = 16;
/** Points per generated data set (TF Playground uses 500 for classification). */
export const N_POINTS = 500;
/** The plane the data lives on, as TF Playground: [-6, 6]². */
export const EXTENT: [number, number] = [-6, 6];

export interface TrainSettingsState {
  /** Classification (class labels) or regression (real targets: identity output and MSE by default). */
  problem: (typeof PROBLEMS)[number];
  dataset: (typeof DATASETS)[number];
  noise: number;           // percent, 0..50
  ratio: number;           // percent of points used for training, 10..90
  features: string[];
  layers: number[];        // units per hidden layer
  activation: string[];    // per hidden layer (the last repeats if shorter)
  output: string;
  loss: string;
  optimizer: string;
  learningRate: number;
  batchSize: number;
  regularization: string;
  regRate: number;
  seed: number;
  speed: number;
  discretize: boolean;
  showTest: boolean;
  /** Stop conditions, 0 = off: at this epoch, at test accuracy ≥ this (0..1), at test loss ≤ this. */
  stopEpoch: number;
  stopAccuracy: number;
  stopLoss: number;
}

export const DEFAULTS: Readonly<TrainSettingsState> = Object.freeze({
  dataset: 'circle', noise: 0, ratio: 50, features: ['x1', 'x2'], layers: [4, 2], activation: ['tanh'],
  output: 'sigmoid', loss: 'bce', optimizer: 'sgd', learningRate: 0.03, batchSize: 10, regularization: 'none',
  regRate: 0, seed: 1, speed: 1, discretize: false, showTest: false, problem: 'classification', stopEpoch: 0, stopAccuracy: 0,
  stopLoss: 0,
});

type Key = keyof TrainSettingsState;

/** One settable property: its attribute (also its URL key) and how its string form is read and written. */
interface Prop {
  key: Key;
  attr: string;
  parse(s: string): TrainSettingsState[Key];
  format(v: never): string;
}

function oneOf<T extends string>(list: readonly T[]) {
  return (s: string): T => {
    if (!(list as readonly string[]).includes(s)) throw new RangeError(`must be one of ${list.join(', ')}; got "${s}"`);
    return s as T;
  };
}
function num(min: number, max: number, integer = false) {
  return (s: string): number => {
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
      throw new RangeError(`must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]; got "${s}"`);
    return v;
  };
}
const bool = (s: string): boolean => {
  if (s === '' || s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw new RangeError(`must be true or false; got "${s}"`);
};
const list = (s: string) => (s.trim() === '' ? [] : s.split(',').map((x) => x.trim()));

/** The table: attribute names are also the URL keys (e.g. #train.layers=4,2 via the shell's registry). */
export const PROPS: Prop[] = [
  { key: 'problem', attr: 'problem', parse: oneOf(PROBLEMS), format: String },
  { key: 'dataset', attr: 'dataset', parse: oneOf(DATASETS), format: String },
  { key: 'noise', attr: 'noise', parse: num(0, 50), format: String },
  { key: 'ratio', attr: 'ratio', parse: num(10, 90, true), format: String },
  {
    key: 'features', attr: 'features', format: (v: string[]) => v.join(','),
    parse: (s) => {
      const f = list(s).map(oneOf(FEATURES));
      if (f.length === 0) throw new RangeError('needs at least one feature');
      return [...new Set(f)];
    },
  },
  {
    key: 'layers', attr: 'layers', format: (v: number[]) => v.join(','),
    parse: (s) => {
      const l = list(s).map(num(1, MAX_UNITS, true));
      if (l.length > MAX_LAYERS) throw new RangeError(`at most ${MAX_LAYERS} hidden layers; got ${l.length}`);
      return l;
    },
  },
  {
    key: 'activation', attr: 'activation', format: (v: string[]) => v.join(','),
    parse: (s) => {
      const a = list(s).map(oneOf([...HIDDEN_ACTIVATIONS, FORMULA_ACTIVATION]));
      if (a.length === 0) throw new RangeError('needs an activation');
      return a;
    },
  },
  { key: 'output', attr: 'output', parse: oneOf(OUTPUT_ACTIVATIONS), format: String },
  { key: 'loss', attr: 'loss', parse: oneOf(LOSSES), format: String },
  { key: 'optimizer', attr: 'optimizer', parse: oneOf(OPTIMIZERS), format: String },
  { key: 'learningRate', attr: 'learning-rate', parse: num(1e-6, 100), format: String },
  { key: 'batchSize', attr: 'batch-size', parse: num(1, 500, true), format: String },
  { key: 'regularization', attr: 'regularization', parse: oneOf(REGULARIZATIONS), format: String },
  { key: 'regRate', attr: 'reg-rate', parse: num(0, 100), format: String },
  { key: 'seed', attr: 'seed', parse: num(0, 2 ** 31 - 1, true), format: String },
  { key: 'speed', attr: 'speed', parse: num(1, 1000, true), format: String },
  { key: 'discretize', attr: 'discretize', parse: bool, format: String },
  { key: 'showTest', attr: 'show-test', parse: bool, format: String },
  { key: 'stopEpoch', attr: 'stop-epoch', parse: num(0, 1_000_000, true), format: String },
  { key: 'stopAccuracy', attr: 'stop-accuracy', parse: num(0, 1), format: String },
  { key: 'stopLoss', attr: 'stop-loss', parse: num(0, 100), format: String },
];

/** Reads settings from attribute-style strings; unknown keys are ignored, bad values reported per key. */
export function parseSettings(get: (attr: string) => string | null | undefined):
  { settings: TrainSettingsState; errors: { attr: string; message: string }[] } {
  const settings = cloneSettings(DEFAULTS);
  const errors: { attr: string; message: string }[] = [];
  for (const p of PROPS) {
    const s = get(p.attr);
    if (s === null || s === undefined) continue;
    try {
      (settings as unknown as Record<string, unknown>)[p.key] = p.parse(s);
    } catch (e) {
      errors.push({ attr: p.attr, message: (e as Error).message });
    }
  }
  return { settings: normalise(settings), errors };
}

/** The settings that differ from the defaults, as attribute → string (what goes into the URL). */
export function serialiseSettings(s: TrainSettingsState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of PROPS) {
    const v = p.format(s[p.key] as never);
    if (v !== p.format(DEFAULTS[p.key] as never)) out[p.attr] = v;
  }
  return out;
}

export function cloneSettings(s: Readonly<TrainSettingsState>): TrainSettingsState {
  return { ...s, features: [...s.features], layers: [...s.layers], activation: [...s.activation] };
}

/** Number of classes of a data set (0 for a regression set: real-valued targets). */
export function classesOf(dataset: string): number {
  if ((REGRESSION_DATASETS as readonly string[]).includes(dataset)) return 0;
  return dataset === 'spiral3' ? 3 : 2;
}

/** The stop condition of the worker protocol for these settings (0 = that limit is off), or null. */
export function stopCondition(s: TrainSettingsState): { epoch?: number; testAccuracy?: number; testLoss?: number } | null {
  const stop: { epoch?: number; testAccuracy?: number; testLoss?: number } = {};
  if (s.stopEpoch > 0) stop.epoch = s.stopEpoch;
  if (s.stopAccuracy > 0 && s.problem === 'classification') stop.testAccuracy = s.stopAccuracy;
  if (s.stopLoss > 0) stop.testLoss = s.stopLoss;
  return Object.keys(stop).length ? stop : null;
}

/**
 * Makes output and loss fit the class count: several classes need softmax with cross-entropy;
 * softmax needs cross-entropy and cross-entropy needs softmax.
 */
export function normalise(s: TrainSettingsState, classes = classesOf(s.dataset)): TrainSettingsState {
  const out = cloneSettings(s);
  // The data set follows the problem type; regression trains real outputs with MSE.
  const regressionSet = (REGRESSION_DATASETS as readonly string[]).includes(out.dataset);
  if (out.problem === 'regression') {
    if (!regressionSet) out.dataset = 'plane';
    // Real targets in [-1.2, 1.2]: a sigmoid (or softmax) output could not reach the negative ones.
    if (out.output === 'softmax' || out.output === 'sigmoid') out.output = 'identity';
    out.loss = 'mse';
    return out;
  }
  if (regressionSet) out.dataset = 'circle';
  if (classes > 2 || out.output === 'softmax' || out.loss === 'cross_entropy') {
    out.output = 'softmax';
    out.loss = 'cross_entropy';
  }
  return out;
}

/** The activation of hidden layer i (the list's last entry repeats). */
export function layerActivation(s: TrainSettingsState, i: number): string {
  return s.activation[Math.min(i, s.activation.length - 1)] ?? 'tanh';
}

/** The network spec of DESIGN.md for these settings. */
export function networkSpec(s: TrainSettingsState, classes = classesOf(s.dataset)): TrainSpec {
  const softmax = s.output === 'softmax';
  return {
    features: [...s.features] as Feature[],
    layers: s.layers.map((units, i) => ({ units, activation: layerActivation(s, i) })),
    output: { units: softmax ? classes : 1, activation: s.output },
    loss: s.loss as LossName,
    optimizer: { name: s.optimizer as OptimizerName, learningRate: s.learningRate },
    regularization: s.regularization === 'none' ? { kind: 'none', rate: 0 }
      : { kind: s.regularization as 'l1' | 'l2', rate: s.regRate },
    init: 'xavier',
    seed: s.seed,
  };
}

/** Whether changing `key` needs a new network (and possibly new data), or is applied live. */
export function changeKind(key: Key): 'data' | 'network' | 'live' | 'view' {
  if (key === 'dataset' || key === 'noise' || key === 'ratio' || key === 'seed' || key === 'problem') return 'data';
  if (key === 'learningRate' || key === 'batchSize' || key === 'speed' || key === 'regRate' || key.startsWith('stop')) return 'live';
  if (key === 'discretize' || key === 'showTest') return 'view';
  return 'network';
}

/** Settings read back from a network spec (after a JSON import), keeping the data and view settings. */
export function settingsFromSpec(s: TrainSettingsState, spec: TrainSpec): TrainSettingsState {
  const out = cloneSettings(s);
  out.features = [...spec.features];
  out.layers = spec.layers.map((l) => l.units);
  out.activation = spec.layers.length ? spec.layers.map((l) => l.activation) : out.activation;
  out.output = spec.output.activation;
  out.loss = spec.loss;
  out.optimizer = spec.optimizer.name;
  out.learningRate = spec.optimizer.learningRate;
  const reg = spec.regularization;
  out.regularization = !reg || reg.rate === 0 || reg.kind === 'none' ? 'none' : reg.kind;
  out.regRate = reg?.rate ?? 0;
  if (spec.seed !== undefined) out.seed = spec.seed;
  return out;
}

/** The data set to generate for these settings. Noise is a percentage in the UI, a fraction for the engine. */
export function generateSpec(s: TrainSettingsState): GenerateSpec {
  const classes = classesOf(s.dataset);
  const spec: GenerateSpec = {
    dataset: s.dataset === 'spiral3' ? 'spiral' : s.dataset, n: N_POINTS, noise: s.noise / 100, seed: s.seed,
    testRatio: 1 - s.ratio / 100,
  };
  if (classes > 0) spec.classes = classes;  // the regression sets take no class count
  return spec;
}
