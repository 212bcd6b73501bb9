// <ap-hidden-space>: what a hidden layer does to the plane. Every input point x maps to the outputs
// h(x) of a chosen layer; two of its units give a 2-D picture. The view interpolates
//   P_t(x) = (1 − t)·x/6 + t·(h_i(x), h_j(x)),  t ∈ [0, 1]
// (x/6 brings the [-6, 6] inputs to the scale of the units), so at t = 0 it shows the input grid and
// the points, at t = 1 the grid as the layer warps it. For the last hidden layer the output unit's
// boundary w_i·h_i + w_j·h_j + c = 0 is a straight line there (exact when that layer has two units;
// otherwise the other units are held at their mean over the data). Training and the morph animate
// together, so the folding can be watched while it is learned.
import { html, type TemplateResult } from 'lit';

import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { activationsAttr, choiceAttr, intAttr, layersAttr } from '../lesson-kit/attrs.js';
import { LessonElement } from '../lesson-kit/lesson-element.js';
import { clipToFrame, drawAxes, drawLine, drawPoints, extent, makeFrame, prepareCanvas, type Frame } from '../lesson-kit/plot2d.js';
import { DATASETS, type DatasetName, Session, fmt, splitDataset } from '../lesson-kit/session.js';

const LINES = 13;      // grid lines per direction over [-6, 6]
const SAMPLES = 48;    // points per grid line

export class ApHiddenSpace extends LessonElement {
  // ---------------- Class Properties ----------------
  static lessonAttributes = ['dataset', 'layers', 'activation', 'seed', 'layer', 'units', 'morph', 'autoplay'];

  private session: Session | null = null;
  private layersSpec = [6, 2];
  private layer = 1;
  private ux = 0;
  private uy = 1;
  private morph = 1;
  private training = false;
  private animating = false;
  private handle = 0;
  private phase = 0;
  private lastFrame = 0;
  /** The grid lines' points: LINES vertical then LINES horizontal, SAMPLES each, row-major (x1, x2). */
  private readonly gridXY = (() => {
    const xy = new Float32Array(2 * LINES * SAMPLES * 2);
    let k = 0;
    for (let dir = 0; dir < 2; dir++)
      for (let l = 0; l < LINES; l++) {
        const fixed = -6 + (12 * l) / (LINES - 1);
        for (let s = 0; s < SAMPLES; s++) {
          const moving = -6 + (12 * s) / (SAMPLES - 1);
          xy[k++] = dir === 0 ? fixed : moving;
          xy[k++] = dir === 0 ? moving : fixed;
        }
      }
    return xy;
  })();

  // ---------------- Lifecycle Methods ----------------
  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.session?.dispose();
    this.session = null;
  }

  // ---------------- Custom Methods ----------------
  protected configure(engine: Engine): void {
    const a = (n: string) => this.getAttribute(n);
    const dataset: DatasetName = choiceAttr('dataset', a('dataset'), 'circle', DATASETS);
    this.layersSpec = layersAttr('layers', a('layers'), [6, 2], 6, 16);
    const [activation] = activationsAttr('activation', a('activation'), ['tanh'], engine.activations.map((e) => e.name), 1, 1);
    const seed = intAttr('seed', a('seed'), 2, 0, 2 ** 31 - 1);
    this.layer = intAttr('layer', a('layer'), this.layersSpec.length - 1, 0, this.layersSpec.length - 1);
    const units = this.layersSpec[this.layer];
    const pick = a('units')?.split(',') ?? ['0', String(Math.min(1, units - 1))];
    this.ux = intAttr('units', pick[0] ?? null, 0, 0, units - 1);
    this.uy = intAttr('units', pick[1] ?? null, Math.min(1, units - 1), 0, units - 1);
    this.morph = Number(a('morph') ?? '1');
    if (!(this.morph >= 0 && this.morph <= 1)) throw new RangeError(`morph="${a('morph')}": expected a number in [0, 1]`);
    const { train, test } = splitDataset(engine, dataset, 200, 0.05, seed);
    this.session?.dispose();
    this.session = null;
    this.session = new Session(engine, {
      features: ['x1', 'x2'],
      layers: this.layersSpec.map((n) => ({ units: n, activation })),
      output: { units: 1, activation: 'sigmoid' },
      loss: 'bce',
      optimizer: { name: 'adam', learningRate: 0.03 },
      seed,
    }, train, test);
    if (this.hasAttribute('autoplay')) queueMicrotask(() => { this.training = true; this.animating = true; this.run(); });
  }

  protected stop(): void {
    cancelAnimationFrame(this.handle);
    this.handle = 0;
    this.training = this.animating = false;
  }

  /** One loop for both training (a few ms of epochs per frame) and the morph animation. */
  private run(): void {
    if (this.handle || !(this.training || this.animating)) return;
    this.lastFrame = performance.now();
    const tick = (now: number) => {
      this.handle = 0;
      const s = this.session;
      if (!s || this.problem) return;
      this.guard(() => {
        if (this.training) {
          const t0 = performance.now();
          do s.fit(1); while (performance.now() - t0 < 6);
          s.evaluate();
          if (s.epoch >= 600 || s.diverged) this.training = false;
        }
        if (this.animating) {
          // 4 s per cycle: 1.5 s up, 0.5 s at the hidden space, 1.5 s down, 0.5 s at the input.
          this.phase = (this.phase + (now - this.lastFrame) / 4000) % 1;
          const q = this.phase;
          this.morph = q < 0.375 ? smooth(q / 0.375) : q < 0.5 ? 1 : q < 0.875 ? 1 - smooth((q - 0.5) / 0.375) : 0;
        }
      });
      this.lastFrame = now;
      this.requestUpdate();
      if (this.training || this.animating) this.handle = requestAnimationFrame(tick);
    };
    this.handle = requestAnimationFrame(tick);
  }

  /** Layer outputs of units ux, uy for a batch, mixed with the inputs by the morph t. */
  private project(xy: Float32Array, tMorph: number): Float32Array {
    const s = this.session!;
    const units = this.layersSpec[this.layer];
    const h = s.net.layerOutputs(this.layer, xy);
    const n = xy.length / 2;
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      out[2 * i] = (1 - tMorph) * (xy[2 * i] / 6) + tMorph * h[i * units + this.ux];
      out[2 * i + 1] = (1 - tMorph) * (xy[2 * i + 1] / 6) + tMorph * h[i * units + this.uy];
    }
    return out;
  }

  /** The output boundary in the (h_ux, h_uy) plane, or null if the layer is not the last hidden one. */
  private outputLine(): { a: number; b: number; c: number } | null {
    const s = this.session!;
    if (this.layer !== this.layersSpec.length - 1 || this.ux === this.uy) return null;
    const weights = s.net.getWeights();
    const out = weights[weights.length - 1];
    const units = this.layersSpec[this.layer];
    let c = out.biases[0];
    if (units > 2) {
      const h = s.net.layerOutputs(this.layer, s.train.x);
      for (let k = 0; k < units; k++) {
        if (k === this.ux || k === this.uy) continue;
        let mean = 0;
        for (let i = 0; i < s.train.n; i++) mean += h[i * units + k];
        c += out.weights[k] * (mean / s.train.n);
      }
    }
    return { a: out.weights[this.ux], b: out.weights[this.uy], c };
  }

  protected draw(): void {
    const s = this.session;
    const canvas = this.canvas('space');
    if (!s || !canvas) return;
    const size = Math.max(200, Math.min(420, (this.width || 640) - 8));
    const p = this.palette();
    const grid = this.project(this.gridXY, this.morph);
    const pts = this.project(s.train.x, this.morph);
    const xs = extent([...pts.filter((_, i) => i % 2 === 0), ...grid.filter((_, i) => i % 2 === 0)], [-1, 1]);
    const ys = extent([...pts.filter((_, i) => i % 2 === 1), ...grid.filter((_, i) => i % 2 === 1)], [-1, 1]);
    const f = makeFrame(prepareCanvas(canvas, size, size), size, size, { xDomain: xs, yDomain: ys });
    drawAxes(f, p, {
      x: this.morph > 0.5 ? `h${this.layer + 1}.${this.ux + 1}` : 'x1/6',
      y: this.morph > 0.5 ? `h${this.layer + 1}.${this.uy + 1}` : 'x2/6',
    });
    drawWarpedGrid(f, grid, p.muted);
    drawPoints(f, pts, s.train.y, p, 2.5);
    const line = this.morph >= 0.999 ? this.outputLine() : null;
    if (line) drawLine(f, line.a, line.b, line.c, p.fg, 2, [6, 4]);
  }

  // ---------------- Event Handlers ----------------
  private toggleTrain(): void {
    this.training = !this.training;
    if (this.training) this.run();
    this.requestUpdate();
  }

  private toggleAnimate(): void {
    this.animating = !this.animating;
    if (this.animating) { this.phase = this.morph >= 1 ? 0.5 : 0; this.run(); }
    this.requestUpdate();
  }

  private choose(which: 'layer' | 'ux' | 'uy', e: Event): void {
    const v = Number((e.target as HTMLSelectElement).value);
    if (which === 'layer') {
      this.layer = v;
      const units = this.layersSpec[v];
      this.ux = 0;
      this.uy = Math.min(1, units - 1);
    } else if (which === 'ux') this.ux = v;
    else this.uy = v;
    this.requestUpdate();
  }

  private slide(e: Event): void {
    this.morph = Number((e.target as HTMLInputElement).value);
    this.animating = false;
    this.requestUpdate();
  }

  private reset(): void {
    this.stop();
    this.guard(() => this.configure(this.engine!));
    this.requestUpdate();
  }

  // ---------------- Templates and Styles ----------------
  protected renderLesson(): TemplateResult {
    const s = this.session;
    const units = this.layersSpec[this.layer];
    const unitOptions = (sel: number) => Array.from({ length: units }, (_, i) =>
      html`<option value=${i} ?selected=${i === sel}>${i + 1}</option>`);
    return html`
      <div class="controls">
        <label>${t('lessons.hidden.layer')}
          <select id="layer" @change=${(e: Event) => this.choose('layer', e)}>
            ${this.layersSpec.map((n, i) => html`<option value=${i} ?selected=${i === this.layer}>${i + 1} (${n})</option>`)}
          </select></label>
        <label>${t('lessons.hidden.unitX')} <select id="ux" @change=${(e: Event) => this.choose('ux', e)}>${unitOptions(this.ux)}</select></label>
        <label>${t('lessons.hidden.unitY')} <select id="uy" @change=${(e: Event) => this.choose('uy', e)}>${unitOptions(this.uy)}</select></label>
      </div>
      <figure><canvas id="space" role="img" aria-label=${t('lessons.hidden.title')}></canvas>
        <figcaption>${this.layer === this.layersSpec.length - 1 ? t('lessons.hidden.exact') : t('lessons.hidden.notLast')}</figcaption></figure>
      <div class="controls">
        <label>${t('lessons.hidden.morph')}
          <input id="morph" type="range" min="0" max="1" step="0.01" .value=${String(this.morph)} @input=${this.slide}></label>
        <button id="animate" @click=${this.toggleAnimate}>${this.animating ? t('lessons.pause') : t('lessons.hidden.animate')}</button>
        <button id="train" @click=${this.toggleTrain}>${this.training ? t('lessons.pause') : t('lessons.train')}</button>
        <button id="reset" @click=${this.reset}>${t('lessons.reset')}</button>${this.pngButton()}
      </div>
      ${s ? html`<p class="caption" role="status">${t('lessons.status', { epoch: s.epoch, loss: fmt(s.loss), acc: fmt(s.testAccuracy, 2) })}</p>` : ''}`;
  }
}

function smooth(u: number): number {
  return u * u * (3 - 2 * u);
}

/** Grid lines as polylines through their projected samples. */
function drawWarpedGrid(f: Frame, grid: Float32Array, colour: string): void {
  const ctx = clipToFrame(f);
  ctx.strokeStyle = colour;
  ctx.globalAlpha = 0.55;
  ctx.lineWidth = 1;
  for (let l = 0; l < 2 * LINES; l++) {
    ctx.beginPath();
    for (let s = 0; s < SAMPLES; s++) {
      const i = l * SAMPLES + s;
      const px = f.x(grid[2 * i]), py = f.y(grid[2 * i + 1]);
      if (s === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    }
    ctx.stroke();
  }
  ctx.restore();
}

if (!customElements.get('ap-hidden-space')) customElements.define('ap-hidden-space', ApHiddenSpace);

declare global {
  interface HTMLElementTagNameMap {
    'ap-hidden-space': ApHiddenSpace;
  }
}
