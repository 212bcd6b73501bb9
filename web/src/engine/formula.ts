// Activations typed as formulas: engine.defineActivation() and the registry that puts them next to the
// catalogue. Parsing, differentiation, TeX and evaluation happen in the C++ core (cpp/src/formula/):
// nothing here evaluates text. Types are checked here (TypeError); everything else (syntax, names,
// arities, limits, parameter ranges) is checked once, in C++, and comes back as data so that the
// SyntaxError carries its column.
import { type ActivationInfo, deepFreeze, type ParamInfo } from './activations.js';
import { checkBoolean, checkObject, checkOptions, checkString, describe } from './errors.js';
import type { RawModule } from './raw.js';

/** A parameter of a formula: its default, the closed range a user may set, and whether networks train it. */
export interface FormulaParamSpec {
  default: number;
  min: number;
  max: number;
  /** [false] A network may train it (per layer or per unit, like prelu's α). */
  learnable?: boolean;
}

/** What {@link Engine.defineActivation} takes (and what a network's JSON carries for each formula it uses). */
export interface ActivationDefinition {
  /** An identifier that is not a catalogue name, e.g. "my_swish". */
  name: string;
  /** f(x) in the formula language (README: "Formula activations"), e.g. "x * sigmoid(beta * x)". */
  formula: string;
  /** Parameters by name, at most 8, e.g. { beta: { default: 1, min: 0, max: 10, learnable: true } }. */
  params?: Record<string, FormulaParamSpec>;
  /** Display label (the name if left out). */
  label?: string;
}

/** The parsed, simplified f as data: numbers, "x", parameter names, and [op, ...operands]. */
export type FormulaExpression = number | string | [string, ...FormulaExpression[]];

/** TeX of a formula and of its derivative (what {@link Engine.checkFormula} returns). */
export interface FormulaPreview {
  formula: string;
  derivativeFormula: string;
}

/** A SyntaxError from a formula; `column` is 1-based. */
export interface FormulaSyntaxError extends SyntaxError {
  column: number;
}

type RawError = { error: 'SyntaxError' | 'RangeError'; message: string; column: number };

function raise(r: RawError, fn: string): never {
  const message = `${fn}: ${r.message}`;
  if (r.error === 'SyntaxError') {
    const e = new SyntaxError(message) as FormulaSyntaxError;
    e.column = r.column;
    throw e;
  }
  throw new RangeError(message);
}

/** Checks types and fills in defaults: the definition as it is stored and saved. */
export function normalizeDefinition(def: unknown, fn: string): Required<ActivationDefinition> {
  const d = checkOptions(checkObject(def, `${fn}: definition`), `${fn}: definition`, ['name', 'formula', 'params', 'label']);
  const name = checkString(d.name, `${fn}: name`);
  const formula = checkString(d.formula, `${fn}: formula`);
  const label = d.label === undefined ? name : checkString(d.label, `${fn}: label`);
  const params: Record<string, FormulaParamSpec> = {};
  const given = d.params === undefined ? {} : checkObject(d.params, `${fn}: params`);
  for (const [k, v] of Object.entries(given)) {
    const what = `${fn}: params.${k}`;
    const p = checkOptions(checkObject(v, what), what, ['default', 'min', 'max', 'learnable']);
    for (const key of ['default', 'min', 'max'] as const)
      if (typeof p[key] !== 'number') throw new TypeError(`${what}.${key} must be a number, got ${describe(p[key])}`);
    params[k] = {
      default: p.default as number, min: p.min as number, max: p.max as number,
      learnable: p.learnable === undefined ? false : checkBoolean(p.learnable, `${what}.learnable`),
    };
  }
  return { name, formula, params, label };
}

function sameDefinition(a: Required<ActivationDefinition>, b: Required<ActivationDefinition>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The catalogue plus the activations defined in this engine; `all` is what networks and engine.activation() read. */
export class ActivationRegistry {
  /** Catalogue entries, then the current definition of each user name (a new array after each define). */
  all: readonly ActivationInfo[];
  readonly #catalogue: readonly ActivationInfo[];
  readonly #user = new Map<string, ActivationInfo>();
  readonly #index = new WeakMap<ActivationInfo, number>();
  readonly #defs = new WeakMap<ActivationInfo, Required<ActivationDefinition>>();

  constructor(private readonly raw: RawModule, catalogue: readonly ActivationInfo[]) {
    this.#catalogue = catalogue;
    catalogue.forEach((e, i) => this.#index.set(e, i));
    this.all = catalogue;
  }

  /** The user-defined activations, in definition order of their names. */
  get defined(): readonly ActivationInfo[] {
    return [...this.#user.values()];
  }

  /** Defines (or redefines) a formula activation; returns its info. Nothing changes if it throws. */
  define(def: unknown, fn = 'defineActivation'): ActivationInfo {
    const d = normalizeDefinition(def, fn);
    const old = this.#user.get(d.name);
    if (old && sameDefinition(this.#defs.get(old)!, d)) return old;
    const spec = Object.entries(d.params).map(([name, p]) => ({ name, ...p, learnable: p.learnable ?? false }));
    const r = this.raw._defineActivation(d.name, d.formula, d.label, spec);
    if ('error' in r) raise(r, fn);
    const { index, expression, ...rest } = r;
    const params = rest.params as Record<string, ParamInfo>;
    const info: ActivationInfo = deepFreeze({ ...rest, params, source: d.formula, expression: JSON.parse(expression) });
    this.#index.set(info, index);
    this.#defs.set(info, d);
    this.#user.set(d.name, info);
    this.all = Object.freeze([...this.#catalogue, ...this.#user.values()]);
    return info;
  }

  /** The definition behind a user activation's info (undefined for the catalogue's). */
  definition(info: ActivationInfo): Required<ActivationDefinition> | undefined {
    return this.#defs.get(info);
  }

  /** The engine's index (ap::Act) of an entry of `all`. */
  index(info: ActivationInfo): number {
    const i = this.#index.get(info);
    if (i === undefined) throw new RangeError(`activation: ${info.name} is not from this engine`);
    return i;
  }

  /** TeX of f and f′ for a formula with these parameter names, defining nothing (live validation). */
  preview(formula: unknown, params: unknown = [], fn = 'checkFormula'): FormulaPreview {
    const text = checkString(formula, `${fn}: formula`);
    if (!Array.isArray(params)) throw new TypeError(`${fn}: params must be an array of names, got ${describe(params)}`);
    params.forEach((p, i) => checkString(p, `${fn}: params[${i}]`));
    const r = this.raw._formulaPreview(text, params as string[]);
    if ('error' in r) raise(r, fn);
    return r;
  }
}

/** The 8 formula parameter slots, in declaration order (NaN where not given: the default). */
export function formulaSlots(info: ActivationInfo, params: Readonly<Record<string, number | undefined>>): number[] {
  const slots = Object.keys(info.params).map((k) => params[k] ?? NaN);
  while (slots.length < 8) slots.push(NaN);
  return slots;
}

