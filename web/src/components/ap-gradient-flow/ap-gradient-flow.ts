// <ap-gradient-flow>: per-layer gradient norms over training, the same deep network trained twice
// (same data, seed and initialisation scheme) with two activations, sigmoid and ReLU by default.
// Backpropagation multiplies by f'(z) at every layer, dL/dz_l = (W_{l+1}ᵀ dL/dz_{l+1}) ⊙ f'(z_l);
// sigmoid' ≤ 1/4, so in a sigmoid network the norm falls roughly geometrically towards the input,
// while ReLU' = 1 on the active units keeps it level. The norms (‖∂L/∂W_l‖ and ‖∂L/∂b_l‖ together)
// come from the engine after every optimizer step; the chart plots their RMS over each epoch's steps
// (single steps jump by orders of magnitude and hide the trend), one named line per layer, and states
// the first-to-last-layer ratio of the last epoch.
import { html, type TemplateResult } from 'lit';

import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { activationsAttr, choiceAttr, intAttr, numberAttr } from '../lesson-kit/attrs.js';
import { depthColour, drawAxes, drawPolyline, makeFrame, prepareCanvas } from '../lesson-kit/plot2d.js';
import { DATASETS, type DatasetName, Session, fmt, splitDataset } from '../lesson-kit/session.js';
import { TrainingLesson } from '../lesson-kit/training-lesson.js';

const MAX_EPOCHS = 200;

interface Run {
  activation: string;
  session: Session;
  /** history[layer][k]: the RMS over epoch k + 1's steps of layer `layer`'s gradient norm. */
  history: number[][];
}

export class ApGradientFlow extends TrainingLesson {
  // ---------------- Class Properties ----------------
  static lessonAttributes = ['activations', 'depth', 'units', 'dataset', 'seed', 'learning-rate', 'autoplay'];

  private runs: Run[] = [];
  private depth = 8;

  // ---------------- Custom Methods ----------------
  protected configure(engine: Engine): void {
    const a = (n: string) => this.getAttribute(n);
    const acts = activationsAttr('activations', a('activations'), ['sigmoid', 'relu'], engine.activations.map((e) => e.name), 1, 3);
    this.depth = intAttr('depth', a('depth'), 8, 1, 16);
    const units = intAttr('units', a('units'), 8, 1, 32);
    const dataset: DatasetName = choiceAttr('dataset', a('dataset'), 'circle', DATASETS);
    const seed = intAttr('seed', a('seed'), 1, 0, 2 ** 31 - 1);
    const lr = numberAttr('learning-rate', a('learning-rate'), 0.1, 1e-5, 10);
    const { train, test } = splitDataset(engine, dataset, 200, 0.05, seed);
    this.runs = acts.map((activation) => ({
      activation,
      session: new Session(engine, {
        features: ['x1', 'x2'],
        layers: Array.from({ length: this.depth }, () => ({ units, activation })),
        output: { units: 1, activation: 'sigmoid' },
        loss: 'bce',
        optimizer: { name: 'sgd', learningRate: lr },
        seed,
      }, train, test),
      history: Array.from({ length: this.depth + 1 }, () => []),
    }));
    this.setSessions(this.runs.map((r) => r.session));
  }

  protected trainStep(): boolean {
    for (const r of this.runs) {
      const sq = new Float64Array(r.history.length);
      let steps = 0;
      r.session.fitSteps(() => {
        r.session.net.gradientNorms().forEach((v: number, l: number) => { if (l < sq.length) sq[l] += v * v; });
        steps++;
      });
      sq.forEach((s, l) => r.history[l].push(Math.sqrt(s / steps)));
      r.session.evaluate();
    }
    return this.runs[0].session.epoch < MAX_EPOCHS;
  }

  protected draw(): void {
    if (!this.runs.length) return;
    const p = this.palette();
    const w = Math.max(220, Math.min(420, Math.floor(((this.width || 640) - 12 * (this.runs.length - 1)) / this.runs.length)));
    const h = Math.round(w * 0.75);
    // One shared log scale, so the two runs compare at a glance.
    let lo = Infinity, hi = -Infinity;
    for (const r of this.runs) for (const series of r.history) for (const v of series) if (v > 0 && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (!(lo < hi)) { lo = 1e-6; hi = 1; }
    const yDomain: [number, number] = [Math.max(lo / 2, 1e-12), hi * 2];
    const epochs = Math.max(10, ...this.runs.map((r) => r.history[0].length));
    this.runs.forEach((r, k) => {
      const canvas = this.canvas(`norms-${k}`);
      if (!canvas) return;
      const f = makeFrame(prepareCanvas(canvas, w, h), w, h, { xDomain: [1, epochs], yDomain, logY: true, margin: { left: 46, right: 14, top: 8, bottom: 22 } });
      drawAxes(f, p, { x: t('lessons.epoch') }, 4);
      r.history.forEach((series, l) => {
        const xs = series.map((_, i) => i + 1);
        drawPolyline(f, xs, series, depthColour(l, r.history.length, p), 1.6);
      });
    });
  }

  private layerName(l: number): string {
    return l === this.depth ? t('lessons.gradients.output') : t('lessons.gradients.layer', { i: l + 1 });
  }

  /** First layer's over the output layer's RMS gradient norm in the last epoch (NaN before training). */
  private ratio(r: Run): number {
    return (r.history[0].at(-1) ?? NaN) / (r.history[this.depth].at(-1) ?? NaN);
  }

  // ---------------- Templates and Styles ----------------
  protected renderLesson(): TemplateResult {
    return html`
      <div class="row">
        ${this.runs.map((r, k) => html`<figure>
          <canvas id=${`norms-${k}`} role="img" aria-label=${`${r.activation}: ${t('lessons.gradients.norm')}`}></canvas>
          <ul class="legend" aria-label=${t('lessons.gradients.legend')}>${r.history.map((_, l) => html`<li data-layer=${l}>
            <span class="swatch" style="background:${depthColour(l, r.history.length, this.palette())}"></span>${this.layerName(l)}</li>`)}</ul>
          <figcaption><b>${r.activation}</b> · ${t('lessons.gradients.norm')} · ${t('lessons.status', {
            epoch: r.session.epoch, loss: fmt(r.session.loss), acc: fmt(r.session.testAccuracy, 2) })}
            <span class="ratio" data-value=${String(this.ratio(r))}>${t('lessons.gradients.ratio', {
              ratio: Number.isFinite(this.ratio(r)) ? this.ratio(r).toPrecision(3) : '—' })}</span></figcaption>
        </figure>`)}
      </div>
      <div class="controls">
        ${this.trainButtons()}
      </div>`;
  }
}

if (!customElements.get('ap-gradient-flow')) customElements.define('ap-gradient-flow', ApGradientFlow);

declare global {
  interface HTMLElementTagNameMap {
    'ap-gradient-flow': ApGradientFlow;
  }
}
