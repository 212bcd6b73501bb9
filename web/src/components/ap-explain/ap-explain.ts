// <ap-explain>: the arithmetic of one neuron for one example, in the real numbers of the engine's trace
// (net.trace through the worker's `select`): z = Σ wᵢ·aᵢ + b with the terms largest first and the rest
// summed, a = f(z) and f′(z), δ (f′(z)·Σ wₖ·δₖ, or ∂L/∂z at the output), ∂L/∂wᵢ = δ·aᵢ and the update the
// next step on this example applies (the optimizer's own, from the trace). After "Step this example"
// (an `explain-step` event) it shows old → new for every incoming weight. Every number shown is one the
// engine computed, except the products wᵢ·aᵢ and wₖ·δₖ of two shown numbers; each carries its exact
// value in data-value.
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';

import type { ExampleSnapshot, LayerWeights } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/explain.js';
import '../ap-formula/ap-formula.js';
import { LangController } from '../i18n-controller.js';
import { fmt } from './format.js';

/** What the panel needs of the network spec. */
export interface ExplainSpec {
  features: readonly string[];
  layers: readonly { units: number; activation: string }[];
  output: { units: number; activation: string };
  loss: string;
  optimizer: { name: string; learningRate: number };
  regularization?: { kind: string; rate: number };
}

/** A neuron: layer 0.. (hidden layers, then the output layer) and unit. */
export interface NeuronRef { layer: number; unit: number }

/** Terms shown one by one in a sum; the rest are summed into one. */
const SHOWN_TERMS = 3;
const FEATURE_TEX: Record<string, string> = {
  'x1': 'x_1', 'x2': 'x_2', 'x1^2': 'x_1^2', 'x2^2': 'x_2^2', 'x1*x2': 'x_1 x_2', 'sin(x1)': '\\sin x_1', 'sin(x2)': '\\sin x_2',
};

/** The same in TeX: negative numbers in parentheses (they appear inside products and sums). */
const tex = (v: number) => (v < 0 ? `(${fmt(v)})` : fmt(v)).replace(/e([+-]\d+)/, '\\times 10^{$1}');

interface Term { name: string; left: number; right: number; product: number }

/** Terms of Σ left·right sorted by |product|, the first SHOWN_TERMS and the sum of the rest. */
function split(terms: Term[]): { shown: Term[]; rest: { n: number; sum: number } | null } {
  const sorted = [...terms].sort((p, q) => Math.abs(q.product) - Math.abs(p.product));
  const shown = sorted.slice(0, SHOWN_TERMS);
  const others = sorted.slice(SHOWN_TERMS);
  return { shown, rest: others.length ? { n: others.length, sum: others.reduce((s, x) => s + x.product, 0) } : null };
}

export class ApExplain extends LitElement {
  // ---------- Class Properties ----------
  static properties = {
    example: { attribute: false },
    weights: { attribute: false },
    spec: { attribute: false },
    neuron: { attribute: false },
    stepBefore: { attribute: false },
    running: { type: Boolean },
    busy: { type: Boolean },
  };
  declare example: ExampleSnapshot | null;
  declare weights: LayerWeights[] | null;
  declare spec: ExplainSpec | null;
  declare neuron: NeuronRef | null;
  /** The weights before the last "Step this example" (then old → new is shown), or null. */
  declare stepBefore: LayerWeights[] | null;
  declare running: boolean;
  declare busy: boolean;

  constructor() {
    super();
    this.example = null;
    this.weights = null;
    this.spec = null;
    this.neuron = null;
    this.stepBefore = null;
    this.running = false;
    this.busy = false;
    new LangController(this);
  }

  // ---------- Private Helpers ----------
  private inputName(layer: number, i: number): string {
    return layer === 0 ? FEATURE_TEX[this.spec!.features[i]] ?? `x_{${i + 1}}` : `a^{(${layer})}_{${i + 1}}`;
  }

  private q(name: string, value: number): TemplateResult {
    return html`<span class="q" data-q=${name} data-value=${String(value)}>${fmt(value)}</span>`;
  }

  /** The terms of a sum in TeX, largest first: l₁·r₁ + l₂·r₂ + … + (the rest, summed). */
  private termsTex(terms: Term[]): string {
    const s = split(terms);
    const parts = s.shown.map((x) => `${tex(x.left)} \\cdot ${tex(x.right)}`);
    if (s.rest) parts.push(`${tex(s.rest.sum)}_{\\text{${t('explain.rest', { n: s.rest.n })}}}`);
    return parts.join(' + ') || '0';
  }

  private renderNeuron(ex: ExampleSnapshot, w: LayerWeights[], n: NeuronRef) {
    const spec = this.spec!;
    const tr = ex.trace;
    const L = tr.layers.length - 1;
    const lay = tr.layers[n.layer];
    const isOut = n.layer === L;
    const act = isOut ? spec.output.activation : spec.layers[n.layer].activation;
    const input = n.layer === 0 ? tr.features : tr.layers[n.layer - 1].a;
    const inputs = input.length;
    const W = w[n.layer];
    const u = n.unit;
    const terms: Term[] = Array.from(input, (a, i) => {
      const wi = W.weights[u * inputs + i];
      return { name: this.inputName(n.layer, i), left: wi, right: a, product: wi * a };
    });
    const z = lay.z[u], a = lay.a[u], d = lay.derivative?.[u], delta = lay.delta[u];
    const zTex = `z = \\sum_i w_i a_i + b = ${this.termsTex(terms)} + ${tex(W.biases[u])} = ${tex(z)}`;
    let deltaTex: string;
    if (isOut) {
      deltaTex = `\\delta = \\frac{\\partial L}{\\partial z} = ${tex(delta)}`;
    } else {
      const next = tr.layers[n.layer + 1], Wn = w[n.layer + 1], units = lay.z.length;
      const back: Term[] = Array.from(next.delta, (dk, k) => ({ name: `${k}`, left: Wn.weights[k * units + u], right: dk, product: Wn.weights[k * units + u] * dk }));
      deltaTex = `\\delta = f'(z) \\cdot \\sum_k w_k \\delta_k = ${tex(d ?? NaN)} \\cdot (${this.termsTex(back)}) = ${tex(delta)}`;
    }
    const o = spec.optimizer;
    const rule = t(`explain.updateRule.${o.name}`) + (spec.regularization && spec.regularization.rate > 0 && spec.regularization.kind !== 'none' ? ` ${t('explain.regularized')}` : '');
    const before = this.stepBefore?.[n.layer];
    const rows = [...terms.map((tm, i) => ({ name: tm.name, i, a: tm.right, w: tm.left, wa: tm.product,
      grad: lay.weightGrad[u * inputs + i], step: lay.weightStep[u * inputs + i], old: before?.weights[u * inputs + i] })),
    { name: 'b', i: -1, a: 1, w: W.biases[u], wa: W.biases[u], grad: lay.biasGrad[u], step: lay.biasStep[u], old: before?.biases[u] }];
    const title = isOut ? t('explain.output', { unit: u + 1, activation: act }) : t('explain.neuron', { layer: n.layer + 1, unit: u + 1, activation: act });
    return html`
      <h4>${title}</h4>
      <h5>${t('explain.forward')}</h5>
      <div class="f" data-formula="z"><ap-formula display="block" tex=${zTex}></ap-formula></div>
      <p>z = ${this.q('z', z)}</p>
      ${d === undefined
        ? html`<p>${t('explain.softmax')}: a = ${this.q('a', a)}</p>`
        : html`<div class="f" data-formula="a"><ap-formula display="block" tex=${`a = \\mathrm{${act}}(${tex(z)}) = ${tex(a)}, \\quad f'(z) = ${tex(d)}`}></ap-formula></div>
          <p>a = ${this.q('a', a)}, f′(z) = ${this.q('derivative', d)}</p>`}
      <h5>${t('explain.backward')}</h5>
      ${isOut ? html`<p class="note">${t('explain.deltaOutput')} (${spec.loss})</p>` : nothing}
      <div class="f" data-formula="delta"><ap-formula display="block" tex=${deltaTex}></ap-formula></div>
      <p>δ = ${this.q('delta', delta)}</p>
      <div class="f"><ap-formula display="block" tex=${`\\frac{\\partial L}{\\partial w_i} = \\delta \\cdot a_i, \\quad \\frac{\\partial L}{\\partial b} = \\delta`}></ap-formula></div>
      <h5>${t('explain.update')}</h5>
      <p class="note">${rule}; η = ${fmt(o.learningRate)}</p>
      <table>
        <caption>${t('explain.table')}</caption>
        <thead><tr><th scope="col">${t('explain.input')}</th><th scope="col">${t('explain.colA')}</th><th scope="col">${t('explain.colW')}</th>
          <th scope="col">${t('explain.colWA')}</th><th scope="col">${t('explain.colGrad')}</th><th scope="col">${t('explain.colStep')}</th>
          ${before ? html`<th scope="col">${t('explain.colNew')}</th>` : nothing}</tr></thead>
        <tbody>${rows.map((r) => html`<tr data-input=${r.i}>
          <th scope="row"><ap-formula tex=${r.name}></ap-formula></th>
          <td>${r.i < 0 ? '1' : this.q('a_in', r.a)}</td><td>${this.q('weight', r.w)}</td><td>${this.q('product', r.wa)}</td>
          <td>${this.q('grad', r.grad)}</td><td>${this.q('step', r.step)}</td>
          ${before ? html`<td class=${r.old !== r.w ? 'changed' : ''}>${this.q('old', r.old ?? NaN)} → ${this.q('new', r.w)}</td>` : nothing}
        </tr>`)}</tbody>
      </table>`;
  }

  // ---------- Templates and Styles ----------
  render() {
    const ex = this.example, w = this.weights, n = this.neuron;
    const valid = ex && w && this.spec && n && n.layer < ex.trace.layers.length && n.unit < ex.trace.layers[n.layer].z.length;
    return html`<section role="region" aria-label=${t('explain.title')}>
      <h3>${t('explain.title')}</h3>
      ${!ex ? html`<p>${t('explain.none')}</p>` : html`
        <p class="example" data-index=${ex.index}>${t('explain.example', { index: ex.index, x1: fmt(ex.point[0]), x2: fmt(ex.point[1]), target: fmt(ex.target), loss: fmt(ex.trace.loss) })}</p>
        <p class="note">${this.running ? t('explain.live') : t('explain.frozen')}</p>
        <button class="step" ?disabled=${this.busy} @click=${() => this.dispatchEvent(new CustomEvent('explain-step', { bubbles: true, composed: true }))}>${t('explain.step')}</button>
        ${this.stepBefore ? html`<p class="note">${t('explain.stepped')}</p>` : nothing}
        ${valid ? this.renderNeuron(ex, w, n) : html`<p>${t('explain.pickNeuron')}</p>`}`}
    </section>`;
  }

  static styles = css`
    :host { display: block; font: 13px system-ui, sans-serif; }
    section { border: 1px solid #8886; border-radius: 4px; padding: 8px 10px; }
    h3 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; margin: 0 0 6px; }
    h4 { margin: 8px 0 4px; font-size: 13px; }
    h5 { margin: 8px 0 2px; font-size: 12px; opacity: 0.8; }
    p { margin: 2px 0; }
    .note { font-size: 11px; opacity: 0.8; }
    .f { overflow-x: auto; }
    .q { font-family: ui-monospace, monospace; }
    table { border-collapse: collapse; margin-top: 4px; font-size: 12px; }
    caption { text-align: left; font-size: 11px; opacity: 0.8; }
    th, td { border-bottom: 1px solid #8884; padding: 1px 6px; text-align: right; }
    td.changed { background: #fff3b0; color: #222; animation: flash 1.2s ease-out; }
    @keyframes flash { from { background: #ffd400; } }
    @media (prefers-color-scheme: dark) { td.changed { background: #5a4b00; color: #fff; } }
    button.step { margin: 4px 0; }
  `;
}

customElements.get('ap-explain') || customElements.define('ap-explain', ApExplain);

declare global {
  interface HTMLElementTagNameMap { 'ap-explain': ApExplain }
}
