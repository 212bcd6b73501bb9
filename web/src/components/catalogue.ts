// Typed access to the engine's catalogue metadata (parameter ranges, TeX formulas, properties) for
// the components, in the engine's own types (web/src/engine/activations.ts).
import type { Activation, ActivationInfo, ActivationProperties, Engine, ParamInfo } from '../engine/index.js';
import type { ParamSpec } from '../state/params-spec.js';

/** The catalogue and the activations defined in this engine (engine.defineActivation). */
function entries(engine: Engine): readonly ActivationInfo[] {
  return [...engine.activations, ...engine.definedActivations];
}

/** The catalogue (or defined) entry for `name` ('linear' is identity), or undefined. */
export function entryOf(engine: Engine, name: string): ActivationInfo | undefined {
  const n = name === 'linear' ? 'identity' : name;
  return entries(engine).find((e) => e.name === n);
}

/** Names the engine knows, in catalogue order, then the defined ones. */
export function activationNames(engine: Engine): string[] {
  return entries(engine).map((e) => e.name);
}

/** FNV-1a of a string, as 8 hex digits (a stable name for a formula attribute's activation). */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * The activation of a `formula` attribute: defined in the engine under a name derived from the text (the
 * same text gives the same activation), labelled with the formula. Throws the engine's SyntaxError /
 * RangeError (message with the column) for a bad formula.
 */
export function formulaActivation(engine: Engine, formula: string): string {
  const name = `formula_${hash(formula)}`;
  engine.defineActivation({ name, formula, label: formula });
  return name;
}

/** The label to show for an activation: a formula's text, else its name. */
export function displayName(engine: Engine, name: string): string {
  return entryOf(engine, name)?.source ?? name;
}

/** The tunable parameters of an activation (those with a finite range), in a stable order. */
export function tunableParams(entry: ActivationInfo | undefined): [string, Readonly<ParamInfo>][] {
  const ps = entry?.params ?? {};
  return Object.entries(ps).filter(([, m]) => m && Number.isFinite(m.min) && Number.isFinite(m.max) && m.max > m.min);
}

/**
 * The parameters to evaluate `name` with: catalogue defaults overridden by `spec[name]`, clamped into
 * each parameter's range. Unknown parameter names and clamped values are described in `errors`.
 */
export function resolveParams(engine: Engine, name: string, spec: ParamSpec): { params: Record<string, number>; errors: string[] } {
  const entry = entryOf(engine, name);
  const meta = entry?.params ?? {};
  const params: Record<string, number> = {};
  const errors: string[] = [];
  for (const [p, m] of Object.entries(meta)) if (Number.isFinite(m?.default)) params[p] = m.default;
  for (const [p, v] of Object.entries(spec[name] ?? {})) {
    const m = meta[p];
    if (!m) {
      errors.push(`${name} has no parameter "${p}"`);
      continue;
    }
    const c = Math.min(m.max, Math.max(m.min, v));
    if (c !== v) errors.push(`${name}.${p}=${v} is outside [${m.min}, ${m.max}]; using ${c}`);
    params[p] = c;
  }
  return { params, errors };
}

/**
 * act.properties(). An error is not swallowed: it reaches the caller, whose element shows it in its
 * inline role="alert" list (a table of "n/a" or a plot without its saturation shading would hide it).
 */
export function propertiesOf(act: Activation): ActivationProperties {
  return act.properties();
}

/** Splits an attribute like "mish, swish" into names; reports the unknown ones. */
export function parseNames(engine: Engine, text: string): { names: string[]; unknown: string[] } {
  const known = new Set([...activationNames(engine), 'linear']);
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  const names: string[] = [];
  const unknown: string[] = [];
  for (const s of items) (known.has(s) ? names : unknown).push(s);
  return { names: [...new Set(names)], unknown };
}
