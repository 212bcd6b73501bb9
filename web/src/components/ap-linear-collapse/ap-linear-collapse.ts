// <ap-linear-collapse>: a network whose hidden layers all use the identity activation. The engine
// multiplies its layers out into one affine map z = w·f + b of the input features (net.linearMap()),
// and the boundary z = 0 it draws is a straight line, however many layers there are:
//   W_L(…(W_2(W_1 x + b_1) + b_2)…) + b_L = (W_L…W_1) x + (W_L…W_2 b_1 + … + b_L).
// On the circle the best line often leaves the data's square: the view then widens (up to ±MAX_VIEW)
// until the line is inside it, or says on the plot where the line went. Beside it, the same data
// through the same layers with tanh, whose boundary bends.
import { html, type TemplateResult } from 'lit';

import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { choiceAttr, intAttr, layersAttr, numberAttr } from '../lesson-kit/attrs.js';
import { drawAxes, drawField, drawLine, drawPoints, makeFrame, prepareCanvas } from '../lesson-kit/plot2d.js';
import { DATASETS, type DatasetName, Session, affineText, fmt, splitDataset } from '../lesson-kit/session.js';
import { TrainingLesson } from '../lesson-kit/training-lesson.js';

const GRID = 80;
const DOMAIN: [number, number] = [-6, 6];
/** The widest view (half-width) the plot widens to so that the collapsed line stays visible. */
const MAX_VIEW = 60;

/**
 * Where the line w·x + b = 0 is relative to the square [-h, h]²: its distance from the origin, and the
 * half-width of the view that shows it (h, or wider, at most MAX_VIEW), or null when even that misses it.
 */
export function lineView(w: [number, number], b: number, h = DOMAIN[1]): { distance: number; half: number | null } {
  const norm = Math.hypot(w[0], w[1]);
  const distance = norm > 0 ? Math.abs(b) / norm : Infinity;
  // Inside the square once the distance is below the half-width (the line then crosses it).
  if (distance < 0.95 * h) return { distance, half: h };
  const half = Math.ceil(distance * 1.25);
  return { distance, half: half <= MAX_VIEW ? half : null };
}

export class ApLinearCollapse extends TrainingLesson {
  // ---------------- Class Properties ----------------
  static lessonAttributes = ['dataset', 'layers', 'seed', 'noise', 'autoplay'];

  private map: { w: number[]; b: number } | null = null;
  private datasetName: DatasetName = 'circle';
  private layers = [4, 4];
  /** Where the collapsed line is: its distance from the origin and the view's half-width (null: not shown). */
  private view: { distance: number; half: number | null } = { distance: NaN, half: DOMAIN[1] };

  // ---------------- Custom Methods ----------------
  protected configure(engine: Engine): void {
    const a = (n: string) => this.getAttribute(n);
    this.datasetName = choiceAttr('dataset', a('dataset'), 'circle', DATASETS);
    this.layers = layersAttr('layers', a('layers'), [4, 4]);
    const seed = intAttr('seed', a('seed'), 1, 0, 2 ** 31 - 1);
    const noise = numberAttr('noise', a('noise'), 0.1, 0, 1);
    const { train, test } = splitDataset(engine, this.datasetName, 200, noise, seed);
    const spec = (activation: string) => ({
      features: ['x1', 'x2'] as ('x1' | 'x2')[],
      layers: this.layers.map((units) => ({ units, activation })),
      output: { units: 1, activation: 'sigmoid' },
      loss: 'bce' as const,
      optimizer: { name: 'adam' as const, learningRate: 0.03 },
      seed,
    });
    // The same data, layers and seed: identity hidden layers, and tanh beside them for contrast.
    this.setSessions([new Session(engine, spec('identity'), train, test), new Session(engine, spec('tanh'), train, test)]);
    this.readMap();
  }

  /** The collapsed map from the engine: z = w1·x1 + w2·x2 + b. */
  private readMap(): void {
    const m = this.sessions[0].net.linearMap();
    this.map = { w: [m.weights[0], m.weights[1]], b: m.biases[0] };
    this.view = lineView([m.weights[0], m.weights[1]], m.biases[0]);
  }

  protected trainStep(): boolean {
    for (const s of this.sessions) s.fit(1);
    const s = this.sessions[0];
    return s.epoch < 300 && !s.diverged;
  }

  protected afterFrame(): void {
    super.afterFrame();
    this.readMap();
  }

  protected draw(): void {
    const size = Math.max(180, Math.min(320, Math.floor(((this.width || 640) - 20) / 2)));
    const p = this.palette();
    const half = this.view.half ?? DOMAIN[1];
    this.sessions.forEach((s, k) => {
      const canvas = this.canvas(k === 0 ? 'region' : 'region-tanh');
      if (!canvas) return;
      const d: [number, number] = k === 0 ? [-half, half] : DOMAIN;
      const f = makeFrame(prepareCanvas(canvas, size, size), size, size, { xDomain: d, yDomain: d });
      drawAxes(f, p, { x: 'x1', y: 'x2' });
      drawField(f, s.net.predictGrid({ x: d, y: d, width: GRID, height: GRID }), GRID, GRID, p);
      drawPoints(f, s.train.x, s.train.y, p, 2.5);
      if (k > 0 || !this.map) return;
      canvas.dataset.line = this.view.half === null ? 'outside' : 'drawn';
      canvas.dataset.view = String(half);
      if (this.view.half !== null) drawLine(f, this.map.w[0], this.map.w[1], this.map.b, p.fg, 2, [6, 4]);
      else {
        // Even the widest view misses it: say so on the plot, with the way to it.
        const ctx = f.ctx;
        ctx.save();
        ctx.fillStyle = p.fg;
        ctx.font = `12px ${p.font}`;
        ctx.fillText(t('lessons.collapse.outside', { d: fmt(this.view.distance, 1) }), f.left + 6, f.top + 16);
        ctx.restore();
      }
    });
  }

  // ---------------- Templates and Styles ----------------
  protected renderLesson(): TemplateResult {
    const s = this.sessions[0];
    const m = this.map;
    return html`
      <div class="row">
        <figure>
          <canvas id="region" role="img" aria-label=${t('lessons.collapse.regionLabel')}></canvas>
          <figcaption>${t('lessons.collapse.caption')}${this.view.half !== null && this.view.half > DOMAIN[1]
            ? html` <span class="widened">${t('lessons.collapse.widened', { h: this.view.half, d: fmt(this.view.distance, 1) })}</span>` : ''}
            ${this.view.half === null ? html` <span class="widened">${t('lessons.collapse.outside', { d: fmt(this.view.distance, 1) })}</span>` : ''}</figcaption>
        </figure>
        <figure>
          <canvas id="region-tanh" role="img" aria-label=${t('lessons.collapse.tanhLabel')}></canvas>
          <figcaption>${t('lessons.collapse.tanhCaption', { acc: fmt(this.sessions[1]?.testAccuracy ?? NaN, 2) })}</figcaption>
        </figure>
        <div>
          <p class="mono">${this.layers.map((u) => `${u}× identity`).join(' → ')} → σ</p>
          <p>${t('lessons.collapse.map')}</p>
          ${m ? html`<p class="mono" id="map">${affineText([[m.w[0], 'x1'], [m.w[1], 'x2']], m.b)}</p>` : ''}
          <div class="controls">
            ${this.trainButtons()}
          </div>
          ${s ? html`<p class="caption" role="status">${t('lessons.status', { epoch: s.epoch, loss: fmt(s.loss), acc: fmt(s.testAccuracy, 2) })}</p>` : ''}
        </div>
      </div>`;
  }
}

if (!customElements.get('ap-linear-collapse')) customElements.define('ap-linear-collapse', ApLinearCollapse);

declare global {
  interface HTMLElementTagNameMap {
    'ap-linear-collapse': ApLinearCollapse;
  }
}
