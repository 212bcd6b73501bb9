// Explore's "Custom" entry: a formula and its parameter declarations ("beta = 1 in [0, 10]; ..."),
// defined in the engine as the activation `custom` as the user types (the engine parses and checks it;
// a parse error is shown with a caret under its column), kept in the URL as `custom` and
// `custom-params` once it is valid.
import { html, nothing, type TemplateResult } from 'lit';

import type { ActivationDefinition, ActivationInfo, Engine, FormulaParamSpec } from '../../engine/index.js';
import { t } from '../../i18n/index.js';

/** The name the custom formula is defined under. */
export const CUSTOM = 'custom';

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const DECL = new RegExp(String.raw`^\s*([A-Za-z_]\w*)\s*=\s*(${NUM})\s*in\s*\[\s*(${NUM})\s*,\s*(${NUM})\s*\]\s*(learnable)?\s*$`);

/** "beta = 1 in [0, 10]; gamma = 0.5 in [0, 1] learnable" as defineActivation's params. */
export function parseDeclarations(text: string): { params: Record<string, FormulaParamSpec>; error: string } {
  const params: Record<string, FormulaParamSpec> = {};
  for (const part of text.split(/[;\n]/)) {
    if (!part.trim()) continue;
    const m = DECL.exec(part);
    if (!m) return { params, error: t('custom.badDecl', { text: part.trim() }) };
    params[m[1]] = { default: Number(m[2]), min: Number(m[3]), max: Number(m[4]), learnable: m[5] !== undefined };
  }
  return { params, error: '' };
}

/** Inverse of parseDeclarations, for an info's params. */
export function formatDeclarations(info: ActivationInfo): string {
  return Object.entries(info.params).map(([k, p]) => `${k} = ${p.default} in [${p.min}, ${p.max}]${p.learnable ? ' learnable' : ''}`).join('; ');
}

/** What trying a formula gave: the info, or the error with its column (0: not at a place). */
export interface CustomResult {
  info: ActivationInfo | null;
  error: string;
  column: number;
}

/** Defines `custom` from the text; never throws. */
export function defineCustom(engine: Engine, formula: string, declarations: string): CustomResult {
  const { params, error } = parseDeclarations(declarations);
  if (error) return { info: null, error, column: 0 };
  const def: ActivationDefinition = { name: CUSTOM, formula, params, label: CUSTOM };
  try {
    return { info: engine.defineActivation(def), error: '', column: 0 };
  } catch (e) {
    return { info: null, error: (e as Error).message, column: (e as { column?: number }).column ?? 0 };
  }
}

/** The card: formula and parameter inputs, the error (with a caret under its column) or the TeX. */
export function customCard(o: {
  formula: string; declarations: string; result: CustomResult | null;
  onFormula: (text: string) => void; onDeclarations: (text: string) => void;
}): TemplateResult {
  const r = o.result;
  const caret = r && r.column > 0 ? html`<pre class="ap-custom-caret" aria-hidden="true" style="padding-left: 0.4rem">${o.formula}
${' '.repeat(r.column - 1)}^</pre>` : nothing;
  return html`
    <section class="ap-card ap-custom" data-hide-id="custom" aria-labelledby="ap-h-custom">
      <h2 id="ap-h-custom">${t('custom.title')}</h2>
      <p class="ap-text">${t('custom.help')}</p>
      <label class="ap-field">${t('custom.formula')}
        <input type="text" name="custom-formula" spellcheck="false" autocomplete="off" .value=${o.formula}
               placeholder="x * tanh(softplus(x))" aria-invalid=${r?.error ? 'true' : 'false'}
               aria-describedby="ap-custom-status"
               @input=${(e: Event) => o.onFormula((e.target as HTMLInputElement).value)}></label>
      <label class="ap-field">${t('custom.params')}
        <input type="text" name="custom-params" spellcheck="false" autocomplete="off" .value=${o.declarations}
               placeholder="beta = 1 in [0, 10]"
               @input=${(e: Event) => o.onDeclarations((e.target as HTMLInputElement).value)}></label>
      <div id="ap-custom-status" class="ap-custom-status">
        ${r?.error ? html`<p class="error" role="alert">${r.error}</p>${caret}` : r?.info ? html`<p class="ap-text">${t('custom.ok')}</p>` : nothing}
      </div>
    </section>`;
}

/** The definition of the custom formula in these URL values, checked by the engine (null if empty or bad). */
export async function customDefinition(engine: Engine, formula: string, declarations: string): Promise<ActivationDefinition | null> {
  if (!formula.trim()) return null;
  const r = defineCustom(engine, formula, declarations);
  if (!r.info) return null;
  return { name: CUSTOM, formula, params: parseDeclarations(declarations).params, label: CUSTOM };
}
