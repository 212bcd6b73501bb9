// Typed access to the engine's catalogue metadata (parameter ranges, TeX formulas, properties) for
// the components. The shapes are those of DESIGN.md; every field is read defensively, so a component
// shows "not available" rather than failing when an engine lacks one.
import type { Activation, Engine } from '../engine/index.js';
import type { ParamSpec } from '../state/params-spec.js';

/** Range and default of one parameter. */
export interface ParamMeta {
  default: number;
  min: number;
  max: number;
  learnable?: boolean;
}

/** One catalogue entry, with the optional metadata. */
export interface CatalogueEntry {
  name: string;
  label: string;
  params?: Record<string, ParamMeta>;
  formula?: string;
  derivativeFormula?: string;
}

/** What act.properties() reports (DESIGN.md). */
export interface Properties {
  range: [number, number];
  saturates: { left: boolean; right: boolean };
  derivativeLimits: { left: number; right: number };
  monotonic: boolean;
  zeroCentered: boolean;
  bounded: { below: boolean; above: boolean };
  smoothness: 'discontinuous' | 'C0' | 'C1' | 'smooth';
  deadZone: [number, number] | null;
}

/** The catalogue and the activations defined in this engine (engine.defineActivation). */
function entries(engine: Engine): readonly CatalogueEntry[] {
  const defined = (engine as { definedActivations?: readonly CatalogueEntry[] }).definedActivations ?? [];
  return [...(engine.activations as readonly CatalogueEntry[]), ...defined];
}

/** The catalogue (or defined) entry for `name` ('linear' is identity), or undefined. */
export function entryOf(engine: Engine, name: string): CatalogueEntry | undefined {
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
  const e = entryOf(engine, name) as (CatalogueEntry & { source?: string }) | undefined;
  return e?.source ?? name;
}

/** The tunable parameters of an activation (those with a finite range), in a stable order. */
export function tunableParams(entry: CatalogueEntry | undefined): [string, ParamMeta][] {
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

/** act.properties() when the engine provides it, else null. */
export function propertiesOf(act: Activation): Properties | null {
  const fn = (act as unknown as { properties?: () => Properties }).properties;
  if (typeof fn !== 'function') return null;
  try {
    return fn.call(act);
  } catch {
    return null;
  }
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
