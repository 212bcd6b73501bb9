// <ap-feature-space>: the circle data set seen twice. In the input plane (x1, x2) no line separates the
// inner disc from the ring; in the feature plane (u, v) = (x1², x2²) the circle x1² + x2² = r² is the
// line u + v = r². A model with no hidden layer, z = w1·u + w2·v + b and p = σ(z), trained on the
// squared features finds such a line; its boundary drawn back in the input plane is a circle (an
// ellipse when w1 ≠ w2).
import { html, type TemplateResult } from 'lit';

import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { intAttr, numberAttr } from '../lesson-kit/attrs.js';
import { drawAxes, drawField, drawLine, drawPoints, makeFrame, prepareCanvas } from '../lesson-kit/plot2d.js';
import { Session, affineText, fmt, gridPoints, splitDataset } from '../lesson-kit/session.js';
import { TrainingLesson } from '../lesson-kit/training-lesson.js';

const GRID = 80;
const INPUT: [number, number] = [-6, 6];
const SQUARED: [number, number] = [0, 36];

export class ApFeatureSpace extends TrainingLesson {
  // ---------------- Class Properties ----------------
  static lessonAttributes = ['seed', 'noise', 'autoplay'];

  /** The squared training points (u, v), row-major. */
  private squared = new Float32Array(0);

  // ---------------- Custom Methods ----------------
  protected configure(engine: Engine): void {
    const seed = intAttr('seed', this.getAttribute('seed'), 1, 0, 2 ** 31 - 1);
    const noise = numberAttr('noise', this.getAttribute('noise'), 0.1, 0, 1);
    const { train, test } = splitDataset(engine, 'circle', 200, noise, seed);
    this.setSessions([new Session(engine, {
      features: ['x1^2', 'x2^2'],
      layers: [],
      output: { units: 1, activation: 'sigmoid' },
      loss: 'bce',
      optimizer: { name: 'adam', learningRate: 0.05 },
      seed,
    }, train, test)]);
    this.squared = train.x.map((v) => v * v);
  }

  protected trainStep(): boolean {
    const s = this.sessions[0];
    s.fit(1);
    return s.epoch < 400 && !s.diverged;
  }

  /** The output unit's z = w1·u + w2·v + b. */
  private line(): { w1: number; w2: number; b: number } {
    const [out] = this.sessions[0].net.getWeights();
    return { w1: out.weights[0], w2: out.weights[1], b: out.biases[0] };
  }

  protected draw(): void {
    const s = this.sessions[0];
    const c1 = this.canvas('input'), c2 = this.canvas('squared');
    if (!s || !c1 || !c2) return;
    const size = Math.max(160, Math.min(300, Math.floor(((this.width || 640) - 16) / 2)));
    const p = this.palette();
    const { w1, w2, b } = this.line();

    const f1 = makeFrame(prepareCanvas(c1, size, size), size, size, { xDomain: INPUT, yDomain: INPUT });
    drawAxes(f1, p, { x: 'x1', y: 'x2' });
    drawField(f1, s.net.predictGrid({ x: INPUT, y: INPUT, width: GRID, height: GRID }), GRID, GRID, p);
    drawPoints(f1, s.train.x, s.train.y, p, 2.5);

    // The same model over the feature plane: p = σ(w1·u + w2·v + b), σ from the engine.
    const f2 = makeFrame(prepareCanvas(c2, size, size), size, size, { xDomain: SQUARED, yDomain: SQUARED });
    const uv = gridPoints(SQUARED[0], SQUARED[1], GRID);
    const z = new Float32Array(GRID * GRID);
    for (let i = 0; i < z.length; i++) z[i] = w1 * uv[2 * i] + w2 * uv[2 * i + 1] + b;
    drawAxes(f2, p, { x: 'x1²', y: 'x2²' });
    drawField(f2, this.engine!.activation('sigmoid').forward(z), GRID, GRID, p);
    drawPoints(f2, this.squared, s.train.y, p, 2.5);
    drawLine(f2, w1, w2, b, p.fg, 2, [6, 4]);
  }

  // ---------------- Templates and Styles ----------------
  protected renderLesson(): TemplateResult {
    const s = this.sessions[0];
    const l = s ? this.line() : null;
    return html`
      <div class="row">
        <figure><canvas id="input" role="img" aria-label=${t('lessons.feature.input')}></canvas>
          <figcaption>${t('lessons.feature.input')}</figcaption></figure>
        <figure><canvas id="squared" role="img" aria-label=${t('lessons.feature.squared')}></canvas>
          <figcaption>${t('lessons.feature.squared')}</figcaption></figure>
      </div>
      ${l ? html`<p class="mono">${affineText([[l.w1, 'x1²'], [l.w2, 'x2²']], l.b)}</p>` : ''}
      <div class="controls">
        ${this.trainButtons()}
        ${s ? html`<span class="caption" role="status">${t('lessons.status', { epoch: s.epoch, loss: fmt(s.loss), acc: fmt(s.testAccuracy, 2) })}</span>` : ''}
      </div>`;
  }
}

if (!customElements.get('ap-feature-space')) customElements.define('ap-feature-space', ApFeatureSpace);

declare global {
  interface HTMLElementTagNameMap {
    'ap-feature-space': ApFeatureSpace;
  }
}
