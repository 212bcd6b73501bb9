// <ap-activation-plot>: any set of activations overlaid, f solid and f′ dashed on shared axes, with
// saturated regions shaded (from the engine's properties(), drawn once the first curves are painted), a hover / keyboard read-out of x, f(x)
// and f′(x), zoom and pan of the x range (wheel, drag, buttons, keys) and PNG export.
//
//   <ap-activation-plot activations="mish,swish" derivative params="swish.beta=1.5" x-min="-6" x-max="6">
//   <ap-activation-plot formula="x * tanh(softplus(x))" derivative>   (a formula, parsed by the engine)
//
// Bad attributes never throw: the element shows an inline error and plots what it can.
import { LitElement, type PropertyValues, html, nothing, unsafeCSS } from 'lit';
import { format } from '../../plots/format.js';

import type { Activation, ActivationProperties, Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/plot.js';
import { DEFAULT_MARGIN, drawAxes, fitCanvas, readTheme, type Theme } from '../../plots/axes.js';
import { downloadPng, drawSeries, linspace, seriesColour, type Series } from '../../plots/line-plot.js';
import { linearScale, type MutableLinearScale } from '../../plots/scale.js';
import { parseParams } from '../../state/params-spec.js';
import { displayName, formulaActivation, parseNames, propertiesOf, resolveParams } from '../catalogue.js';
import { EngineController } from '../engine-controller.js';
import { LangController } from '../i18n-controller.js';
import styles from './ap-activation-plot.css?inline';

/** Detail of `range-change`: the visible x interval after a zoom or pan. */
export interface RangeChangeDetail { xMin: number; xMax: number }
/** Detail of `derivative-change`: the f′ toggle was flipped. */
export interface DerivativeChangeDetail { derivative: boolean }

interface Curve {
  name: string;
  /** What the legend and read-out show (a formula's text, else the name). */
  label: string;
  act: Activation;
  colour: string;
  ys: Float32Array;
  ds: Float32Array;
  /** null when act.properties() failed (the error is listed in the element's alerts). */
  props: ActivationProperties | null;
}

// |f′| below this counts as saturated for shading. Relative to a slope of 1 (all catalogue functions
// have f′ of order 1 near 0), it marks where a gradient would shrink a hundredfold.
const SAT_TOL = 0.01;
const LANE = 15;
const MAX_LANES = 4;
const MIN_WIDTH = 1e-3;
const MAX_WIDTH = 1e4;
const MAX_CENTRE = 1e4;
const fmt = format('.4~g');
const num = (v: number) => (Number.isFinite(v) ? fmt(v).replace('-', '−') : v > 0 ? '+∞' : v < 0 ? '−∞' : 'NaN');

export class ApActivationPlot extends LitElement {
  //==========================================================================||
  //                             Class Properties                             ||
  //==========================================================================||
  static properties = {
    activations: { type: String },
    formula: { type: String },
    params: { type: String },
    derivative: { type: Boolean, reflect: true },
    xMin: { type: String, attribute: 'x-min' },
    xMax: { type: String, attribute: 'x-max' },
    hide: { type: String },
    engine: { attribute: false },
    revision: { attribute: false },
    domain: { state: true },
    hoverX: { state: true },
  };

  /** Comma list of catalogue names, e.g. "sigmoid,tanh". */
  declare activations: string;
  /** A formula to plot as well, e.g. "x * tanh(softplus(x))" (the engine parses and differentiates it). */
  declare formula: string;
  /** Parameters, e.g. "swish.beta=1.5,elu.alpha=0.5" (defaults from the catalogue otherwise). */
  declare params: string;
  /** Draw f′ (dashed) as well as f. */
  declare derivative: boolean;
  /** Initial x interval (text, validated). */
  declare xMin: string;
  declare xMax: string;
  /** Comma list of controls not to show: derivative, zoom, export, legend, readout. */
  declare hide: string;
  /** The engine; the page's shared one when not set. */
  declare engine: Engine | undefined;
  /** Bump after redefining an activation of the same name (engine.defineActivation) to redraw. */
  declare revision: number;
  declare private domain: [number, number];
  declare private hoverX: number | null;

  /** Number of completed redraws of the base canvas (for tests and tooling). */
  drawCount = 0;
  /**
   * True while the saturation shading (from properties(), the engine's slowest call here) is still to be
   * computed: the first draw shows the curves alone, and the shading follows once that frame is painted.
   */
  shadingPending = false;

  private readonly eng = new EngineController(this, () => this.engine);
  private drawnWith: Engine | null = null;
  /** The first draw leaves properties() for after its paint (a cold page waits for nothing but the curves). */
  private propertiesLater = true;
  private curves: Curve[] = [];
  private errors: string[] = [];
  private theme: Theme | null = null;
  private size = { w: 0, h: 0 };
  private xScale: MutableLinearScale = linearScale();
  private yScale: MutableLinearScale = linearScale();
  private resizeObserver: ResizeObserver | null = null;
  private drag: { px: number; domain: [number, number]; moved: boolean } | null = null;
  private readonly media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  private readonly onScheme = () => { this.theme = null; this.recompute(); };

  //==========================================================================||
  //                             Lifecycle Methods                            ||
  //==========================================================================||
  constructor() {
    super();
    new LangController(this);
    this.activations = 'sigmoid';
    this.formula = '';
    this.params = '';
    this.derivative = false;
    this.xMin = '-6';
    this.xMax = '6';
    this.hide = '';
    this.engine = undefined;
    this.revision = 0;
    this.domain = [-6, 6];
    this.hoverX = null;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.media?.addEventListener('change', this.onScheme);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.media?.removeEventListener('change', this.onScheme);
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
  }

  protected firstUpdated(): void {
    const stage = this.renderRoot.querySelector<HTMLElement>('.stage')!;
    this.resizeObserver = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      if (Math.round(width) === this.size.w && Math.round(height) === this.size.h) return;
      this.size = { w: Math.round(width), h: Math.round(height) };
      this.recompute();
    });
    this.resizeObserver.observe(stage);
    // The size now rather than at the observer's first call (after the next frame's layout), for updated()
    // to draw with: with the engine already there, the curves are in the first frame the element paints.
    const { width, height } = stage.getBoundingClientRect();
    this.size = { w: Math.round(width), h: Math.round(height) };
    // Wheel zoom must call preventDefault, which needs a non-passive listener.
    this.overlay().addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
  }

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('xMin') || changed.has('xMax')) {
      // A new range from outside becomes the "reset" target; the echo of our own zoom (the page
      // writing back what range-change reported) does not.
      const d = this.parseDomain();
      const echo = this.hasUpdated && d[0] === this.domain[0] && d[1] === this.domain[1];
      if (!echo) this.home = d;
      this.domain = d;
    }
  }

  protected updated(changed: PropertyValues): void {
    if (changed.has('activations') || changed.has('formula') || changed.has('params') || changed.has('revision') || changed.has('derivative') || changed.has('domain') ||
        changed.has('xMin') || changed.has('xMax') || this.eng.value !== this.drawnWith) {
      this.recompute();
    } else if (changed.has('hoverX')) {
      this.drawOverlay();
    }
  }

  //==========================================================================||
  //                              Custom Methods                              ||
  //==========================================================================||
  /** Where data point (x, y) lands on the canvas, in CSS pixels from its top-left corner. */
  toCanvasPoint(x: number, y: number): { x: number; y: number } {
    return { x: this.xScale(x), y: this.yScale(y) };
  }

  /** The visible x interval. */
  get xRange(): [number, number] {
    return [...this.domain];
  }

  /** Sets the visible x interval (clamped to sane limits); emits range-change. */
  setXRange(a: number, b: number): void {
    if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) return;
    let lo = Math.min(a, b);
    let hi = Math.max(a, b);
    let width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, hi - lo));
    const centre = Math.min(MAX_CENTRE, Math.max(-MAX_CENTRE, (lo + hi) / 2));
    width = +width.toPrecision(6);
    lo = +(centre - width / 2).toPrecision(6);
    hi = +(centre + width / 2).toPrecision(6);
    if (lo === this.domain[0] && hi === this.domain[1]) return;
    this.domain = [lo, hi];
    this.dispatchEvent(new CustomEvent<RangeChangeDetail>('range-change', { detail: { xMin: lo, xMax: hi }, bubbles: true, composed: true }));
  }

  /** Zooms by `factor` (> 1 zooms in) about the data point `at` (the centre by default). */
  zoom(factor: number, at = (this.domain[0] + this.domain[1]) / 2): void {
    const [a, b] = this.domain;
    this.setXRange(at - (at - a) / factor, at + (b - at) / factor);
  }

  /** Shifts the view by `fraction` of its width (positive: to the right). */
  pan(fraction: number): void {
    const [a, b] = this.domain;
    const d = (b - a) * fraction;
    this.setXRange(a + d, b + d);
  }

  /** Saves the plot (without the hover marks) as a PNG file. */
  async exportPng(): Promise<void> {
    const names = this.curves.map((c) => c.name).join('-') || 'plot';
    await downloadPng(this.baseCanvas(), `activation-${names}.png`);
  }

  private hides(control: string): boolean {
    return this.hide.split(',').map((s) => s.trim()).includes(control);
  }

  private parseDomain(): [number, number] {
    const a = Number(this.xMin);
    const b = Number(this.xMax);
    const bad = (s: string) => s.trim() === '' || !Number.isFinite(Number(s));
    this.rangeError = '';
    if (bad(this.xMin) || bad(this.xMax) || a >= b) {
      this.rangeError = t('plot.badRange', { error: `x-min="${this.xMin}", x-max="${this.xMax}"` });
      return [-6, 6];
    }
    return [a, b];
  }

  private rangeError = '';
  private home: [number, number] = [-6, 6];

  /** Re-evaluates every curve on a grid one sample per CSS pixel wide, then redraws. */
  private recompute(): void {
    const engine = this.eng.value;
    if (!engine || !this.size.w || !this.size.h) return;
    this.drawnWith = engine;
    this.theme ??= readTheme(this);
    const errors: string[] = [];
    if (this.rangeError) errors.push(this.rangeError);
    const { names, unknown } = parseNames(engine, this.formula && !this.hasAttribute('activations') ? '' : this.activations ?? '');
    if (unknown.length) errors.push(t('plot.unknown', { names: unknown.join(', ') }));
    if (this.formula) {
      try {
        names.push(formulaActivation(engine, this.formula));
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    const spec = parseParams(this.params ?? '');
    const paramErrors = [...spec.errors];
    // One sample per 2 CSS px: smooth at any zoom for these curves, and half the path to rasterise.
    const n = Math.max(200, Math.min(1000, Math.ceil(this.size.w / 2)));
    const xs = linspace(this.domain[0], this.domain[1], n);
    const curves: Curve[] = [];
    const later = this.propertiesLater;
    names.forEach((name, i) => {
      const { params, errors: pe } = resolveParams(engine, name, spec.params);
      paramErrors.push(...pe);
      try {
        const act = engine.activation(name, params);
        const { value: ys, derivative: ds } = act.valueAndDerivative(xs);  // f and f′ in one pass
        let props: ActivationProperties | null = null;
        if (!later) {
          try {
            props = propertiesOf(act);
          } catch (e) {
            errors.push(`${name}.properties(): ${(e as Error).message}`);   // the curve stays; its shading cannot be drawn
          }
        }
        curves.push({ name, label: displayName(engine, name), act, colour: seriesColour(i, this.theme!.dark), ys, ds, props });
      } catch (e) {
        errors.push(`${name}: ${(e as Error).message}`);
      }
    });
    for (const p of Object.keys(spec.params)) if (!names.includes(p) && !unknown.includes(p)) paramErrors.push(`${p} is not plotted`);
    if (paramErrors.length) errors.push(t('plot.badParams', { errors: paramErrors.join('; ') }));
    this.curves = curves;
    this.errors = errors;
    this.shadingPending = later && curves.length > 0;
    this.drawBase(xs);
    this.drawOverlay();
    this.requestUpdate();
    if (later) {
      this.propertiesLater = false;
      // After the frame that paints the curves: a task queued from its animation frame callback.
      if (this.shadingPending) requestAnimationFrame(() => setTimeout(() => { if (this.shadingPending) this.recompute(); }));
    }
  }

  private drawBase(xs: Float32Array): void {
    const { w, h } = this.size;
    const canvas = this.baseCanvas();
    const ctx = fitCanvas(canvas, w, h);
    fitCanvas(this.overlay(), w, h);
    const spans = this.saturationSpans(xs);
    // One labelled lane per saturating curve above the plotting area (up to MAX_LANES; beyond that
    // the shading alone would be all that is readable).
    const lanes = spans.length <= MAX_LANES ? spans.length : 0;
    const m = { ...DEFAULT_MARGIN, top: DEFAULT_MARGIN.top + lanes * LANE };
    const theme = this.theme!;
    this.xScale = linearScale().domain(this.domain).range([m.left, w - m.right]);
    this.yScale = linearScale().domain(this.yDomain()).range([h - m.bottom, m.top]).nice();

    drawAxes(ctx, this.xScale, this.yScale, theme, { x: Math.max(2, Math.round(w / 80)), y: Math.max(2, Math.round(h / 50)) });
    this.drawSaturation(ctx, spans, lanes > 0);
    const series: Series[] = [];
    for (const c of this.curves) {
      if (this.derivative) series.push({ xs, ys: c.ds, colour: c.colour, width: 1.75, dash: [6, 4] });
      series.push({ xs, ys: c.ys, colour: c.colour, width: 2.25 });
    }
    drawSeries(ctx, this.xScale, this.yScale, series);
    this.drawCount++;
    this.dispatchEvent(new CustomEvent('plot-drawn'));
  }

  /** y extent of what is drawn, padded; always includes 0 so the x axis is in view. */
  private yDomain(): [number, number] {
    let lo = 0;
    let hi = 0;
    for (const c of this.curves) {
      for (const arr of this.derivative ? [c.ys, c.ds] : [c.ys]) {
        for (const v of arr) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
      }
    }
    if (hi - lo < 1e-6) { lo -= 1; hi += 1; }
    const pad = (hi - lo) * 0.06;
    return [lo - pad, hi + pad];
  }

  /**
   * Per curve whose properties() say it saturates: the stretch at that end of the view where
   * |f′| < SAT_TOL (the samples from the edge inwards while the slope stays that flat).
   */
  private saturationSpans(xs: Float32Array): { curve: Curve; spans: [number, number, 'left' | 'right'][] }[] {
    const n = xs.length;
    const out: { curve: Curve; spans: [number, number, 'left' | 'right'][] }[] = [];
    for (const c of this.curves) {
      if (!c.props) continue;
      const spans: [number, number, 'left' | 'right'][] = [];
      if (c.props.saturates.left) {
        let i = 0;
        while (i < n && Math.abs(c.ds[i]) < SAT_TOL) i++;
        if (i > 1) spans.push([xs[0], xs[i - 1], 'left']);
      }
      if (c.props.saturates.right) {
        let i = n - 1;
        while (i >= 0 && Math.abs(c.ds[i]) < SAT_TOL) i--;
        if (i < n - 2) spans.push([xs[i + 1], xs[n - 1], 'right']);
      }
      if (spans.length) out.push({ curve: c, spans });
    }
    return out;
  }

  /** A light full-height shade per span, and (with `lanes`) a labelled lane per curve above the plot. */
  private drawSaturation(ctx: CanvasRenderingContext2D, spans: ReturnType<ApActivationPlot['saturationSpans']>, lanes: boolean): void {
    const [bottom, top] = this.yScale.range();
    ctx.save();
    ctx.font = `11px ${this.theme!.font}`;
    ctx.textBaseline = 'middle';
    spans.forEach(({ curve, spans: list }, row) => {
      const laneTop = top - (spans.length - row) * LANE;
      for (const [a, b, side] of list) {
        const x0 = this.xScale(a);
        const x1 = this.xScale(b);
        ctx.fillStyle = curve.colour;
        ctx.globalAlpha = 0.07;
        ctx.fillRect(x0, top, x1 - x0, bottom - top);
        if (!lanes) continue;
        ctx.globalAlpha = 0.22;
        ctx.fillRect(x0, laneTop + 1, x1 - x0, LANE - 2);
        ctx.globalAlpha = 1;
        ctx.fillStyle = this.theme!.fg;
        ctx.textAlign = side === 'left' ? 'left' : 'right';
        ctx.fillText(`${curve.label}: ${t(side === 'left' ? 'plot.satLeft' : 'plot.satRight')}`,
          side === 'left' ? x0 + 4 : x1 - 4, laneTop + LANE / 2);
      }
    });
    ctx.restore();
  }

  private drawOverlay(): void {
    const canvas = this.overlay();
    if (!canvas || !this.size.w) return;
    const ctx = fitCanvas(canvas, this.size.w, this.size.h);
    ctx.clearRect(0, 0, this.size.w, this.size.h);
    const x = this.hoverX;
    if (x === null || x < this.domain[0] || x > this.domain[1]) return;
    const px = this.xScale(x);
    const [bottom, top] = this.yScale.range();
    ctx.strokeStyle = this.theme!.muted;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(Math.round(px) + 0.5, top);
    ctx.lineTo(Math.round(px) + 0.5, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    for (const r of this.readings(x)) {
      for (const [v, filled] of this.derivative ? [[r.f, true], [r.d, false]] as const : [[r.f, true]] as const) {
        if (!Number.isFinite(v)) continue;
        const py = this.yScale(v);
        if (py < top || py > bottom) continue;
        ctx.beginPath();
        ctx.arc(px, py, 4, 0, 2 * Math.PI);
        ctx.fillStyle = filled ? r.colour : this.theme!.bg;
        ctx.strokeStyle = r.colour;
        ctx.lineWidth = 2;
        ctx.fill();
        ctx.stroke();
      }
    }
  }

  private readings(x: number): { name: string; colour: string; f: number; d: number }[] {
    return this.curves.map((c) => {
      const { value: f, derivative: d } = c.act.valueAndDerivative(x);
      return { name: c.label, colour: c.colour, f, d };
    });
  }

  private baseCanvas(): HTMLCanvasElement {
    return this.renderRoot.querySelector('canvas.base') as HTMLCanvasElement;
  }

  private overlay(): HTMLCanvasElement {
    return this.renderRoot.querySelector('canvas.overlay') as HTMLCanvasElement;
  }

  private dataX(e: MouseEvent): number {
    const rect = this.overlay().getBoundingClientRect();
    return this.xScale.invert(e.clientX - rect.left);
  }

  //==========================================================================||
  //                              Event Handlers                              ||
  //==========================================================================||
  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    // One notch (deltaY ≈ 100) zooms by 1.2; trackpads send smaller deltas and zoom smoothly.
    this.zoom(Math.pow(1.2, -e.deltaY / 100), this.dataX(e));
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.overlay().setPointerCapture(e.pointerId);
    this.drag = { px: e.clientX, domain: [...this.domain], moved: false };
  }

  private onPointerMove(e: PointerEvent): void {
    if (this.drag) {
      const dx = e.clientX - this.drag.px;
      if (Math.abs(dx) > 2) this.drag.moved = true;
      if (this.drag.moved) {
        this.overlay().classList.add('dragging');
        const [a, b] = this.drag.domain;
        const perPx = (b - a) / (this.xScale.range()[1] - this.xScale.range()[0]);
        this.setXRange(a - dx * perPx, b - dx * perPx);
      }
    }
    this.hoverX = this.dataX(e);
  }

  private onPointerUp(e: PointerEvent): void {
    if (this.overlay().hasPointerCapture(e.pointerId)) this.overlay().releasePointerCapture(e.pointerId);
    this.overlay().classList.remove('dragging');
    this.drag = null;
  }

  private onKey(e: KeyboardEvent): void {
    const [a, b] = this.domain;
    const step = (b - a) / 100;
    const here = this.hoverX ?? (a + b) / 2;
    switch (e.key) {
      case 'ArrowLeft':
      case 'ArrowRight': {
        const dir = e.key === 'ArrowLeft' ? -1 : 1;
        if (e.shiftKey) this.pan(0.1 * dir);
        else this.hoverX = Math.min(b, Math.max(a, here + dir * step));
        break;
      }
      case '+':
      case '=':
        this.zoom(1.25, this.hoverX ?? undefined);
        break;
      case '-':
      case '_':
        this.zoom(0.8, this.hoverX ?? undefined);
        break;
      case '0':
      case 'Home':
        this.resetView();
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  private resetView(): void {
    this.setXRange(...this.home);
  }

  private onDerivativeToggle(e: Event): void {
    this.derivative = (e.target as HTMLInputElement).checked;
    this.dispatchEvent(new CustomEvent<DerivativeChangeDetail>('derivative-change',
      { detail: { derivative: this.derivative }, bubbles: true, composed: true }));
  }

  //==========================================================================||
  //                             Templates and Styles                         ||
  //==========================================================================||
  render() {
    const names = this.curves.map((c) => c.name);
    const hx = this.hoverX;
    const readings = hx !== null && hx >= this.domain[0] && hx <= this.domain[1] ? this.readings(hx) : [];
    const tipLeft = hx !== null ? this.xScale(hx) : 0;
    const flip = tipLeft > this.size.w * 0.6;
    return html`
      <div class="toolbar">
        ${this.hides('derivative') ? nothing : html`
          <label class="toggle"><input type="checkbox" .checked=${this.derivative} @change=${this.onDerivativeToggle}>${t('plot.derivative')}</label>`}
        <span class="spacer"></span>
        ${this.hides('zoom') ? nothing : html`
          <button @click=${() => this.zoom(1.5)}>${t('plot.zoomIn')}</button>
          <button @click=${() => this.zoom(1 / 1.5)}>${t('plot.zoomOut')}</button>
          <button @click=${() => this.resetView()}>${t('plot.reset')}</button>`}
        ${this.hides('export') ? nothing : html`<button @click=${() => this.exportPng()}>${t('plot.png')}</button>`}
      </div>
      ${this.eng.error ? html`<p class="error" role="alert">${this.eng.error}</p>` : nothing}
      ${this.errors.map((e) => html`<p class="error" role="alert">${e}</p>`)}
      ${this.eng.value && !names.length && !this.errors.length ? html`<p class="error" role="alert">${t('plot.none')}</p>` : nothing}
      <div class="stage">
        <canvas class="base" aria-hidden="true"></canvas>
        <canvas class="overlay" tabindex="0" role="img"
                aria-label=${t('plot.label', { names: names.join(', ') || '—' })} aria-describedby="keys"
                @pointerdown=${this.onPointerDown} @pointermove=${this.onPointerMove}
                @pointerup=${this.onPointerUp} @pointercancel=${this.onPointerUp}
                @pointerleave=${() => { if (!this.drag) this.hoverX = null; }}
                @keydown=${this.onKey} @blur=${() => { this.hoverX = null; }}></canvas>
        <div class="tip" ?hidden=${!readings.length}
             style="top:${DEFAULT_MARGIN.top + 4}px;${flip ? `right:${this.size.w - tipLeft + 10}px` : `left:${tipLeft + 10}px`}">
          <div>x = ${num(hx ?? 0)}</div>
          ${readings.map((r) => html`<div><span class="sw" style="background:${r.colour}"></span>${r.name}: f = ${num(r.f)}${this.derivative ? html`, f′ = ${num(r.d)}` : nothing}</div>`)}
        </div>
        <span id="keys" class="sr-only">${t('plot.keys')}</span>
      </div>
      ${this.hides('legend') ? nothing : html`
        <div class="legend">
          ${this.curves.map((c) => html`<span><span class="sw" style="background:${c.colour}"></span>${c.label}</span>`)}
          ${this.derivative && this.curves.length ? html`<span class="key">— ${t('plot.legendF')} · - - ${t('plot.legendD')}</span>` : nothing}
        </div>`}
      ${this.hides('readout') ? nothing : html`
        <p class="readout" aria-live="polite">${readings.length
          ? `x = ${num(hx!)}; ` + readings.map((r) => `${r.name}: f = ${num(r.f)}, f′ = ${num(r.d)}`).join('; ')
          : t('plot.hint')}</p>`}
    `;
  }

  static styles = unsafeCSS(styles);
}

if (!customElements.get('ap-activation-plot')) customElements.define('ap-activation-plot', ApActivationPlot);

declare global {
  interface HTMLElementTagNameMap {
    'ap-activation-plot': ApActivationPlot;
  }
}
