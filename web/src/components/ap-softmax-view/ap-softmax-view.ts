// <ap-softmax-view>: softmax as a vector view. Bars of softmax(z / T) for an editable input vector z
// and a temperature T; the probabilities are computed by the engine (engine.softmax).
//
//   <ap-softmax-view values="2,1,0.1" temperature="1"></ap-softmax-view>
//
// softmax(z / T)_i = exp(z_i / T) / Σ_j exp(z_j / T): T → 0 tends to one-hot on the largest z_i,
// T → ∞ to the uniform distribution.
import { LitElement, type PropertyValues, html, nothing, unsafeCSS } from 'lit';
import { format } from '../../plots/format.js';

import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/explore.js';
import { DEFAULT_MARGIN, drawAxes, fitCanvas, readTheme } from '../../plots/axes.js';
import { downloadPng, seriesColour } from '../../plots/line-plot.js';
import { linearScale } from '../../plots/scale.js';
import { EngineController } from '../engine-controller.js';
import { LangController } from '../i18n-controller.js';
import styles from './ap-softmax-view.css?inline';

/** Detail of `values-change`. */
export interface SoftmaxChangeDetail { values: number[]; temperature: number }

const MAX_INPUTS = 16;
const T_MIN = 0.05;
const T_MAX = 20;
const pct = format('.1%');
const num = (v: number) => format('.3~g')(v).replace('-', '−');

// The temperature slider is logarithmic: position s in [0, 1] maps to T = T_MIN·(T_MAX/T_MIN)^s.
const toSlider = (temp: number) => Math.log(temp / T_MIN) / Math.log(T_MAX / T_MIN);
const fromSlider = (s: number) => +(T_MIN * (T_MAX / T_MIN) ** s).toPrecision(3);

export class ApSoftmaxView extends LitElement {
  //==========================================================================||
  //                             Class Properties                             ||
  //==========================================================================||
  static properties = {
    values: { type: String },
    temperature: { type: String },
    engine: { attribute: false },
  };

  /** The input vector z, comma separated. */
  declare values: string;
  /** The temperature T (> 0). */
  declare temperature: string;
  declare engine: Engine | undefined;

  /** Number of completed redraws (for tests and tooling). */
  drawCount = 0;
  private readonly eng = new EngineController(this, () => this.engine);
  private z: number[] = [];
  private temp = 1;
  private errors: string[] = [];
  private invalid = new Set<number>();
  private probs: Float32Array | null = null;
  private size = { w: 0, h: 0 };
  private resizeObserver: ResizeObserver | null = null;

  //==========================================================================||
  //                             Lifecycle Methods                            ||
  //==========================================================================||
  constructor() {
    super();
    new LangController(this);
    this.values = '2,1,0.1';
    this.temperature = '1';
    this.engine = undefined;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
  }

  protected firstUpdated(): void {
    this.resizeObserver = new ResizeObserver(([entry]) => {
      this.size = { w: Math.round(entry.contentRect.width), h: Math.round(entry.contentRect.height) };
      this.draw();
    });
    this.resizeObserver.observe(this.renderRoot.querySelector('.stage')!);
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('values') || changed.has('temperature')) this.parse();
    this.compute();
  }

  protected updated(): void {
    this.draw();
  }

  //==========================================================================||
  //                              Custom Methods                              ||
  //==========================================================================||
  /** The probabilities currently shown (null before the engine is ready). */
  get probabilities(): Float32Array | null {
    return this.probs ? this.probs.slice() : null;
  }

  private parse(): void {
    this.errors = [];
    const items = String(this.values ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const z = items.map(Number).filter((v, i) => {
      const ok = Number.isFinite(v);
      if (!ok) this.errors.push(`values: "${items[i]}" is not a number`);
      return ok;
    });
    if (z.length > MAX_INPUTS) this.errors.push(`values: at most ${MAX_INPUTS} inputs; the rest are ignored`);
    this.z = z.slice(0, MAX_INPUTS);
    if (!this.z.length) { this.errors.push('values: needs at least one number'); this.z = [2, 1, 0.1]; }
    const temp = Number(this.temperature);
    if (!Number.isFinite(temp) || temp < T_MIN || temp > T_MAX) {
      this.errors.push(`temperature: "${this.temperature}" must be a number in [${T_MIN}, ${T_MAX}]`);
      this.temp = 1;
    } else {
      this.temp = temp;
    }
  }

  private compute(): void {
    const engine = this.eng.value;
    const softmax = (engine as unknown as { softmax?: (v: Float32Array) => Float32Array } | null)?.softmax;
    if (!engine || typeof softmax !== 'function') { this.probs = null; return; }
    this.probs = softmax.call(engine, Float32Array.from(this.z, (v) => v / this.temp));
  }

  private draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas || !this.size.w || !this.size.h || !this.probs) return;
    const { w, h } = this.size;
    const ctx = fitCanvas(canvas, w, h);
    const theme = readTheme(this);
    const m = { ...DEFAULT_MARGIN, bottom: 34, top: 18 };
    const n = this.z.length;
    const x = linearScale().domain([0, n]).range([m.left, w - m.right]);
    const y = linearScale().domain([0, 1]).range([h - m.bottom, m.top]);
    drawAxes(ctx, x, y, theme, { x: 0, y: 5 });
    const band = (x(1) - x(0));
    const barW = Math.min(64, band * 0.7);
    ctx.font = `11px ${theme.font}`;
    ctx.textAlign = 'center';
    for (let i = 0; i < n; i++) {
      const cx = x(i + 0.5);
      const p = this.probs[i];
      ctx.fillStyle = seriesColour(i, theme.dark);
      ctx.fillRect(cx - barW / 2, y(p), barW, y(0) - y(p));
      ctx.fillStyle = theme.fg;
      ctx.textBaseline = 'bottom';
      ctx.fillText(pct(p), cx, y(p) - 2);
      ctx.fillStyle = theme.muted;
      ctx.textBaseline = 'top';
      ctx.fillText(`z${i + 1} = ${num(this.z[i])}`, cx, y(0) + 6);
    }
    this.drawCount++;
  }

  private emit(): void {
    this.values = this.z.map((v) => +v.toPrecision(6)).join(',');
    this.temperature = String(this.temp);
    this.dispatchEvent(new CustomEvent<SoftmaxChangeDetail>('values-change',
      { detail: { values: [...this.z], temperature: this.temp }, bubbles: true, composed: true }));
  }

  //==========================================================================||
  //                              Event Handlers                              ||
  //==========================================================================||
  private onInput(i: number, input: HTMLInputElement): void {
    const v = input.value.trim() === '' ? NaN : Number(input.value);
    if (!Number.isFinite(v) || Math.abs(v) > 1000) {
      this.invalid.add(i);
      this.requestUpdate();
      return;
    }
    this.invalid.delete(i);
    this.z = this.z.map((old, j) => (j === i ? v : old));
    this.emit();
  }

  private add(): void {
    if (this.z.length >= MAX_INPUTS) return;
    this.z = [...this.z, 0];
    this.emit();
  }

  private removeInput(i: number): void {
    if (this.z.length <= 1) return;
    this.z = this.z.filter((_, j) => j !== i);
    this.invalid.clear();
    this.emit();
  }

  //==========================================================================||
  //                             Templates and Styles                         ||
  //==========================================================================||
  render() {
    const noSoftmax = this.eng.value && !this.probs;
    const sum = this.probs ? this.probs.reduce((a, b) => a + b, 0) : 0;
    return html`
      ${this.eng.error ? html`<p class="error" role="alert">${this.eng.error}</p>` : nothing}
      ${this.errors.map((e) => html`<p class="error" role="alert">${e}</p>`)}
      ${noSoftmax ? html`<p class="error" role="alert">${t('softmax.na')}</p>` : nothing}
      <div class="inputs" role="group" aria-label=${t('softmax.values')}>
        ${this.z.map((v, i) => html`
          <div class="cell">
            <label for="z${i}">${t('softmax.input', { i: i + 1 })}</label>
            <span class="pair">
              <input id="z${i}" type="number" step="0.1" min="-1000" max="1000" .value=${String(v)}
                     aria-invalid=${this.invalid.has(i) ? 'true' : 'false'}
                     @input=${(e: Event) => this.onInput(i, e.target as HTMLInputElement)}>
              <button class="x" aria-label=${t('softmax.remove', { i: i + 1 })} title=${t('softmax.remove', { i: i + 1 })}
                      ?disabled=${this.z.length <= 1} @click=${() => this.removeInput(i)}><span aria-hidden="true">×</span></button>
            </span>
            ${this.invalid.has(i) ? html`<span class="error">${t('softmax.bad', { i: i + 1 })}</span>` : nothing}
          </div>`)}
        <button ?disabled=${this.z.length >= MAX_INPUTS} @click=${() => this.add()}>${t('softmax.add')}</button>
      </div>
      <div class="temp">
        <label for="temp">${t('softmax.temperature')}</label>
        <input id="temp" type="range" min="0" max="1" step="0.005" .value=${String(toSlider(this.temp))}
               aria-valuetext=${String(this.temp)}
               @input=${(e: Event) => { this.temp = fromSlider(Number((e.target as HTMLInputElement).value)); this.emit(); }}>
        <output for="temp">${this.temp}</output>
      </div>
      <div class="stage"><canvas role="img" aria-label=${`${t('softmax.output')}: ${this.probs ? [...this.probs].map(pct).join(', ') : ''}`}></canvas></div>
      <div class="toolbar">
        <p class="sum">${this.probs ? t('softmax.sum', { sum: sum.toFixed(4) }) : ''}</p>
        <button @click=${() => downloadPng(this.renderRoot.querySelector('canvas')!, 'softmax.png')}>${t('plot.png')}</button>
      </div>
    `;
  }

  static styles = unsafeCSS(styles);
}

if (!customElements.get('ap-softmax-view')) customElements.define('ap-softmax-view', ApSoftmaxView);

declare global {
  interface HTMLElementTagNameMap {
    'ap-softmax-view': ApSoftmaxView;
  }
}
