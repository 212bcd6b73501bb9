// Validation of what engine.network and fit() take: the spec (every field, defaults filled in, the
// core's limits), the learning and regularization rates, fit's options, a grid; and the catalogue
// lookups the network needs (an activation by name, its learnable parameter). Each check is written once.
import type { ActivationInfo, ActivationParams } from './activations.js';
import { checkBoolean, checkFinite, checkInt, checkNumber, checkObject, checkOneOf, checkOptions, describe, toFloat32 } from './errors.js';
import type { Limits } from './limits.js';
import type { FitOptions, NormalizedLayerSpec } from './network.js';
import type { RawLayout } from './raw.js';
import type { Feature, GridSpec, InitName, Learnable, LossName, NormalizedSpec, OptimizerName, OptimizerSpec } from './network-types.js';

/** Every input feature of the 2-D form, in the engine's order. */
export const FEATURES: readonly Feature[] = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];
const LOSSES: readonly LossName[] = ['bce', 'cross_entropy', 'mse'];
const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];
const INITS: readonly InitName[] = ['xavier', 'he', 'lecun', 'uniform'];
const REGS = ['none', 'l1', 'l2'] as const;
/** The catalogue by name (alias 'linear' included), built once per catalogue: networks are created
 *  once per training run, and a playground resets often. */
const byName = new WeakMap<readonly ActivationInfo[], Map<string, ActivationInfo>>();
export function lookup(catalogue: readonly ActivationInfo[]): Map<string, ActivationInfo> {
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
export function learnableParam(catalogue: readonly ActivationInfo[], activation: string): string | undefined {
  const info = lookup(catalogue).get(activation);
  if (!info) return undefined;
  return Object.keys(info.params).find((k) => info.params[k].learnable && info.params[k].differentiable);
}

const oneOf = <T extends string>(value: unknown, accepted: readonly T[], what: string): T => checkOneOf(value, what, accepted);

// A required object with only the listed keys.
export const plainObject = (value: unknown, what: string, known: readonly string[]): Record<string, unknown> =>
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

/** fit()'s options with their defaults (1 epoch, batches of 10, shuffled), checked against the core's limits. */
export function checkFitOptions(options: unknown, limits: Limits): Required<FitOptions> {
  const o = checkOptions(options, 'network.fit: options', ['epochs', 'batchSize', 'shuffle']);
  return {
    epochs: checkInt(o.epochs ?? 1, 'network.fit: options.epochs', 1, limits.maxEpochs),
    batchSize: checkInt(o.batchSize ?? 10, 'network.fit: options.batchSize', 1, limits.maxBatchSize),
    shuffle: checkBoolean(o.shuffle ?? true, 'network.fit: options.shuffle'),
  };
}

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

/**
 * Layers of weights (setWeights, loadNetwork's layers) as the [offset, values] to write into the flat
 * parameter vector of `layout`. Every layer's keys, shapes and values are checked before any is returned,
 * so nothing is written unless all are valid. `learn`: each layer's learnable parameter name, if any.
 */
export function checkLayerWeights(layers: unknown, layout: readonly RawLayout[], learn: ReadonlyArray<string | undefined>,
                                  what: string): Array<[number, Float32Array]> {
  if (!Array.isArray(layers)) throw new TypeError(`${what} must be an array, got ${describe(layers)}`);
  if (layers.length !== layout.length)
    throw new RangeError(`${what} must have ${layout.length} layers (hidden then output), got ${layers.length}`);
  const parts: Array<[number, Float32Array]> = [];
  layers.forEach((layer, i) => {
    const l = layout[i];
    const name = learn[i];
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
  return parts;
}
