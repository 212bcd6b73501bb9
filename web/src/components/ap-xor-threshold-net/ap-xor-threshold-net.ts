// <ap-xor-threshold-net>: XOR computed by a hand-built network of step (threshold) units, the classic
// proof that one hidden layer of nonlinear units does what a single line cannot:
//   h1 = step(a11·x1 + a12·x2 − θ1)         (default a1 = (1, 1), θ1 = 0.5: "either input on", OR)
//   h2 = step(a21·x1 + a22·x2 − θ2)         (default a2 = (1, 1), θ2 = 1.5: "both inputs on", AND)
//   y  = step(b1·h1 + b2·h2 − θy)           (default b = (1, −2), θy = 0.5: OR unless AND vetoes)
// step(z) = 1 if z > 0 else 0 (strict). It is a real engine network (2-2-1, step hidden and output
// units): the weights go in with setWeights (a threshold θ is the bias −θ), the truth table and the
// region plot come from predict and layerOutputs. The weights and thresholds are editable; the table
// and the plot follow. Then "swap step for sigmoid": a 2-3-1
// sigmoid network trained by the engine on the same four points finds its own weights (three hidden
// units rather than two: with two, Adam lands in a local minimum for about half of the seeds).
import { html, type TemplateResult } from 'lit';

import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { choiceAttr, intAttr, numberAttr, numberListAttr } from '../lesson-kit/attrs.js';
import { LessonElement } from '../lesson-kit/lesson-element.js';
import { drawAxes, drawField, drawLine, drawPoints, makeFrame, prepareCanvas } from '../lesson-kit/plot2d.js';
import { gridPoints } from '../lesson-kit/session.js';
import { TrainLoop } from '../lesson-kit/train-loop.js';

type Net = ReturnType<Engine['network']>;
type EditKey = 'hw0' | 'hw1' | 'hw2' | 'hw3' | 'ht0' | 'ht1' | 'ow0' | 'ow1' | 'ot';

/** The four XOR inputs (row-major x1, x2) and their targets. */
const CORNERS = Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1);
const TARGETS = Float32Array.of(0, 1, 1, 0);
const GRID = 96;
const DOMAIN: [number, number] = [-0.5, 1.5];

export class ApXorThresholdNet extends LessonElement {
  // ---------------- Class Properties ----------------
  static lessonAttributes = ['hidden-weights', 'hidden-thresholds', 'output-weights', 'output-threshold', 'mode', 'seed'];

  /** Hidden weights, row-major: h1 from x1, x2, then h2 from x1, x2. */
  private hw = [1, 1, 1, 1];
  /** Thresholds of h1 and h2. */
  private ht = [0.5, 1.5];
  /** Output weights from h1 and h2. */
  private ow = [1, -2];
  private ot = 0.5;
  private mode: 'step' | 'sigmoid' = 'step';
  private seed = 1;
  private net: Net | null = null;
  /** The step network (built once per engine; its weights follow the edits). */
  private stepNet: Net | null = null;
  private epoch = 0;
  private loss = NaN;
  private loop: TrainLoop | null = null;
  /** Rows of the truth table: x1, x2, hidden output(s), network output. */
  private table: { x1: number; x2: number; h: number[]; y: number }[] = [];

  // ---------------- Lifecycle Methods ----------------
  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.disposeNet();
    this.stepNet?.dispose();
    this.stepNet = null;
  }

  // ---------------- Custom Methods ----------------
  protected configure(engine: Engine, attributesChanged: boolean): void {
    if (attributesChanged || this.table.length === 0) {
      const a = (n: string) => this.getAttribute(n);
      this.hw = numberListAttr('hidden-weights', a('hidden-weights'), [1, 1, 1, 1], 4, 4, -10, 10);
      this.ht = numberListAttr('hidden-thresholds', a('hidden-thresholds'), [0.5, 1.5], 2, 2, -10, 10);
      this.ow = numberListAttr('output-weights', a('output-weights'), [1, -2], 2, 2, -10, 10);
      this.ot = numberAttr('output-threshold', a('output-threshold'), 0.5, -10, 10);
      this.mode = choiceAttr('mode', a('mode'), 'step', ['step', 'sigmoid'] as const);
      this.seed = intAttr('seed', a('seed'), 1, 0, 2 ** 31 - 1);
    }
    if (this.stepNet?.disposed !== false || this.stepEngine !== engine) this.buildStepNet(engine);
    if (this.mode === 'sigmoid') this.buildSigmoidNet(engine);
    else this.disposeNet();
    this.computeTable();
  }

  protected stop(): void {
    this.loop?.stop();
  }

  private stepEngine: Engine | null = null;

  /** The 2-2-1 step network in the engine (weights set by {@link setStepWeights}). */
  private buildStepNet(engine: Engine): void {
    this.stepNet?.dispose();
    this.stepNet = engine.network({
      features: ['x1', 'x2'],
      layers: [{ units: 2, activation: 'step' }],
      output: { units: 1, activation: 'step' },
      loss: 'mse',
    });
    this.stepEngine = engine;
  }

  /** The edited weights into the engine network: a unit fires when w·in > θ, so its bias is −θ. */
  private setStepWeights(): void {
    this.stepNet!.setWeights([
      { weights: this.hw, biases: [-this.ht[0], -this.ht[1]] },
      { weights: this.ow, biases: [-this.ot] },
    ]);
  }

  /** The step network on the four corners: each hidden unit's output and the network's, all 0/1. */
  private evalStep(): { h: Float32Array; y: Float32Array } {
    this.setStepWeights();
    return { h: this.stepNet!.layerOutputs(0, CORNERS), y: this.stepNet!.predict(CORNERS) };
  }

  private buildSigmoidNet(engine: Engine): void {
    this.disposeNet();
    this.net = engine.network({
      features: ['x1', 'x2'],
      layers: [{ units: 3, activation: 'sigmoid' }],
      output: { units: 1, activation: 'sigmoid' },
      loss: 'bce',
      optimizer: { name: 'adam', learningRate: 0.05 },
      init: 'xavier',
      seed: this.seed,
    });
    this.epoch = 0;
    this.loss = this.net.evaluate(CORNERS, TARGETS).loss;
  }

  private disposeNet(): void {
    this.loop?.stop();
    this.net?.dispose();
    this.net = null;
  }

  private computeTable(): void {
    if (this.mode === 'step' || !this.net) {
      const { h, y } = this.evalStep();
      this.table = [0, 1, 2, 3].map((i) => ({ x1: CORNERS[2 * i], x2: CORNERS[2 * i + 1], h: [h[2 * i], h[2 * i + 1]], y: y[i] }));
    } else {
      const p = this.net.predict(CORNERS);
      this.table = [0, 1, 2, 3].map((i) => ({ x1: CORNERS[2 * i], x2: CORNERS[2 * i + 1], h: [], y: p[i] }));
    }
  }

  private train(): void {
    if (!this.net) return;
    if (this.loop?.isRunning) { this.loop.stop(); this.requestUpdate(); return; }
    const net = this.net;
    this.loop = new TrainLoop({
      step: () => {
        const r = net.fit(CORNERS, TARGETS, { epochs: 20, batchSize: 4, shuffle: false });
        this.epoch += 20;
        this.loss = r.loss;
        return this.epoch < 4000 && r.loss > 0.01;
      },
      frame: () => { this.computeTable(); this.requestUpdate(); },
      onError: (e) => this.guard(() => { throw e; }),
    });
    this.loop.start();
    this.requestUpdate();
  }

  protected draw(): void {
    const canvas = this.canvas('region');
    if (!canvas) return;
    const size = Math.max(180, Math.min(320, (this.width || 640) - 20));
    const ctx = prepareCanvas(canvas, size, size);
    const f = makeFrame(ctx, size, size, { xDomain: DOMAIN, yDomain: DOMAIN });
    const p = this.palette();
    const grid = gridPoints(DOMAIN[0], DOMAIN[1], GRID);
    const out = this.mode === 'sigmoid' && this.net ? this.net.predict(grid) : this.stepNet!.predict(grid);
    drawAxes(f, p, { x: 'x1', y: 'x2' });
    drawField(f, out, GRID, GRID, p, this.mode === 'step');
    if (this.mode === 'step') {
      // The hidden units' threshold lines a·x = θ: where h1 and h2 switch.
      drawLine(f, this.hw[0], this.hw[1], -this.ht[0], p.muted, 1.5, [2, 3]);
      drawLine(f, this.hw[2], this.hw[3], -this.ht[1], p.fg, 1.5, [5, 4]);
    }
    drawPoints(f, CORNERS, TARGETS, p, 7);
  }

  // ---------------- Event Handlers ----------------
  private edit(which: EditKey, e: Event): void {
    const v = Number((e.target as HTMLInputElement).value);
    if (!Number.isFinite(v)) return;
    const k = Number(which.slice(2));
    if (which.startsWith('hw')) this.hw[k] = v; else if (which.startsWith('ht')) this.ht[k] = v;
    else if (which.startsWith('ow')) this.ow[k] = v; else this.ot = v;
    this.guard(() => this.computeTable());
    this.requestUpdate();
  }

  private swap(): void {
    this.guard(() => {
      this.mode = this.mode === 'step' ? 'sigmoid' : 'step';
      if (this.mode === 'sigmoid') this.buildSigmoidNet(this.engine!); else this.disposeNet();
      this.computeTable();
    });
    this.requestUpdate();
  }

  private reset(): void {
    this.guard(() => { this.buildSigmoidNet(this.engine!); this.computeTable(); });
    this.requestUpdate();
  }

  // ---------------- Templates and Styles ----------------
  private num(which: EditKey, value: number, label: string): TemplateResult {
    return html`<input type="number" step="0.5" .value=${String(value)} aria-label=${label} data-edit=${which}
      @input=${(e: Event) => this.edit(which, e)}>`;
  }

  protected renderLesson(): TemplateResult {
    const step = this.mode === 'step';
    const running = this.loop?.isRunning ?? false;
    return html`
      <div class="row">
        <figure>
          <canvas id="region" role="img" aria-label=${t('lessons.xor.regionLabel')}></canvas>
          <figcaption>${step ? t('lessons.xor.regionStep') : t('lessons.xor.regionSigmoid')}</figcaption>
        </figure>
        <div>
          ${step ? html`
            ${[0, 1].map((u) => html`<p class="mono">h${u + 1} = step(${
              this.num(`hw${2 * u}` as EditKey, this.hw[2 * u], t('lessons.xor.w', { from: 'x1', to: `h${u + 1}` }))}·x1 +
              ${this.num(`hw${2 * u + 1}` as EditKey, this.hw[2 * u + 1], t('lessons.xor.w', { from: 'x2', to: `h${u + 1}` }))}·x2 −
              ${this.num(`ht${u}` as EditKey, this.ht[u], t('lessons.xor.threshold', { unit: `h${u + 1}` }))})</p>`)}
            <p class="mono">y = step(${this.num('ow0', this.ow[0], t('lessons.xor.w', { from: 'h1', to: 'y' }))}·h1 +
              ${this.num('ow1', this.ow[1], t('lessons.xor.w', { from: 'h2', to: 'y' }))}·h2 −
              ${this.num('ot', this.ot, t('lessons.xor.threshold', { unit: 'y' }))})</p>`
          : html`<p class="mono">h = σ(W₁x + b₁),  y = σ(w₂·h + b₂)</p>
            <p class="caption" role="status">${t('lessons.xor.trainStatus', { epoch: this.epoch, loss: this.loss.toFixed(4) })}</p>`}
          <table aria-label=${t('lessons.xor.tableLabel')}>
            <thead><tr><th>x1</th><th>x2</th>${step ? html`<th>h1</th><th>h2</th>` : ''}<th>y</th><th>${t('lessons.xor.target')}</th></tr></thead>
            <tbody>${this.table.map((r, i) => html`<tr>
              <td>${r.x1}</td><td>${r.x2}</td>${step ? html`<td data-h1=${r.h[0]}>${r.h[0]}</td><td data-h2=${r.h[1]}>${r.h[1]}</td>` : ''}
              <td data-y=${step ? String(r.y) : String(Math.round(r.y))}>${step ? r.y : `${r.y.toFixed(3)} → ${Math.round(r.y)}`}</td>
              <td>${TARGETS[i]}</td></tr>`)}</tbody>
          </table>
          <div class="controls">
            <button id="swap" @click=${this.swap}>${step ? t('lessons.xor.swap') : t('lessons.xor.back')}</button>${this.pngButton()}
            ${step ? '' : html`
              <button id="train" @click=${this.train}>${running ? t('lessons.pause') : t('lessons.train')}</button>
              <button id="reset" @click=${this.reset}>${t('lessons.reset')}</button>`}
          </div>
        </div>
      </div>`;
  }
}

if (!customElements.get('ap-xor-threshold-net')) customElements.define('ap-xor-threshold-net', ApXorThresholdNet);

declare global {
  interface HTMLElementTagNameMap {
    'ap-xor-threshold-net': ApXorThresholdNet;
  }
}
