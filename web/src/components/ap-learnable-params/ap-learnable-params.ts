// <ap-learnable-params>: activations with a trainable shape. PReLU(x) = x for x > 0, αx otherwise,
// and Swish(x) = x·σ(βx); with α (β) learnable the engine updates it by gradient descent along with the
// weights, using ∂PReLU/∂α = min(x, 0) and ∂Swish/∂β = x²·σ(βx)(1 − σ(βx)). One α or β per hidden
// layer (shared by its units) is plotted over the epochs, next to the curves they currently give.
import { html, type TemplateResult } from 'lit';

import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { choiceAttr, intAttr, layersAttr } from '../lesson-kit/attrs.js';
import { drawAxes, drawLegend, drawPolyline, extent, makeFrame, prepareCanvas } from '../lesson-kit/plot2d.js';
import { DATASETS, type DatasetName, Session, fmt, splitDataset } from '../lesson-kit/session.js';
import { TrainingLesson } from '../lesson-kit/training-lesson.js';

const MAX_EPOCHS = 300;
const KINDS = [
  { activation: 'prelu', param: 'alpha', symbol: 'α' },
  { activation: 'swish', param: 'beta', symbol: 'β' },
] as const;

interface Run {
  kind: (typeof KINDS)[number];
  session: Session;
  /** history[layer][epoch] */
  history: number[][];
}

export class ApLearnableParams extends TrainingLesson {
  // ---------------- Class Properties ----------------
  static lessonAttributes = ['layers', 'dataset', 'seed', 'autoplay'];

  private runs: Run[] = [];

  // ---------------- Custom Methods ----------------
  protected configure(engine: Engine): void {
    const a = (n: string) => this.getAttribute(n);
    const layers = layersAttr('layers', a('layers'), [8, 8], 6);
    const dataset: DatasetName = choiceAttr('dataset', a('dataset'), 'spiral', DATASETS);
    const seed = intAttr('seed', a('seed'), 1, 0, 2 ** 31 - 1);
    const { train, test } = splitDataset(engine, dataset, 200, 0.05, seed);
    this.runs = KINDS.map((kind) => {
      const session = new Session(engine, {
        features: ['x1', 'x2'],
        layers: layers.map((units) => ({ units, activation: kind.activation, learnable: 'shared' as const })),
        output: { units: 1, activation: 'sigmoid' },
        loss: 'bce',
        optimizer: { name: 'adam', learningRate: 0.02 },
        seed,
      }, train, test);
      const run: Run = { kind, session, history: layers.map(() => []) };
      this.record(run);
      return run;
    });
    this.setSessions(this.runs.map((r) => r.session));
  }

  /** Appends the current α or β of every hidden layer (the mean, if a layer learns one per unit). */
  private record(r: Run): void {
    for (const { layer, values } of r.session.net.learnableParams()) {
      if (layer < r.history.length && values.length) r.history[layer].push(values.reduce((s, x) => s + x, 0) / values.length);
    }
  }

  protected trainStep(): boolean {
    for (const r of this.runs) { r.session.fit(1); this.record(r); }
    return this.runs[0].session.epoch < MAX_EPOCHS;
  }

  protected draw(): void {
    const c1 = this.canvas('values'), c2 = this.canvas('curves');
    if (!c1 || !c2 || !this.runs.length) return;
    const p = this.palette();
    const w = Math.max(220, Math.min(420, Math.floor(((this.width || 640) - 12) / 2)));
    const h = Math.round(w * 0.75);
    const colour = (k: number, l: number) => p.series[(2 * k + l) % p.series.length];

    const all = this.runs.flatMap((r) => r.history.flat());
    const epochs = Math.max(10, ...this.runs.map((r) => r.history[0].length - 1));
    const f1 = makeFrame(prepareCanvas(c1, w, h), w, h, { xDomain: [0, epochs], yDomain: extent(all, [0, 1.5], 0.15) });
    drawAxes(f1, p, { x: t('lessons.epoch'), y: t('lessons.learnable.values') }, 4);
    const legend: { label: string; colour: string; dash?: number[] }[] = [];
    this.runs.forEach((r, k) => r.history.forEach((series, l) => {
      drawPolyline(f1, series.map((_, i) => i), series, colour(k, l), 2, l ? [5, 3] : []);
      legend.push({ label: `${r.kind.symbol} (${r.kind.activation}, ${t('lessons.gradients.layer', { i: l + 1 })})`, colour: colour(k, l), dash: l ? [5, 3] : [] });
    }));
    drawLegend(f1, legend, p);

    // The activations the learned parameters give now (layer 1), against their starting shape.
    const n = 161;
    const xs = Float32Array.from({ length: n }, (_, i) => -4 + (8 * i) / (n - 1));
    const f2 = makeFrame(prepareCanvas(c2, w, h), w, h, { xDomain: [-4, 4], yDomain: [-1.5, 4] });
    drawAxes(f2, p, { x: 'x', y: 'f(x)' }, 4);
    this.runs.forEach((r, k) => {
      const v = r.history[0][r.history[0].length - 1];
      const start = r.history[0][0];
      const now = this.engine!.activation(r.kind.activation, { [r.kind.param]: v }).forward(xs);
      const then = this.engine!.activation(r.kind.activation, { [r.kind.param]: start }).forward(xs);
      drawPolyline(f2, xs, then, colour(k, 0), 1, [3, 3]);
      drawPolyline(f2, xs, now, colour(k, 0), 2.2);
    });
    drawLegend(f2, this.runs.map((r, k) => ({
      label: `${r.kind.activation}, ${r.kind.symbol} = ${fmt(r.history[0][r.history[0].length - 1])}`, colour: colour(k, 0),
    })), p);
  }

  // ---------------- Templates and Styles ----------------
  protected renderLesson(): TemplateResult {
    return html`
      <div class="row">
        <figure><canvas id="values" role="img" aria-label=${t('lessons.learnable.values')}></canvas>
          <figcaption>${t('lessons.learnable.values')}</figcaption></figure>
        <figure><canvas id="curves" role="img" aria-label=${t('lessons.learnable.curves')}></canvas>
          <figcaption>${t('lessons.learnable.curves')}</figcaption></figure>
      </div>
      <div class="controls">
        ${this.trainButtons()}
        ${this.runs.map((r) => html`<span class="caption">${r.kind.activation}: ${t('lessons.status', {
          epoch: r.session.epoch, loss: fmt(r.session.loss), acc: fmt(r.session.testAccuracy, 2) })}</span>`)}
      </div>`;
  }
}

if (!customElements.get('ap-learnable-params')) customElements.define('ap-learnable-params', ApLearnableParams);

declare global {
  interface HTMLElementTagNameMap {
    'ap-learnable-params': ApLearnableParams;
  }
}
