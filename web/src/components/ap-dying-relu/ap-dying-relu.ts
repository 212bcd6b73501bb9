// <ap-dying-relu>: the same ReLU network trained at a modest and at a high learning rate; after every
// epoch the engine counts the dead units, those whose output is exactly 0 for every training point.
// Such a unit gets f'(z) = 0 on every example, so its incoming weights and bias never change again:
// once dead, dead for good. A high learning rate makes it likely (one large step can push a bias far
// below every input's weighted sum).
import { html, type TemplateResult } from 'lit';

import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { choiceAttr, intAttr, layersAttr, numberListAttr } from '../lesson-kit/attrs.js';
import { drawAxes, drawLegend, drawPolyline, makeFrame, prepareCanvas } from '../lesson-kit/plot2d.js';
import { DATASETS, type DatasetName, Session, runValue, splitDataset } from '../lesson-kit/session.js';
import { TrainingLesson } from '../lesson-kit/training-lesson.js';

const MAX_EPOCHS = 150;

interface Run {
  lr: number;
  session: Session;
  dead: number[];
}

export class ApDyingRelu extends TrainingLesson {
  // ---------------- Class Properties ----------------
  static lessonAttributes = ['learning-rates', 'layers', 'dataset', 'seed', 'autoplay'];

  private runs: Run[] = [];
  private totalUnits = 0;

  // ---------------- Custom Methods ----------------
  protected configure(engine: Engine): void {
    const a = (n: string) => this.getAttribute(n);
    const rates = numberListAttr('learning-rates', a('learning-rates'), [0.03, 1], 1, 4, 1e-5, 10);
    const layers = layersAttr('layers', a('layers'), [8, 8, 8]);
    const dataset: DatasetName = choiceAttr('dataset', a('dataset'), 'spiral', DATASETS);
    const seed = intAttr('seed', a('seed'), 1, 0, 2 ** 31 - 1);
    const { train, test } = splitDataset(engine, dataset, 200, 0.05, seed);
    this.totalUnits = layers.reduce((s, n) => s + n, 0);
    this.runs = rates.map((lr) => {
      const session = new Session(engine, {
        features: ['x1', 'x2'],
        layers: layers.map((units) => ({ units, activation: 'relu' })),
        output: { units: 1, activation: 'sigmoid' },
        loss: 'bce',
        optimizer: { name: 'sgd', learningRate: lr },
        init: 'he',
        seed,
      }, train, test);
      return { lr, session, dead: [this.countDead(session)] };
    });
    this.setSessions(this.runs.map((r) => r.session));
  }

  private countDead(s: Session): number {
    return s.net.deadUnits(s.train.x).total;
  }

  protected trainStep(): boolean {
    for (const r of this.runs) {
      // A diverged run keeps its last count: NaN weights say nothing about units.
      if (!r.session.diverged) r.session.fit(1);
      r.dead.push(r.session.diverged ? r.dead[r.dead.length - 1] : this.countDead(r.session));
    }
    return this.runs[0].dead.length <= MAX_EPOCHS;
  }

  protected draw(): void {
    const canvas = this.canvas('dead');
    if (!canvas || !this.runs.length) return;
    const p = this.palette();
    const w = Math.max(240, Math.min(560, (this.width || 640) - 8));
    const h = Math.round(Math.min(300, w * 0.55));
    const f = makeFrame(prepareCanvas(canvas, w, h), w, h, {
      xDomain: [0, Math.max(10, this.runs[0].dead.length - 1)], yDomain: [0, this.totalUnits],
    });
    drawAxes(f, p, { x: t('lessons.epoch'), y: t('lessons.dying.dead') }, 5);
    this.runs.forEach((r, k) => drawPolyline(f, r.dead.map((_, i) => i), r.dead, p.series[k % p.series.length], 2));
    drawLegend(f, this.runs.map((r, k) => ({ label: t('lessons.dying.lr', { lr: r.lr }), colour: p.series[k % p.series.length] })), p);
  }

  // ---------------- Templates and Styles ----------------
  protected renderLesson(): TemplateResult {
    return html`
      <figure><canvas id="dead" role="img" aria-label=${t('lessons.dying.dead')}></canvas></figure>
      <table>
        <thead><tr><th scope="col">${t('lessons.dying.run')}</th><th scope="col">${t('lessons.dying.dead')}</th><th scope="col">${t('lessons.epoch')}</th><th scope="col">loss</th><th scope="col">${t('lessons.depth.accuracy')}</th></tr></thead>
        <tbody>${this.runs.map((r) => html`<tr>
          <th scope="row">${t('lessons.dying.lr', { lr: r.lr })}</th>
          <td data-dead=${r.dead[r.dead.length - 1]}>${r.dead[r.dead.length - 1]} / ${this.totalUnits}</td>
          <td>${r.session.epoch}</td><td>${runValue(r.session, r.session.loss)}</td><td>${runValue(r.session, r.session.testAccuracy, 2)}</td></tr>`)}</tbody>
      </table>
      <div class="controls">
        ${this.trainButtons()}
      </div>`;
  }
}

if (!customElements.get('ap-dying-relu')) customElements.define('ap-dying-relu', ApDyingRelu);

declare global {
  interface HTMLElementTagNameMap {
    'ap-dying-relu': ApDyingRelu;
  }
}
