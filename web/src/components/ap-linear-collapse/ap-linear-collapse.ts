// <ap-linear-collapse>: a network whose hidden layers all use the identity activation. The engine
// multiplies its layers out into one affine map z = w·f + b of the input features (net.linearMap()),
// and the boundary z = 0 it draws is a straight line, however many layers there are:
//   W_L(…(W_2(W_1 x + b_1) + b_2)…) + b_L = (W_L…W_1) x + (W_L…W_2 b_1 + … + b_L).
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

export class ApLinearCollapse extends TrainingLesson {
  // ---------------- Class Properties ----------------
  static lessonAttributes = ['dataset', 'layers', 'seed', 'noise', 'autoplay'];

  private map: { w: number[]; b: number } | null = null;
  private datasetName: DatasetName = 'circle';
  private layers = [4, 4];

  // ---------------- Custom Methods ----------------
  protected configure(engine: Engine): void {
    const a = (n: string) => this.getAttribute(n);
    this.datasetName = choiceAttr('dataset', a('dataset'), 'circle', DATASETS);
    this.layers = layersAttr('layers', a('layers'), [4, 4]);
    const seed = intAttr('seed', a('seed'), 1, 0, 2 ** 31 - 1);
    const noise = numberAttr('noise', a('noise'), 0.1, 0, 1);
    const { train, test } = splitDataset(engine, this.datasetName, 200, noise, seed);
    this.setSessions([new Session(engine, {
      features: ['x1', 'x2'],
      layers: this.layers.map((units) => ({ units, activation: 'identity' })),
      output: { units: 1, activation: 'sigmoid' },
      loss: 'bce',
      optimizer: { name: 'adam', learningRate: 0.03 },
      seed,
    }, train, test)]);
    this.readMap();
  }

  /** The collapsed map from the engine: z = w1·x1 + w2·x2 + b. */
  private readMap(): void {
    const m = this.sessions[0].net.linearMap();
    this.map = { w: [m.weights[0], m.weights[1]], b: m.biases[0] };
  }

  protected trainStep(): boolean {
    const s = this.sessions[0];
    s.fit(1);
    return s.epoch < 300 && !s.diverged;
  }

  protected afterFrame(): void {
    super.afterFrame();
    this.readMap();
  }

  protected draw(): void {
    const canvas = this.canvas('region');
    const s = this.sessions[0];
    if (!canvas || !s) return;
    const size = Math.max(180, Math.min(340, (this.width || 640) - 8));
    const ctx = prepareCanvas(canvas, size, size);
    const f = makeFrame(ctx, size, size, { xDomain: DOMAIN, yDomain: DOMAIN });
    const p = this.palette();
    const field = s.net.predictGrid({ x: DOMAIN, y: DOMAIN, width: GRID, height: GRID });
    drawAxes(f, p, { x: 'x1', y: 'x2' });
    drawField(f, field, GRID, GRID, p);
    drawPoints(f, s.train.x, s.train.y, p, 2.5);
    if (this.map) drawLine(f, this.map.w[0], this.map.w[1], this.map.b, p.fg, 2, [6, 4]);
  }

  // ---------------- Templates and Styles ----------------
  protected renderLesson(): TemplateResult {
    const s = this.sessions[0];
    const m = this.map;
    return html`
      <div class="row">
        <figure>
          <canvas id="region" role="img" aria-label=${t('lessons.collapse.regionLabel')}></canvas>
          <figcaption>${t('lessons.collapse.caption')}</figcaption>
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
