// The activation catalogue as JS sees it: engine.activations, engine.activation(name, params) and
// softmax. The catalogue (names, parameters with ranges, TeX) comes from cpp/include/ap/catalogue.inc
// through the bindings; every argument is checked here, so the kernels only ever see valid input.
import { inspectAs, showParams } from './inspect.js';
import { checkNumber, checkObject, checkOptions, checkString, describe, toFloat32, type Batch } from './errors.js';
import type { ActivationRegistry, FormulaExpression } from './formula.js';
import { formulaSlots } from './formula.js';
import { allocF32, type HeapF32, toHeap, withHeap } from './heap.js';
import type { RawModule } from './raw.js';

/** A parameter of an activation: its default and the closed range engine.activation() accepts. */
export interface ParamInfo {
  default: number;
  min: number;
  max: number;
  /** A network may train it (prelu alpha, swish beta). */
  learnable: boolean;
  /** {@link Activation.paramDerivative} supports it (alpha and beta; theta and threshold move a jump). */
  differentiable: boolean;
}

/** One entry of the catalogue. */
export interface ActivationInfo {
  /** Keras-style name, e.g. "leaky_relu". */
  name: string;
  /** Display label, e.g. "Leaky ReLU". */
  label: string;
  /** Its parameters by name (alpha, beta, theta, threshold); {} for none. */
  params: Readonly<Record<string, Readonly<ParamInfo>>>;
  /** TeX of f(x). */
  formula: string;
  /** TeX of f′(x). */
  derivativeFormula: string;
  /** Formula activations only: the formula as typed (engine.defineActivation). */
  source?: string;
  /** Formula activations only: the parsed, simplified f as a tree, e.g. ["mul", "x", ["sigmoid", "x"]]. */
  expression?: FormulaExpression;
}

/** Softmax, the one vector operation of the catalogue (see {@link Engine.softmax}). */
export interface SoftmaxInfo {
  name: 'softmax';
  label: string;
  /** TeX of y_i. */
  formula: string;
  /** TeX of the Jacobian ∂y_i/∂x_j. */
  derivativeFormula: string;
}

/** Parameters of an activation (each activation reads only its own; see {@link ActivationInfo.params}). */
export interface ActivationParams {
  alpha?: number;
  beta?: number;
  theta?: number;
  threshold?: number;
  /** A formula activation's own parameters, by their declared names. */
  [name: string]: number | undefined;
}

/**
 * Properties computed by the engine from the function itself (numeric probing of f and f′; the method is
 * documented in cpp/include/ap/analysis.h). Numbers are rounded to 7 significant digits.
 */
export interface ActivationProperties {
  /** [inf f, sup f]; ±Infinity when unbounded. */
  range: [number, number];
  /** f′(x) → 0 as x → −∞ / +∞. */
  saturates: { left: boolean; right: boolean };
  /** lim f′(x) at −∞ / +∞ (null where there is no limit). */
  derivativeLimits: { left: number | null; right: number | null };
  /** f never decreases, or never increases. */
  monotonic: boolean;
  /** f(0) = 0 and f takes both signs. */
  zeroCentered: boolean;
  bounded: { below: boolean; above: boolean };
  /** 'discontinuous' (f jumps), 'C0' (f′ jumps), 'C1' (f″ jumps) or 'smooth'. */
  smoothness: 'discontinuous' | 'C0' | 'C1' | 'smooth';
  /** The leftmost interval where f′ is exactly 0 (e.g. relu: [−∞, 0]), or null. */
  deadZone: [number, number] | null;
  /** Every such interval, left to right (hard_tanh has two). */
  deadZones: [number, number][];
}

// The order of ap::Param (cpp/include/ap/activations.h); the raw calls take the index.
const PARAM_NAMES = ['alpha', 'beta', 'theta', 'threshold'] as const;
// Floats per pass of a batch call (see Activation.passes).
const PASS = 1 << 16;
// ActParams' defaults for the fields an activation does not read.
const UNUSED = { alpha: 0, beta: 1, theta: 1, threshold: 20 };

// The raw entry points of a catalogue activation (4 parameter fields) and of a formula (8 slots).
const CATALOGUE_CALLS = { forward: '_forwardPtr', derivative: '_derivativePtr', both: '_forwardDerivativePtr',
                          param: '_paramDerivativePtr', properties: '_properties' } as const;
const FORMULA_CALLS = { forward: '_formulaForwardPtr', derivative: '_formulaDerivativePtr', both: '_formulaForwardDerivativePtr',
                        param: '_formulaParamDerivativePtr', properties: '_formulaProperties' } as const;
type Call = keyof typeof CATALOGUE_CALLS;

/**
 * properties() by definition (a catalogue entry or one formula definition: a redefinition is a new info)
 * and parameter values, shared by every Activation of them: the analysis is the slowest call of a plot's
 * first paint, and a page's plot and property table ask it for the same activations. At most
 * PROPERTIES_KEPT parameter sets per definition are kept, the least recently used leaving first: a slider
 * dragged for an hour makes a new set at every step, and the cache must not grow with it.
 */
const PROPERTIES = new WeakMap<ActivationInfo, Map<string, ActivationProperties>>();
export const PROPERTIES_KEPT = 256;

/** An activation with fixed parameters; evaluates batches in one call each (one copy in, one copy out). */

export class Activation {
  private props: ActivationProperties | undefined;
  private readonly formula: boolean;

  static {
    inspectAs(Activation, (a) => ({ name: a.name, params: showParams(a.params) }));
  }

  /** @internal */
  constructor(private readonly raw: RawModule, private readonly info: ActivationInfo, private readonly index: number,
              readonly params: Readonly<ActivationParams>) {
    this.formula = info.source !== undefined;
  }

  /** The catalogue name ("identity" also for "linear"). */
  get name(): string {
    return this.info.name;
  }

  /** The display label, e.g. "Leaky ReLU". */
  get label(): string {
    return this.info.label;
  }

  /**
   * f(x): a number for a number; for an array, a new Float32Array, or `out` filled and returned (a
   * Float32Array of x's length, which may be x itself: no allocation, the fastest form for repeated
   * calls). NaN in gives NaN out.
   */
  forward(x: number): number;
  forward(x: Batch, out?: Float32Array): Float32Array;
  forward(x: number | Batch, out?: Float32Array): number | Float32Array {
    return this.map('forward', x, out, (src, dst, n) => this.call('forward', [this.index, ...this.args(), src, dst, n]));
  }

  /** f′(x): a number for a number; for an array, a new Float32Array or `out` (as in {@link forward}). */
  derivative(x: number): number;
  derivative(x: Batch, out?: Float32Array): Float32Array;
  derivative(x: number | Batch, out?: Float32Array): number | Float32Array {
    return this.map('derivative', x, out, (src, dst, n) => this.call('derivative', [this.index, ...this.args(), src, dst, n]));
  }

  /**
   * f(x) and f′(x) in one call, bit for bit {@link forward} and {@link derivative}: one pass over the
   * data, and where f and f′ share work (the exponential of sigmoid, tanh, elu, softplus...) it is done
   * once. Like tf.valueAndGrad for an element-wise f. Numbers for a number; for an array, two new
   * Float32Arrays, or `out.value` and `out.derivative` filled and returned (Float32Arrays of x's length;
   * either may be x itself, not both the same array).
   */
  valueAndDerivative(x: number): { value: number; derivative: number };
  valueAndDerivative(x: Batch, out?: { value: Float32Array; derivative: Float32Array }): { value: Float32Array; derivative: Float32Array };
  valueAndDerivative(x: number | Batch, out?: { value: Float32Array; derivative: Float32Array }):
      { value: number | Float32Array; derivative: number | Float32Array } {
    const fn = 'valueAndDerivative';
    const input = typeof x === 'number' ? Float32Array.of(x) : toFloat32(x, `${fn}: x`);
    let outs: [Float32Array, Float32Array] | undefined;
    if (out !== undefined) {
      if (typeof x === 'number') throw new TypeError(`${fn}: out is for arrays; x is a number, got out = ${describe(out)}`);
      const o = checkOptions(out, `${fn}: out`, ['value', 'derivative']);
      outs = [checkOut(o.value, `${fn}: out.value`, input.length), checkOut(o.derivative, `${fn}: out.derivative`, input.length)];
      if (outs[0] === outs[1]) throw new RangeError(`${fn}: out.value and out.derivative must be two different arrays`);
    }
    // y in place over the copy of x, f′ beside it.
    const [value, derivative] = this.passes(fn, input, 2, (src, d, n) =>
      this.call('both', [this.index, ...this.args(), src, src, d, n]), outs);
    return typeof x === 'number' ? { value: value[0], derivative: derivative[0] } : { value, derivative };
  }

  /**
   * ∂f/∂param at x, for a parameter with `differentiable: true` in the catalogue: leaky_relu, prelu, elu and
   * celu alpha, swish and softplus beta. E.g. for elu, ∂f/∂α = eˣ − 1 for x ≤ 0, else 0.
   */
  paramDerivative(param: string, x: number): number;
  paramDerivative(param: string, x: Batch, out?: Float32Array): Float32Array;
  paramDerivative(param: string, x: number | Batch, out?: Float32Array): number | Float32Array {
    const what = 'paramDerivative: param';
    checkString(param, what);
    const ok = Object.entries(this.info.params).filter(([, m]) => m.differentiable).map(([k]) => k);
    if (!ok.includes(param)) {
      const has = ok.length ? `must be ${ok.map((k) => `"${k}"`).join(' or ')}` :
                              `must name a parameter with a derivative, and ${this.info.name} has none`;
      const why = param in this.info.params ? ` (${param} moves a jump of ${this.info.name}, so f has no derivative in it)` : '';
      throw new RangeError(`${what} ${has}${why}, got ${describe(param)}`);
    }
    // ap::Param: the catalogue's four fields, then the formula slots (4 + declaration index).
    const k = this.formula ? 4 + Object.keys(this.info.params).indexOf(param)
      : PARAM_NAMES.indexOf(param as (typeof PARAM_NAMES)[number]);
    return this.map('paramDerivative', x, out,
                    (src, dst, n) => this.call('param', [this.index, k, ...this.args(), src, dst, n]));
  }

  /** The properties of f with these parameters (computed once per Activation, then shared; frozen). */
  properties(): ActivationProperties {
    if (!this.props) {
      const args = this.args();
      let byArgs = PROPERTIES.get(this.info);
      if (!byArgs) PROPERTIES.set(this.info, (byArgs = new Map()));
      const key = args.map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(',');
      this.props = byArgs.get(key);
      if (this.props) byArgs.delete(key);  // re-inserted below: a Map keeps insertion order, the oldest first
      else this.props = deepFreeze(this.call('properties', [this.index, ...args]) as ActivationProperties);
      byArgs.set(key, this.props);
      if (byArgs.size > PROPERTIES_KEPT) byArgs.delete(byArgs.keys().next().value as string);
    }
    return this.props;
  }

  private args(): number[] {
    if (this.formula) return formulaSlots(this.info, this.params);
    const p = { ...UNUSED, ...this.params };
    return [p.alpha, p.beta, p.theta, p.threshold];
  }

  private call(kind: Call, args: number[]): unknown {
    const fn = this.raw[(this.formula ? FORMULA_CALLS : CATALOGUE_CALLS)[kind]] as (...a: number[]) => unknown;
    return fn(...args);
  }

  private map(fn: string, x: number | Batch, out: Float32Array | undefined,
              run: (src: number, dst: number, n: number) => void): number | Float32Array {
    const input = typeof x === 'number' ? Float32Array.of(x) : toFloat32(x, `${fn}: x`);
    if (out !== undefined) {
      if (typeof x === 'number') throw new TypeError(`${fn}: out is for arrays; x is a number, got out = ${describe(out)}`);
      checkOut(out, `${fn}: out`, input.length);
    }
    // In place on the heap (the kernels allow x == y).
    const [y] = this.passes(fn, input, 1, (src, m) => run(src, src, m), out && [out]);
    return typeof x === 'number' ? y[0] : y;
  }

  /**
   * Runs a kernel over x in passes of at most PASS floats through `count` heap buffers (the first holds
   * the copy of x): each pass copies its slice in, runs `kernel(buffer pointers..., n)` and copies every
   * buffer out into the results (new arrays, or `outs`). 256 KiB slices stay in the cache between the
   * copy in, the kernel and the copy out, which saves a third of the time of a cheap kernel on 2^20
   * values, and any length fits in a small heap. Slices of x are read before the same slice of an
   * output is written, so an output may be x itself.
   */
  private passes(fn: string, input: Float32Array, count: number, kernel: (...ptrsAndN: number[]) => void,
                 outs?: Float32Array[]): Float32Array[] {
    const n = input.length, size = Math.min(n, PASS);
    const results = outs ?? Array.from({ length: count }, () => new Float32Array(n));
    const bufs: HeapF32[] = [];
    return withHeap(bufs, () => {
      for (let k = 0; k < count; k++) bufs.push(allocF32(this.raw, size, `${fn}: x`));
      const heap = this.raw.HEAPF32;  // after the allocations: the kernels never grow the memory
      const ptrs = bufs.map((b) => b.ptr);
      for (let i = 0; i < n; i += size) {
        const m = Math.min(size, n - i);
        heap.set(input.subarray(i, i + m), ptrs[0] >>> 2);
        kernel(...ptrs, m);
        for (let k = 0; k < count; k++) results[k].set(heap.subarray(ptrs[k] >>> 2, (ptrs[k] >>> 2) + m), i);
      }
      return results;
    });
  }


}

/** An `out` argument: a Float32Array of length n (TypeError / RangeError otherwise). */
function checkOut(out: unknown, what: string, n: number): Float32Array {
  if (!(out instanceof Float32Array)) throw new TypeError(`${what} must be a Float32Array, got ${describe(out)}`);
  if (out.length !== n) throw new RangeError(`${what} must have the length of x (${n}), got length ${out.length}`);
  return out;
}

/** Reads the catalogue once (frozen entries). */
export function readCatalogue(raw: RawModule): ActivationInfo[] {
  return raw._catalogue().map((e) => deepFreeze(e));
}

/** Reads softmax's entry. */
export function readSoftmaxInfo(raw: RawModule): SoftmaxInfo {
  return deepFreeze(raw._softmaxInfo());
}

/**
 * engine.activation(name, params): checks the name ("linear" is identity) and every parameter against the
 * catalogue (unknown name or out-of-range value: RangeError; wrong type: TypeError) and returns an
 * {@link Activation} with the defaults filled in.
 */
export function makeActivation(raw: RawModule, registry: ActivationRegistry, name: unknown,
                               params?: unknown): Activation {
  checkString(name, 'activation: name');
  const wanted = name === 'linear' ? 'identity' : name;
  const catalogue = registry.all;
  const info = catalogue.find((e) => e.name === wanted);
  if (!info) {
    const hint = name === 'softmax' ? ' (softmax is a vector operation: use engine.softmax(v))' : '';
    throw new RangeError(`activation: name must be one of ${catalogue.map((e) => e.name).join(', ')}${hint}; got ${describe(name)}`);
  }
  const given = params === undefined ? {} : checkObject(params, 'activation: params');
  const resolved: Record<string, number> = {};
  for (const [k, m] of Object.entries(info.params)) resolved[k] = m.default;
  // Types first (a string is a TypeError whatever the key), then names, then ranges.
  for (const [k, v] of Object.entries(given))
    if (typeof v !== 'number') throw new TypeError(`activation: params.${k} must be a number, got ${describe(v)}`);
  for (const [k, v] of Object.entries(given)) {
    const m = info.params[k];
    if (!m) {
      const has = Object.keys(info.params);
      throw new RangeError(`activation: params.${k} is not a parameter of ${info.name}; accepted: ` +
                           `${has.length ? has.join(', ') : `none (${info.name} has no parameters)`}`);
    }
    resolved[k] = checkNumber(v, `activation: params.${k}`, m.min, m.max);
  }
  return new Activation(raw, info, registry.index(info), Object.freeze(resolved));
}

/** engine.softmax(v): a new Float32Array y, y_i = e^{v_i} / Σ_j e^{v_j} (stable for any entries). */
export function softmax(raw: RawModule, v: unknown): Float32Array {
  const x = toFloat32(v, 'softmax: v');
  const bufs: HeapF32[] = [];
  return withHeap(bufs, () => {
    const src = toHeap(raw, x, 'softmax: v');
    bufs.push(src);
    raw._softmaxPtr(src.ptr, src.ptr, x.length);  // in place
    return src.copy();
  });
}

/**
 * engine.softmaxBackward(v, dy): Jᵀ·dy with J the Jacobian of softmax at v, (Jᵀ dy)_i = y_i (dy_i − ⟨y, dy⟩),
 * y = softmax(v). J is symmetric, so this is also the Jacobian-vector product J·dy.
 */
export function softmaxBackward(raw: RawModule, v: unknown, dy: unknown): Float32Array {
  const x = toFloat32(v, 'softmaxBackward: v');
  const g = toFloat32(dy, 'softmaxBackward: dy', { length: x.length, lengthWhy: 'the length of v' });
  const bufs: HeapF32[] = [];
  return withHeap(bufs, () => {
    const xs = toHeap(raw, x, 'softmaxBackward: v');
    bufs.push(xs);
    const gs = toHeap(raw, g, 'softmaxBackward: dy');
    bufs.push(gs);
    const y = allocF32(raw, x.length, 'softmaxBackward: v');
    bufs.push(y);
    raw._softmaxPtr(xs.ptr, y.ptr, x.length);
    raw._softmaxJvpPtr(y.ptr, gs.ptr, gs.ptr, x.length);
    return gs.copy();
  });
}

/** Freezes an object and everything in it. */
export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}
