// <ap-compare>: two to four networks that differ only in their hidden activation — same layers, same
// data, same seed (so the same initial weight draw), same optimizer — trained in lock step. Each
// shows its decision regions; one chart overlays their training losses.
import { html, type TemplateResult } from 'lit';

import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { OPTIMIZERS } from '../../train-model/settings.js';
import { activationsAttr, choiceAttr, intAttr, layersAttr, numberAttr } from '../lesson-kit/attrs.js';
import { drawAxes, drawField, drawLegend, drawPoints, drawPolyline, extent, makeFrame, prepareCanvas } from '../lesson-kit/plot2d.js';
import { DATASETS, type DatasetName, Session, runValue, splitDataset } from '../lesson-kit/session.js';
import { TrainingLesson } from '../lesson-kit/training-lesson.js';

const GRID = 64;
const DOMAIN: [number, number] = [-6, 6];

interface Run {
  activation: string;
  session: Session;
  losses: number[];
}

export class ApCompare extends TrainingLesson {
  // ---------------- Class Properties ----------------
  static lessonAttributes = ['activations', 'dataset', 'layers', 'seed', 'optimizer', 'learning-rate', 'epochs', 'autoplay'];

  private runs: Run[] = [];
  private maxEpochs = 300;

  // ---------------- Custom Methods ----------------
  protected configure(engine: Engine): void {
    const a = (n: string) => this.getAttribute(n);
    const acts = activationsAttr('activations', a('activations'), ['relu', 'tanh', 'sigmoid'],
      engine.activations.map((e) => e.name).filter((n) => n !== 'softmax'), 2, 4);
    const dataset: DatasetName = choiceAttr('dataset', a('dataset'), 'spiral', DATASETS);
    const layers = layersAttr('layers', a('layers'), [8, 8]);
    const seed = intAttr('seed', a('seed'), 1, 0, 2 ** 31 - 1);
    const optimizer = choiceAttr('optimizer', a('optimizer'), 'adam', OPTIMIZERS);
    const lr = numberAttr('learning-rate', a('learning-rate'), 0.01, 1e-5, 10);
    this.maxEpochs = intAttr('epochs', a('epochs'), 300, 1, 5000);
    const { train, test } = splitDataset(engine, dataset, 250, 0.05, seed);
    this.runs = acts.map((activation) => ({
      activation,
      session: new Session(engine, {
        features: ['x1', 'x2'],
        layers: layers.map((units) => ({ units, activation })),
        output: { units: 1, activation: 'sigmoid' },
        loss: 'bce',
        optimizer: { name: optimizer, learningRate: lr },
        seed,
      }, train, test),
      losses: [],
    }));
    this.setSessions(this.runs.map((r) => r.session));
  }

  protected trainStep(): boolean {
    for (const r of this.runs) if (!r.session.diverged) r.losses.push(r.session.fit(1));
    return this.runs.some((r) => r.session.epoch < this.maxEpochs && !r.session.diverged);
  }

  protected draw(): void {
    if (!this.runs.length) return;
    const p = this.palette();
    const n = this.runs.length;
    const cols = Math.max(1, Math.min(n, Math.floor(((this.width || 640) + 10) / 170)));
    const size = Math.max(150, Math.min(260, Math.floor(((this.width || 640) - 10 * (cols - 1)) / cols)));
    this.runs.forEach((r, k) => {
      const canvas = this.canvas(`region-${k}`);
      if (!canvas) return;
      const f = makeFrame(prepareCanvas(canvas, size, size), size, size, {
        xDomain: DOMAIN, yDomain: DOMAIN, margin: { left: 4, right: 4, top: 4, bottom: 4 },
      });
      drawField(f, r.session.net.predictGrid({ x: DOMAIN, y: DOMAIN, width: GRID, height: GRID }), GRID, GRID, p);
      drawPoints(f, r.session.test.x, r.session.test.y, p, 2);
      f.ctx.strokeStyle = p.series[k % p.series.length];
      f.ctx.lineWidth = 3;
      f.ctx.strokeRect(f.left + 1.5, f.top + 1.5, f.width - 3, f.height - 3);
    });
    const canvas = this.canvas('loss');
    if (!canvas) return;
    const w = Math.max(240, Math.min(640, (this.width || 640) - 8));
    const h = Math.round(Math.min(220, w * 0.4));
    const epochs = Math.max(10, ...this.runs.map((r) => r.losses.length));
    const f = makeFrame(prepareCanvas(canvas, w, h), w, h, { xDomain: [1, epochs], yDomain: [0, extent(this.runs.flatMap((r) => r.losses), [0, 1], 0)[1] * 1.05] });
    drawAxes(f, p, { x: t('lessons.epoch'), y: 'loss' }, 5);
    this.runs.forEach((r, k) => drawPolyline(f, r.losses.map((_, i) => i + 1), r.losses, p.series[k % p.series.length], 2));
    drawLegend(f, this.runs.map((r, k) => ({ label: r.activation, colour: p.series[k % p.series.length] })), p);
  }

  // ---------------- Templates and Styles ----------------
  protected renderLesson(): TemplateResult {
    return html`
      <div class="row">
        ${this.runs.map((r, k) => html`<figure>
          <canvas id=${`region-${k}`} role="img" aria-label=${r.activation}></canvas>
          <figcaption><b>${r.activation}</b><br>loss ${runValue(r.session, r.session.loss)} · ${t('lessons.depth.accuracy')} ${runValue(r.session, r.session.testAccuracy, 2)}</figcaption>
        </figure>`)}
      </div>
      <figure><canvas id="loss" role="img" aria-label="loss"></canvas></figure>
      <div class="controls">
        ${this.trainButtons()}
        <span class="caption" role="status">${t('lessons.epoch')} ${this.runs[0]?.session.epoch ?? 0}</span>
      </div>`;
  }
}

if (!customElements.get('ap-compare')) customElements.define('ap-compare', ApCompare);

declare global {
  interface HTMLElementTagNameMap {
    'ap-compare': ApCompare;
  }
}
